// npm run bench:projections — how fast intake's projections rebuild.
//
// Appends about 100 000 intake events (10 000 clients through referral, registration,
// consent, screenings, assessment, placement and admission, decided by intake's own rules)
// to a temporary SQLite event store, then rebuilds every intake projection from position
// zero into a temporary SQLite read store, printing the progress lines, events per second
// and the peak resident memory. Beside the rate, a single-thread baseline measured in the same
// run on the same file: every row of the events table scanned in order and its data and
// metadata JSON-parsed, nothing else (the least a rebuild must do). Target: the rebuild of
// every projection at >= 0.25x that baseline (docs/architecture/read-side.md#rebuild-speed).
// A program that prints figures, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fold } from '@continuum/decider';
import { type NewEvent } from '@continuum/event-store';
import { SqliteEventStore, openEventStoreDatabase } from '@continuum/event-store-sqlite';
import { rebuildProjection, rebuildProjections } from '@continuum/read-store';
import { SqliteReadStore } from '@continuum/read-store-sqlite';
import {
  exampleAssessmentForIop,
  examplePhq9Of14,
  exampleCssrsNegative,
  exampleTreatmentConsent,
  IOP,
} from '@continuum/intake/api/examples.js';
import {
  type IntakeCommand,
  type IntakeEvent,
  type ScreeningAnswers,
  type ConsentForm,
  type Assessment,
  decide,
  evolve,
  initialState,
} from '@continuum/intake/domain/index.js';
import { intakeProjections } from '@continuum/intake/projections/intake-projections.js';
import { commandLine, sqliteStoreFile, wholeNumber } from '../cli/command-line.js';

const cli = commandLine({
  name: 'bench:projections',
  usage: `usage: npm run bench:projections [-- --events <N>] [--store sqlite:<file>] [--apart]

Appends about N intake events (clients through referral to admission) to a temporary SQLite
event store, then rebuilds every intake projection from position zero into a temporary read
store: progress lines, events per second and the peak resident memory. Prints figures; not a test.

options:
  --events <N>   how many events to append (default BENCH_EVENTS, else 100000)
  --store <url>  the event store to rebuild from, e.g. sqlite:/tmp/1m.db: one that holds events
                 (an npm run audit:seed store, or an earlier run's) is used as it is; a new or
                 empty one gets the N intake events first, and is kept for the next run
  --apart        then, for comparison in the same run, rebuild each projection on its own
                 (one pass over the log per projection, as before they shared one)
  -h, --help     this text`,
  options: { events: { type: 'string' }, store: { type: 'string' }, apart: { type: 'boolean' } },
  maxPositionals: 0,
});

const SITES = ['site-north', 'site-south', 'site-east', 'site-west'];
const NOW = new Date('2026-01-15T09:00:00.000Z');
const APPEND_LANES = 32;

function journey(clientId: string, index: number): IntakeCommand[] {
  const siteId = SITES[index % SITES.length]!;
  const at = (type: IntakeCommand['type'], data: unknown) => ({ type, clientId, data }) as IntakeCommand;
  return [
    at('ReceiveReferral', { referralId: randomUUID(), source: 'self', reasonCode: 'alcohol-use' }),
    at('RegisterClient', {
      siteId,
      person: { givenName: `Given${index}`, familyName: 'Bench', dateOfBirth: '1980-02-02', contact: {} },
      possibleDuplicateOf: [],
    }),
    at('GrantConsent', { ...exampleTreatmentConsent('2026-01-10'), consentId: randomUUID() } as ConsentForm),
    at('RecordScreening', { screeningId: randomUUID(), answers: examplePhq9Of14 as ScreeningAnswers }),
    at('RecordScreening', { screeningId: randomUUID(), answers: exampleCssrsNegative as ScreeningAnswers }),
    at('RecordAssessment', {
      ...(exampleAssessmentForIop as unknown as Assessment),
      assessmentId: randomUUID(),
      clinicianId: 'clinician-1',
    }),
    at('DecidePlacement', { placementId: randomUUID(), level: IOP, clinicianId: 'clinician-1' }),
    at('AdmitClient', { admissionId: randomUUID(), level: IOP, siteId, track: 'evening', startDate: '2026-01-19' }),
  ];
}

function eventsOf(commands: IntakeCommand[]): IntakeEvent[] {
  const events: IntakeEvent[] = [];
  for (const command of commands) events.push(...decide(command, fold(evolve, initialState, events), NOW));
  return events;
}

