// The load generator of the HTTP benchmark (http-bench.ts): autocannon, as a library, against
// one service. The service runs in its own process, so the load runs in the benchmark's.
import autocannon from 'autocannon';

/** One request shape; `[<id>]` in a body becomes a new id in every request. */
export type Target = { path: string; body?: string };

export type Load = {
  origin: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Requests cycle through these, in order, one after another whatever the connection. */
  targets: readonly Target[];
  seconds: number;
  connections: number;
};

export type Figures = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  total: number;
  non2xx: number;
  errors: number;
};

export async function runLoad(load: Load): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url: load.origin,
    method: load.method,
    headers: load.headers,
    connections: load.connections,
    duration: load.seconds,
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
  });
  return {
    // Completed requests over the seconds measured.
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
