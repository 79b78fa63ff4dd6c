import { fold } from '@continuum/decider';
import { type EventStore, type ReadStreamOptions, type RecordedEvent } from '@continuum/event-store';
import { type BreakTheGlass } from '@continuum/platform';
import { type DocumentCollection, type ProjectionRunner } from '@continuum/read-store';
import { type PlanEvent, evolve, initialPlan, planStream } from '../domain/index.js';
import { PLAN_ID, START, activePlan, dayOfPlan, historyOf, session } from '../domain/testing/plan-fixtures.js';
import { type PlanRecord } from '../projections/plan-records.js';
import { PlanQueries } from './plan-queries.js';
import { TreatmentPlanCommands } from './treatment-plan.commands.js';

// The plan read starts from the plan's record in the read models and folds only the events the
// stream holds after it: the same plan as folding the whole stream, every event appended before
// the read included, whatever the projection's lag.

const events = historyOf([...activePlan(), session('s1', START, 3), session('s2', dayOfPlan(1), 3), session('s3', dayOfPlan(2), 3)]);
const stream: RecordedEvent[] = events.map((event, revision) => ({
  eventId: `event-${revision}`,
  type: event.type,
  streamId: planStream(PLAN_ID),
  revision,
  position: 100 + revision,
  recordedAt: '2026-01-07T09:00:00.000Z',
  data: event.data,
  metadata: {
    schemaVersion: 1,
    clientId: 'client-1',
    siteId: 'site-north',
    actor: { userId: 'clinician-7', role: 'clinician' },
    occurredAt: '2026-01-07T09:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  },
}));
const wholeFold = fold(evolve, initialPlan, events as PlanEvent[]);

/** `appended`: how many of the stream's events the store holds so far. */
function queriesOver(record: PlanRecord | undefined, appended = { count: stream.length }) {
  const reads: Array<ReadStreamOptions | undefined> = [];
  const recordReads: string[] = [];
  const store = {
    readStream: async (name: string, options?: ReadStreamOptions) => {
      reads.push(options);
      return name === planStream(PLAN_ID)
        ? stream.slice(0, appended.count).filter((event) => event.revision >= (options?.fromRevision ?? 0))
        : [];
    },
  } as unknown as EventStore;
  const records = {
    get: async (id: string) => {
      recordReads.push(id);
      return record && id === PLAN_ID ? { id, version: 1, document: structuredClone(record) } : undefined;
    },
  } as unknown as DocumentCollection<PlanRecord>;
  const projections = { collection: async () => records } as unknown as ProjectionRunner;
  // The commands' own stream read and fold, over this store (loadAfter uses only the store).
  const plans = { loadAfter: TreatmentPlanCommands.prototype.loadAfter.bind({ store } as unknown as TreatmentPlanCommands) };
  const queries = new PlanQueries(plans as unknown as TreatmentPlanCommands, {} as BreakTheGlass, projections);
  return { queries, reads, recordReads };
}

const recordAt = (revision: number): PlanRecord => ({
  planId: PLAN_ID,
  state: fold(evolve, initialPlan, events.slice(0, revision + 1) as PlanEvent[]),
  updatedAt: '2026-01-07T09:00:00.000Z',
  revision,
});

describe('the plan as a read sees it', () => {
  it('is the record, a moment behind, with the events after its revision folded in', async () => {
    const { queries, reads } = queriesOver(recordAt(events.length - 3));
    expect(await queries.current(PLAN_ID)).toEqual(wholeFold);
    expect(reads).toEqual([{ fromRevision: events.length - 2 }]);
  });

  it('is the record alone when the projection has caught up (the stream is asked for nothing after it)', async () => {
    const { queries, reads } = queriesOver(recordAt(events.length - 1));
    expect(await queries.current(PLAN_ID)).toEqual(wholeFold);
    expect(reads).toEqual([{ fromRevision: events.length }]);
  });

  it('is the whole stream folded when there is no record, or one kept before records had a revision', async () => {
    for (const record of [undefined, { ...recordAt(2), revision: undefined }]) {
      const { queries, reads } = queriesOver(record);
      expect(await queries.current(PLAN_ID)).toEqual(wholeFold);
      expect(reads).toEqual([{}]);
    }
  });

  it('is folded on from where this process left it: a later read asks the store only for the events appended since', async () => {
    const appended = { count: events.length - 2 };
    const { queries, reads, recordReads } = queriesOver(recordAt(1), appended);
    expect(await queries.current(PLAN_ID)).toEqual(fold(evolve, initialPlan, events.slice(0, appended.count) as PlanEvent[]));
    appended.count = events.length;
    expect(await queries.current(PLAN_ID)).toEqual(wholeFold);
    expect(await queries.current(PLAN_ID)).toEqual(wholeFold);
    expect(reads).toEqual([{ fromRevision: 2 }, { fromRevision: events.length - 2 }, { fromRevision: events.length }]);
    expect(recordReads).toEqual([PLAN_ID]);
  });
});
