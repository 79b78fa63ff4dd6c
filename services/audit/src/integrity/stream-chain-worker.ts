// One thread of the parallel integrity check (stream-chains.ts): one range of streams.
import { parentPort, workerData } from 'node:worker_threads';
import { type StreamRange, type StreamRangeMessage, checkStreamRange } from './stream-chains.js';

let done = 0;
const result = checkStreamRange(workerData as StreamRange, (events) => {
  done += events;
  parentPort!.postMessage({ kind: 'progress', events: done } satisfies StreamRangeMessage);
});
parentPort!.postMessage({ kind: 'done', ...result } satisfies StreamRangeMessage);