async function main(): Promise<void> {
  const { values } = cli.parse();
  const fromEnvironment = process.env.BENCH_EVENTS?.trim() || undefined;
  const targetEvents = wholeNumber(
    values.events ?? fromEnvironment,
    values.events === undefined && fromEnvironment ? 'BENCH_EVENTS' : '--events',
    { fallback: 100_000 },
  );
  const eventsFile =
    values.store === undefined ? undefined : sqliteStoreFile(values.store, 'the rebuild reads a SQLite store file: --store sqlite:<path>');
  const folder = mkdtempSync(path.join(tmpdir(), 'projection-bench-'));
  const eventsPath = eventsFile ?? path.join(folder, 'events.db');
  const eventStore = await SqliteEventStore.open({ path: eventsPath });
  const readStore = await SqliteReadStore.open({ path: path.join(folder, 'read.db') });
  try {
    const head = await eventStore.headPosition();
    if (head > 0) console.log(`rebuilding from the ${head} events already in ${eventsPath}`);
    else await appendIntakeEvents(eventStore, targetEvents);

    // Measured before and after the rebuild, and averaged: on a shared machine one short scan
    // can land in a quiet or a busy second.
    const before = scanAndParse(eventsPath);
    console.log(
      `baseline before (one thread: scan + JSON parse of every row): ${before.events} events in ${(before.ms / 1000).toFixed(1)} s = ${Math.round(before.perSecond)} events/s`,
    );

    const rebuildStarted = Date.now();
    const rebuildCpu = process.cpuUsage();
    // Every intake projection in one pass over the log, as `projections:rebuild intake` does.
    const results = await rebuildProjections({
      eventStore,
      readStore,
      projections: intakeProjections,
      dropOldAfterMs: 0,
      onProgress: (line) => console.log(line),
    });
    for (const result of results)
      console.log(
        `${result.projection}: ${result.eventsApplied} events applied (${Math.round(result.eventsPerSecond)} events/s of the pass)`,
      );
    const applied = results.reduce((sum, result) => sum + result.eventsApplied, 0);
    const seconds = (Date.now() - rebuildStarted) / 1000;
    const rebuildCpuSeconds = cpuSecondsSince(rebuildCpu);
    const after = scanAndParse(eventsPath);
    const baseline = { perSecond: (before.perSecond + after.perSecond) / 2, perCpuSecond: (before.perCpuSecond + after.perCpuSecond) / 2 };
    console.log(`baseline after: ${Math.round(after.perSecond)} events/s; mean of the two ${Math.round(baseline.perSecond)} events/s`);
    // The pass reads each event of the log once, as the baseline does: its rate is the log's
    // events over the time of the pass (the sum of what each projection applied is beside it).
    const rate = after.events / seconds;
    console.log(
      `rebuild of every intake projection: ${after.events} events of the log in ${seconds.toFixed(1)} s (${applied} applications) = ${Math.round(rate)} events/s, ${(rate / baseline.perSecond).toFixed(2)}x the baseline of ${Math.round(baseline.perSecond)} events/s (target >= 0.25x)`,
    );
    // Per second of CPU, too: when other work shares the cores, a long rebuild and a short scan
    // get different shares of them, and the CPU each spends per event is what this code decides.
    const perCpuSecond = after.events / rebuildCpuSeconds;
    console.log(
      `per CPU second: rebuild ${Math.round(perCpuSecond)} events, baseline ${Math.round(baseline.perCpuSecond)} events: ${(perCpuSecond / baseline.perCpuSecond).toFixed(2)}x`,
    );
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    if (values.apart) {
      const apartStarted = Date.now();
      for (const projection of intakeProjections) await rebuildProjection({ eventStore, readStore, projection, dropOldAfterMs: 0 });
      const apartRate = after.events / ((Date.now() - apartStarted) / 1000);
      console.log(
        `for comparison, each projection rebuilt on its own (one pass each): ${Math.round(apartRate)} events/s of the log, ${(apartRate / baseline.perSecond).toFixed(2)}x; the one pass is ${(rate / apartRate).toFixed(2)}x as fast`,
      );
    }
  } finally {
    await readStore.close();
    await eventStore.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** About `target` intake events, clients appended 32 at a time so the store's group commit writes them together. */
async function appendIntakeEvents(eventStore: SqliteEventStore, target: number): Promise<void> {
  const appendStarted = Date.now();
  let appended = 0;
  for (let index = 0; appended < target;) {
    const lanes: Array<Promise<unknown>> = [];
    for (let lane = 0; lane < APPEND_LANES && appended < target; lane++, index++) {
      const clientId = randomUUID();
      const siteId = SITES[index % SITES.length]!;
      const events: NewEvent[] = eventsOf(journey(clientId, index)).map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          schemaVersion: 1,
          clientId,
          siteId,
          actor: { userId: 'bench', role: 'intake-coordinator' },
          occurredAt: NOW.toISOString(),
          correlationId: clientId,
          causationId: clientId,
        },
      }));
      lanes.push(eventStore.appendToStream(`intake-client-${clientId}`, events, { expectedRevision: 'no-stream' }));
      appended += events.length;
    }
    await Promise.all(lanes);
  }
  console.log(`appended ${appended} intake events in ${((Date.now() - appendStarted) / 1000).toFixed(1)} s`);
}

/** CPU time of this process (every thread) since `start`, in seconds. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The least a rebuild does: every row in global order, its data and metadata parsed. */
function scanAndParse(file: string): { events: number; ms: number; perSecond: number; perCpuSecond: number } {
  const db = openEventStoreDatabase(file, 5000);
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let events = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      events += 1;
    }
    const ms = performance.now() - started;
    return { events, ms, perSecond: (events * 1000) / ms, perCpuSecond: events / cpuSecondsSince(cpu) };
  } finally {
    db.close();
  }
}

await cli.run(main);
