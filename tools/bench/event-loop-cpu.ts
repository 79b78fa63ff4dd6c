import { readFileSync } from 'node:fs';

/**
 * The CPU time a process's event-loop thread has run, in ms: on Linux the first field of the
 * main thread's schedstat (nanoseconds on a CPU; /proc/<pid>/schedstat is the thread whose id
 * is the process's). Rates swing with whatever else the machine runs; the CPU a request or an
 * append costs the event loop far less. NaN where there is no such file.
 */
export function eventLoopCpuMs(pid: number = process.pid): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}
