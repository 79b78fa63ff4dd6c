// The load generator of the HTTP benchmark (http-bench.ts), run in a worker thread so the
// server under test has the main thread to itself: autocannon against one URL, its figures
// posted back.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

export type Load = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  seconds: number;
  connections: number;
};
export type Figures = { requestsPerSecond: number; p50: number; p99: number; total: number; non2xx: number; errors: number };

// Outside the main thread autocannon answers its raw histograms, for the caller to aggregate
// (its own `workers` option does the same); @types/autocannon does not declare the function.
const { aggregateResult } = autocannon as unknown as {
  aggregateResult(results: unknown[], options: autocannon.Options): autocannon.Result;
};

const load = workerData as Load;
const options: autocannon.Options = {
  url: load.url,
  method: load.method,
  headers: load.headers,
  body: load.body,
  // Each [<id>] in the body becomes a new id in every request.
  idReplacement: load.body !== undefined,
  connections: load.connections,
  duration: load.seconds,
};
const result = aggregateResult([await autocannon(options)], options);
const figures: Figures = {
  // Completed requests over the seconds measured (the per-second histogram is the main thread's in autocannon's own workers).
  requestsPerSecond: result.requests.total / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
};
parentPort!.postMessage(figures);
