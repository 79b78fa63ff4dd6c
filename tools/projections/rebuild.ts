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
import { openEventStore } from '@continuum/event-store';
import { type Projection, openReadStore, rebuildProjection, readStoreUrlFrom } from '@continuum/read-store';
import { aftercareProjections } from '@continuum/aftercare/projections/aftercare-projections.js';
import { dualDiagnosisProjections } from '@continuum/dual-diagnosis/projections/dual-diagnosis-projections.js';
import { intakeProjections } from '@continuum/intake/projections/intake-projections.js';
import { treatmentPlanProjections } from '@continuum/treatment-plan/projections/treatment-plan-projections.js';
import { EVENT_STORES, READ_STORES } from '../adapters.js';

const SERVICES: Record<string, readonly Projection[]> = { intake: intakeProjections, 'treatment-plan': treatmentPlanProjections, 'dual-diagnosis': dualDiagnosisProjections, aftercare: aftercareProjections };

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run projections:rebuild -- <service> [<projection>]\nservices: ${Object.entries(SERVICES).map(([name, projections]) => `${name} (${projections.map((p) => p.name).join(', ')})`).join('; ')}\n`);
  process.exit(2);
}

const [service, only] = process.argv.slice(2);
if (!service) usage('name the service whose projections to rebuild');
const projections = SERVICES[service];
if (!projections) usage(`there is no service "${service}"`);
const chosen = only ? projections.filter((projection) => projection.name === only) : projections;
if (chosen.length === 0) usage(`service ${service} has no projection "${only}"`);

const eventStore = await openEventStore(process.env.EVENT_STORE_URL?.trim() || 'sqlite:./data/events.db', EVENT_STORES);
const readStore = await openReadStore(readStoreUrlFrom(process.env, service), READ_STORES);
const stopping = new AbortController();
process.once('SIGINT', () => {
  process.stdout.write('stopping after the current event; run the command again to resume\n');
  stopping.abort();
});

try {
  for (const projection of chosen) {
    const result = await rebuildProjection({
      eventStore,
      readStore,
      projection,
      signal: stopping.signal,
      onProgress: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(
      result.isComplete
        ? `${projection.name}: generation ${result.generation} is active (${result.eventsApplied} events in ${(result.elapsedMs / 1000).toFixed(1)} s, ${Math.round(result.eventsPerSecond)} events/s)` +
            `${result.previousGeneration ? `; generation ${result.previousGeneration} dropped` : ''}\n`
        : `${projection.name}: stopped at position ${result.position ?? 0}; generation ${result.generation} is not active yet\n`,
    );
    if (!result.isComplete) break;
  }
} finally {
  await readStore.close();
  await eventStore.close();
}
