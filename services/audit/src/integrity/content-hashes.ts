// The expensive half of the integrity check, on every core: each event parsed and hashed again
// (content-hash-worker.ts), over ranges of positions of a SQLite store, one worker thread per
// range, while the calling thread checks the global order and the links of every chain from
// the ids and hashes alone (verify-store.ts). A worker that cannot start (no build of it: the
// sources run under a test runner) leaves its range to this thread, with the same results.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { EVENT_COLUMNS, recordedEventOf } from '@continuum/event-store';
import { type EventRow } from '@continuum/event-store-sqlite';
import { type IntegrityFinding } from './integrity-finding.js';
import { contentFinding } from './store-verifier.js';

export type ContentHashJob = { file: string; from: number; to: number; maxFindings: number };
export type ContentHashResult = { findings: IntegrityFinding[]; total: number; events: number };

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './content-hash-worker.ts' : './content-hash-worker.js', import.meta.url);

/** Every event of `file` up to `headPosition` hashed again, on `threads` worker threads. */
export async function checkContentInParallel(
  file: string,
  headPosition: number,
  { threads = availableParallelism(), maxFindings }: { threads?: number; maxFindings: number },
): Promise<ContentHashResult> {
  const ranges = Math.max(1, Math.min(threads, headPosition));
  const size = Math.ceil(headPosition / ranges);
  const jobs: ContentHashJob[] = Array.from({ length: ranges }, (_, i) => ({
    file,
    from: i * size + 1,
    to: Math.min(headPosition, (i + 1) * size),
    maxFindings,
  }));
  const results = await Promise.all(jobs.map((job) => onWorker(job).catch(() => hashRange(job))));
  return {
    findings: results.flatMap((result) => result.findings),
    total: results.reduce((sum, result) => sum + result.total, 0),
    events: results.reduce((sum, result) => sum + result.events, 0),
  };
}

function onWorker(job: ContentHashJob): Promise<ContentHashResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the verify worker for positions ${job.from}–${job.to} exited with ${code}`)));
  });
}

/** The events of one range read straight from the file, each parsed and hashed as the store hashed it when it was appended. */
export function hashRange({ file, from, to, maxFindings }: ContentHashJob): ContentHashResult {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const result: ContentHashResult = { findings: [], total: 0, events: 0 };
  try {
    const rows = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`).iterate(from, to);
    for (const row of rows as Iterable<EventRow>) {
      result.events += 1;
      const finding = contentFinding(recordedEventOf(row));
      if (!finding) continue;
      result.total += 1;
      if (result.findings.length < maxFindings) result.findings.push(finding);
    }
  } finally {
    db.close();
  }
  return result;
}
