// npm run audit:seed -- --store sqlite:<new file> --events <N> [--concurrency 64]
//
// Writes synthetic clients (services/audit/src/seeding) into a new store until it holds at
// least N events (about 5% more), for measuring the audit over a large store (the issue asks
// for a verify of at least 1 000 000 events). Progress on stderr every second; the total and
// the rate at the end. Refuses a store that already holds events: a measurement starts from a known store.
import { parseArgs } from 'node:util';
import { openEventStore } from '@continuum/event-store';
import { EVENTS_PER_CLIENT, writeSyntheticHistory } from '@continuum/audit/seeding/synthetic-history.js';
import { EVENT_STORES } from '../adapters.js';

const USAGE = 'usage: npm run audit:seed -- --store sqlite:<new file> --events <N> [--concurrency <clients at once>]';

function fail(message: string): never {
  process.stderr.write(`audit:seed: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = parseArgs({ options: { store: { type: 'string' }, events: { type: 'string' }, concurrency: { type: 'string' } } });
if (!values.store) fail('name the store to write with --store, e.g. sqlite:./data/audit-1m.db');
const target = Number(values.events);
if (!Number.isInteger(target) || target < 1) fail(`--events takes a whole number of at least 1 (got ${values.events ?? 'nothing'})`);
const concurrency = values.concurrency === undefined ? 64 : Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1) fail(`--concurrency takes a whole number of at least 1 (got ${values.concurrency})`);

const store = await openEventStore(values.store, EVENT_STORES);
try {
  if ((await store.headPosition()) > 0) fail(`${values.store} already holds events: seed a new file`);
  const clients = Math.max(1, Math.ceil(target / EVENTS_PER_CLIENT));
  const started = performance.now();
  let lastProgress = started;
  let written = 0;
  await writeSyntheticHistory(store, {
    to: clients,
    concurrency,
    onClientWritten: (_client, events) => {
      written += events;
      const now = performance.now();
      if (now - lastProgress >= 1000) {
        lastProgress = now;
        process.stderr.write(`${written} events written (${Math.floor((written * 100) / target)}%), ${Math.round((written * 1000) / (now - started))} events/s\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`wrote ${written} events for ${clients} synthetic clients into ${values.store} in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} events/s); head position ${await store.headPosition()}\n`);
} finally {
  await store.close();
}
