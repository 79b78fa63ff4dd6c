// One thread of the parallel integrity check (content-hashes.ts): one range of positions.
import { parentPort, workerData } from 'node:worker_threads';
import { type ContentHashJob, hashRange } from './content-hashes.js';

parentPort!.postMessage(hashRange(workerData as ContentHashJob));
