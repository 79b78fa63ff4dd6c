// One thread of the parallel integrity check (stream-chains.ts): one share of the streams.
import { parentPort, workerData } from 'node:worker_threads';
import { type StreamShare, type StreamShareMessage, checkStreamShare } from './stream-chains.js';

let done = 0;
const result = checkStreamShare(workerData as StreamShare, (events) => {
  done += events;
  parentPort!.postMessage({ kind: 'progress', events: done } satisfies StreamShareMessage);
});
parentPort!.postMessage({ kind: 'done', ...result } satisfies StreamShareMessage);
