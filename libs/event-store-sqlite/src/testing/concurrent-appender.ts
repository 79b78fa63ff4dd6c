// A child process for the multi-process test of the SQLite store: several of these append
// to the same file at once. It prints `ready`, waits for `go` on stdin (so that every
// process writes at the same time), appends, and prints one JSON line saying what it
// wrote, for the parent to check against the file.
//
//   node --import libs/testing/src/ts-loader.mjs concurrent-appender.ts <file> <name> <appends> <shared stream> <contended stream>
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
// Through the library's public entry, as a service would: this also exercises ts-loader's
// resolution of `@continuum/<lib>` in a child process.
import { type ExpectedRevision, type NewEvent, WrongExpectedRevision } from '@continuum/event-store';
import { SqliteEventStore } from '../sqlite-event-store.js';

export type AppenderReport = {
  name: string;
  /** Event ids per stream, in the order this process appended them. */
  appended: Record<string, string[]>;
  conflictsRetried: number;
  idempotentRetries: number;
  startedAt: number;
  finishedAt: number;
};

const WORKERS = 4;

const [path, name, appendsText, sharedStream, contendedStream] = process.argv.slice(2);
const appends = Number(appendsText);

function event(type: string, data: unknown): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      schemaVersion: 1,
      siteId: 'site-north',
      actor: { userId: name, role: 'clinician' },
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

async function main(): Promise<void> {
  const store = await SqliteEventStore.open({ path, pollIntervalMs: 20 });
  const report: AppenderReport = { name, appended: {}, conflictsRetried: 0, idempotentRetries: 0, startedAt: 0, finishedAt: 0 };
  const record = (stream: string, e: NewEvent) => (report.appended[stream] ??= []).push(e.eventId);

  async function worker(index: number, iterations: number): Promise<void> {
    const own = `own-${name}-${index}`;
    let ownRevision: ExpectedRevision = 'no-stream';
    for (let i = 0; i < iterations; i++) {
      switch (i % 4) {
        case 0: {
          const e = event('OwnAppended', { i });
          ownRevision = (await store.appendToStream(own, [e], { expectedRevision: ownRevision })).nextExpectedRevision;
          record(own, e);
          break;
        }
        case 1: {
          const e = event('SharedAppended', { i });
          await store.appendToStream(sharedStream, [e], { expectedRevision: 'any' });
          record(sharedStream, e);
          break;
        }
        case 2: {
          // Read, decide, append with the revision read; on a conflict re-read and try again,
          // as a command handler does.
          const e = event('ContendedAppended', { i });
          for (;;) {
            const [last] = await store.readStream(contendedStream, { direction: 'backwards', maxCount: 1 });
            try {
              await store.appendToStream(contendedStream, [e], { expectedRevision: last ? last.revision : 'no-stream' });
              break;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevision)) throw error;
              report.conflictsRetried += 1;
            }
          }
          record(contendedStream, e);
          break;
        }
        default: {
          // A client that never saw the answer sends the same append again.
          const e = event('OwnAppended', { i, retried: true });
          const first = await store.appendToStream(own, [e], { expectedRevision: ownRevision });
          const again = await store.appendToStream(own, [e], { expectedRevision: ownRevision });
          if (again.position !== first.position || again.nextExpectedRevision !== first.nextExpectedRevision) {
            throw new Error(`retry of ${e.eventId} answered ${JSON.stringify(again)}, the first append ${JSON.stringify(first)}`);
          }
          ownRevision = first.nextExpectedRevision;
          report.idempotentRetries += 1;
          record(own, e);
        }
      }
    }
  }

  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
  report.startedAt = Date.now();
  const perWorker = Math.ceil(appends / WORKERS);
  await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index, Math.min(perWorker, appends - index * perWorker))));
  report.finishedAt = Date.now();
  await store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
