// The load generator of the HTTP benchmark (http-bench.ts): autocannon, as a library, against
// one service. The service runs in its own process, so the load runs in the benchmark's.
//
// Warm-up and measure are one run on the same connections: the figures count only the requests
// sent after the warm-up. A service that is already saturated takes a crowd of new connections
// one per turn of its event loop (docs/architecture/write-path.md#the-tail-at-64-connections),
// so a measure that opened its own 64 connections would put their first requests, seconds late,
// into every percentile. That cold start is still printed, as its own figure (coldP99).
import autocannon from 'autocannon';

/** One request shape; `[<id>]` in a body becomes a new id in every request. */
export type Target = { path: string; body?: string };

export type Load = {
  origin: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Requests cycle through these, in order, one after another whatever the connection. */
  targets: readonly Target[];
  /** Seconds of warm-up on the same connections, not counted. */
  warmUpSeconds: number;
  seconds: number;
  connections: number;
  /** Called as the warm-up ends and as the measure does (the benchmark reads the service's CPU and memory then). */
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
};

export type Figures = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  total: number;
  non2xx: number;
  errors: number;
  /** The 99th percentile of the requests sent during the warm-up, while the connections opened. */
  coldP99: number;
};

/** Whole milliseconds (as autocannon's own histogram gives them), of latencies sorted ascending. */
const percentile = (sorted: readonly number[], fraction: number) =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!);

export async function runLoad(load: Load): Promise<Figures> {
  let next = 0;
  const startedAt = performance.now();
  const measureFrom = startedAt + load.warmUpSeconds * 1000;
  const measureUntil = measureFrom + load.seconds * 1000;
  const measured: number[] = [];
  const cold: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const instance = autocannon(
    {
      url: load.origin,
      method: load.method,
      headers: load.headers,
      connections: load.connections,
      duration: load.warmUpSeconds + load.seconds,
      idReplacement: load.targets.some((target) => target.body?.includes('[<id>]')),
      requests: [
        {
          method: load.method,
          // Each request takes the next target: a pool of plans or referrals is visited in turn,
          // so that no two requests in flight need the same stream (its revision would conflict).
          setupRequest: (request) => {
            const target = load.targets[next++ % load.targets.length]!;
            return { ...request, path: target.path, ...(target.body !== undefined ? { body: target.body } : {}) };
          },
        },
      ],
    },
    () => undefined,
  );
  // A response counts where its request was sent: answered at `now`, sent `responseTime` earlier.
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    const sentAt = performance.now() - responseTime;
    if (sentAt < measureFrom) return void cold.push(responseTime);
    if (sentAt >= measureUntil) return;
    measured.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) non2xx += 1;
  });
  instance.on('reqError', () => {
    if (performance.now() >= measureFrom) errors += 1;
  });
  const measureStarts = setTimeout(() => load.onMeasureStart?.(), measureFrom - performance.now());
  const measureEnds = setTimeout(() => load.onMeasureEnd?.(), measureUntil - performance.now());
  try {
    await new Promise<void>((resolve, reject) => {
      instance.once('done', () => resolve());
      instance.once('error', reject);
    });
  } finally {
    clearTimeout(measureStarts);
    clearTimeout(measureEnds);
  }
  measured.sort((a, b) => a - b);
  cold.sort((a, b) => a - b);
  return {
    // Completed requests over the seconds measured.
    requestsPerSecond: measured.length / load.seconds,
    p50: percentile(measured, 0.5),
    p99: percentile(measured, 0.99),
    mean: measured.reduce((sum, value) => sum + value, 0) / Math.max(measured.length, 1),
    total: measured.length,
    non2xx,
    errors,
    coldP99: percentile(cold, 0.99),
  };
}
