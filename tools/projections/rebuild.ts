// npm run projections:rebuild -- <service> [<projection>]
//
// Rebuilds a service's projections from position zero into a new generation, printing a
// progress line every second, then switches the service over. The service may keep running:
// it answers from the old generation meanwhile, re-reads its checkpoints every second, and
// moves to the new one once it is switched; the old one is dropped a few seconds later.
// A rebuild that is stopped (Ctrl-C, a crash) resumes where it was on the next run.
//
// Opens the stores from the variables the service reads: EVENT_STORE_URL (default
// sqlite:./data/events.db) and READ_STORE_URL, else MONGODB_URI, else sqlite:./data/<service>/read.db.
import { existsSync } from 'node:fs';
import { openEventStore, parseEventStoreUrl } from '@continuum/event-store';
import { type Projection, openReadStore, rebuildProjections, readStoreUrlFrom } from '@continuum/read-store';
import { aftercareProjections } from '@continuum/aftercare/projections/aftercare-projections.js';
import { dualDiagnosisProjections } from '@continuum/dual-diagnosis/projections/dual-diagnosis-projections.js';
import { intakeProjections } from '@continuum/intake/projections/intake-projections.js';
import { treatmentPlanProjections } from '@continuum/treatment-plan/projections/treatment-plan-projections.js';
import { EVENT_STORES, READ_STORES } from '../adapters.js';
import { commandLine, fail, usageError } from '../cli/command-line.js';

const SERVICES: Record<string, readonly Projection[]> = {
  intake: intakeProjections,
  'treatment-plan': treatmentPlanProjections,
  'dual-diagnosis': dualDiagnosisProjections,
  aftercare: aftercareProjections,
};

const cli = commandLine({
  name: 'projections:rebuild',
  usage: `usage: npm run projections:rebuild -- <service> [<projection>]

Rebuilds a service's projections (or one of them) from position zero into a new generation,
then switches the service over; the service may keep running. Ctrl-C stops after the current
event; the next run resumes.

services and their projections:
${Object.entries(SERVICES)
  .map(([name, projections]) => `  ${name}: ${projections.map((p) => p.name).join(', ')}`)
  .join('\n')}
options:
  -h, --help   this text
environment: EVENT_STORE_URL (default sqlite:./data/events.db); READ_STORE_URL, else MONGODB_URI,
             else sqlite:<DATA_DIR>/<service>/read.db (DATA_DIR default ./data)`,
  maxPositionals: 2,
});

async function main(): Promise<void> {
  const [service, only] = cli.parse().positionals;
  if (!service) usageError(`name the service whose projections to rebuild: ${Object.keys(SERVICES).join(', ')}`);
  const projections = SERVICES[service];
  if (!projections) usageError(`there is no service "${service}": use ${Object.keys(SERVICES).join(', ')}`);
  const chosen = only ? projections.filter((projection) => projection.name === only) : projections;
  if (chosen.length === 0)
    usageError(`service ${service} has no projection "${only}": it has ${projections.map((p) => p.name).join(', ')}`);

  const eventStoreUrl = process.env.EVENT_STORE_URL?.trim() || 'sqlite:./data/events.db';
  let location;
  try {
    location = parseEventStoreUrl(eventStoreUrl);
  } catch (error) {
    usageError((error as Error).message);
  }
  // Opening a SQLite path creates the file: a rebuild from a store that is not there would build nothing, and leave an empty store behind.
  if (location.adapter === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path)) {
    fail(`there is no event store at ${location.path}: set EVENT_STORE_URL to the services' store`);
  }
  const eventStore = await openEventStore(eventStoreUrl, EVENT_STORES, { isShortLived: true });
  const readStore = await openReadStore(readStoreUrlFrom(process.env, service), READ_STORES);
  const stopping = new AbortController();
  process.once('SIGINT', () => {
    process.stdout.write('stopping after the current event; run the command again to resume\n');
    stopping.abort();
  });

  try {
    // One pass over the log feeds every chosen projection; each switches once it has caught up.
    const results = await rebuildProjections({
      eventStore,
      readStore,
      projections: chosen,
      signal: stopping.signal,
      onProgress: (line) => process.stdout.write(`${line}\n`),
    });
    for (const result of results)
      process.stdout.write(
        result.isComplete
          ? `${result.projection}: generation ${result.generation} is active (${result.eventsApplied} events in ${(result.elapsedMs / 1000).toFixed(1)} s, ${Math.round(result.eventsPerSecond)} events/s)` +
              `${result.previousGeneration ? `; generation ${result.previousGeneration} dropped` : ''}\n`
          : `${result.projection}: stopped at position ${result.position ?? 0}; generation ${result.generation} is not active yet\n`,
      );
  } finally {
    await readStore.close();
    await eventStore.close();
  }
}

await cli.run(main);
