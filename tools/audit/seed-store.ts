// npm run audit:seed -- --store sqlite:<new file> --events <N> [--concurrency 64]
//
// Writes synthetic clients (tools/seeding: every event decided by its service's own decider,
// dated up to now) into a new store until it holds at least N events, for measuring the audit
// and the console over a large store (the issue asks for a verify of at least 1 000 000
// events). Progress on stderr every second; the total and the rate at the end. Refuses a store
// that already holds events: a measurement starts from a known store.
import { openEventStore, parseEventStoreUrl } from '@continuum/event-store';
import { EVENT_STORES } from '../adapters.js';
import { commandLine, usageError, wholeNumber } from '../cli/command-line.js';
import { EVENTS_PER_CLIENT, writeSyntheticClients } from '../seeding/synthetic-clients.js';

const cli = commandLine({
  name: 'audit:seed',
  usage: `usage: npm run audit:seed -- --store sqlite:<new file> --events <N> [--concurrency <clients at once>]

Writes synthetic clients into a new event store until it holds at least N events, to measure
the audit and the console over a large store: each event what its service would have written,
dated up to now, a share of the clients due in each work queue. Refuses a store that already
holds events.

options:
  --store <url>          the store to write, e.g. sqlite:./data/audit-1m.db (required)
  --events <N>           how many events at least (required)
  --concurrency <n>      clients written at once (default 64)
  -h, --help             this text`,
  options: { store: { type: 'string' }, events: { type: 'string' }, concurrency: { type: 'string' } },
  maxPositionals: 0,
});

await cli.run(async () => {
  const { values } = cli.parse();
  if (!values.store) usageError('name the store to write with --store, e.g. sqlite:./data/audit-1m.db');
  if (values.events === undefined) usageError('say how many events to write with --events, e.g. --events 1000000');
  const target = wholeNumber(values.events, '--events', { fallback: 0 });
  const concurrency = wholeNumber(values.concurrency, '--concurrency', { fallback: 64 });
  try {
    parseEventStoreUrl(values.store);
  } catch (error) {
    usageError((error as Error).message);
  }

  const store = await openEventStore(values.store, EVENT_STORES);
  try {
    if ((await store.headPosition()) > 0) usageError(`${values.store} already holds events: seed a new file`);
    const started = performance.now();
    // Every client's history is dated up to this one instant, the seed's clock.
    const seedClock = new Date();
    let lastProgress = started;
    let written = 0;
    let clients = 0;
    /** Every event written, the sites' providers with the clients'. */
    let total = 0;
    // Clients write different numbers of events: write in rounds until the store holds N, the
    // first for half of N at the fewest a client writes, each next one sized by the mean so far.
    while (written < target) {
      const to =
        clients === 0
          ? Math.max(1, Math.ceil(target / 2 / EVENTS_PER_CLIENT))
          : clients + Math.max(1, Math.ceil((target - written) / (written / clients)));
      total += await writeSyntheticClients(store, {
        from: clients,
        to,
        now: seedClock,
        concurrency,
        onClientWritten: (_client, events) => {
          written += events;
          const now = performance.now();
          if (now - lastProgress >= 1000) {
            lastProgress = now;
            process.stderr.write(
              `${written} events written (${Math.floor((written * 100) / target)}%), ${Math.round((written * 1000) / (now - started))} events/s\n`,
            );
          }
        },
      });
      clients = to;
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `wrote ${total} events for ${clients} synthetic clients into ${values.store} in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} events/s); head position ${await store.headPosition()}\n`,
    );
  } finally {
    await store.close();
  }
});
