// npm run bench:verify — how fast the audit's integrity check (`npm run audit -- verify`) reads
// a store, beside a single-thread baseline measured in the same run on the same file: every row
// scanned in global order, its data and metadata JSON-parsed, and a SHA-256 of each (the least a
// check of every event's hash must do). Target: verify >= 1.2x the baseline, which one thread
// cannot reach (docs/architecture/write-path.md#verifying-the-store).
//
//   npm run audit:seed -- --store sqlite:/tmp/audit-1m.db --events 1000000
//   npm run bench:verify -- --store sqlite:/tmp/audit-1m.db
//   npm run bench:verify -- --events 200000      # seeds a temporary store first
//
// Prints figures and the peak resident memory; not a test.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEventStore } from '@continuum/event-store';
import { openEventStoreDatabase } from '@continuum/event-store-sqlite';
import { positionFactsOf } from '@continuum/audit/integrity/store-positions.js';
import { verifyStore } from '@continuum/audit/integrity/verify-store.js';
import { EVENTS_PER_CLIENT, writeSyntheticHistory } from '@continuum/audit/seeding/synthetic-history.js';
import { EVENT_STORES } from '../adapters.js';
import { commandLine, fail, sqliteStoreFile, wholeNumber } from '../cli/command-line.js';

const cli = commandLine({
  name: 'bench:verify',
  usage: `usage: npm run bench:verify [-- --store sqlite:<file> | --events <N>]

Runs the audit's integrity check over a SQLite event store and, in the same run on the same
file, a single-thread baseline (scan + JSON parse + SHA-256 of every row): events per second
of each, their ratio (target >= 1.2x) and the peak resident memory. Prints figures; not a test.

options:
  --store <url>   an existing store, e.g. one written by npm run audit:seed
  --events <N>    without --store: seed a temporary store with about N events first (default 200000)
  -h, --help      this text`,
  options: { store: { type: 'string' }, events: { type: 'string' } },
  maxPositionals: 0,
});

/** One thread, the least a check of every event's hash does. */
function baseline(file: string): { events: number; perSecond: number } {
  const db = openEventStoreDatabase(file, 5000);
  try {
    const started = performance.now();
    let events = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      createHash('sha256').update(row.data).update(row.metadata).digest('hex');
      events += 1;
    }
    return { events, perSecond: (events * 1000) / (performance.now() - started) };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const { values } = cli.parse();
  let url = values.store;
  let folder: string | undefined;
  if (url === undefined) {
    const target = wholeNumber(values.events, '--events', { fallback: 200_000 });
    folder = mkdtempSync(path.join(tmpdir(), 'verify-bench-'));
    url = `sqlite:${path.join(folder, 'events.db')}`;
    const seeding = await openEventStore(url, EVENT_STORES);
    process.stderr.write(`  … seeding about ${target} events into ${url}\n`);
    await writeSyntheticHistory(seeding, { to: Math.ceil(target / EVENTS_PER_CLIENT), concurrency: 64 });
    await seeding.close();
  }
  const file = sqliteStoreFile(url, 'bench:verify measures a SQLite store file: --store sqlite:<path>');
  if (!existsSync(file)) fail(`there is no event store at ${file}`);
  try {
    const base = baseline(file);
    process.stdout.write(
      `baseline (one thread: scan + JSON parse + SHA-256 of every row): ${base.events} events, ${Math.round(base.perSecond)} events/s\n`,
    );
    const store = await openEventStore(url, EVENT_STORES, { isShortLived: true });
    try {
      const report = await verifyStore(store, positionFactsOf(url));
      process.stdout.write(
        `verify: ${report.eventsChecked} events in ${(report.elapsedMs / 1000).toFixed(1)} s = ${report.eventsPerSecond} events/s, ${(report.eventsPerSecond / base.perSecond).toFixed(2)}x the baseline (target >= 1.2x); ${report.ok ? 'no finding' : `${report.findingsTotal} finding(s)`}\n`,
      );
    } finally {
      await store.close();
    }
    process.stdout.write(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
  } finally {
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}

await cli.run(main);
