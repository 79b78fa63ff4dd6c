import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Jest runs spec files in parallel workers. Journeys over the shared Kafka broker start
// services with their real consumer groups (`treatment-plan`, `dual-diagnosis`, …): two such
// files at once would join the same groups, split the partitions between them, and each
// would miss half its messages. They take turns through this machine-wide lock instead.
// A lock whose holder died (crashed worker, killed run) is taken over, never waited out.

export type ExclusiveOptions = { timeoutMs?: number; pollMs?: number };

/** Waits until no other process holds `name`, takes it, and returns the release function. */
export async function holdExclusive(name: string, { timeoutMs = 10 * 60_000, pollMs = 250 }: ExclusiveOptions = {}): Promise<() => void> {
  const folder = path.join(tmpdir(), `continuum-exclusive-${name}`);
  const owner = path.join(folder, 'pid');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(folder);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(folder, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!holderIsAlive(folder, owner)) {
      rmSync(folder, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `waited ${timeoutMs} ms for the '${name}' lock held by process ${readHolder(owner)}; remove ${folder} if that process is gone`,
      );
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function readHolder(owner: string): number | undefined {
  try {
    const pid = Number(readFileSync(owner, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function holderIsAlive(folder: string, owner: string): boolean {
  const pid = readHolder(owner);
  // No pid file yet: its taker is between two calls, or died there (then the folder ages).
  if (pid === undefined) return ageMs(folder) < 5_000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(folder: string): number {
  try {
    return Date.now() - statSync(folder).mtimeMs;
  } catch {
    return 0;
  }
}
