import { fold } from '@continuum/decider';
import { type EventStore, type ReadStreamOptions, type RecordedEvent } from '@continuum/event-store';
import { type Actor, type BreakTheGlass } from '@continuum/platform';
import { type DocumentCollection, type ProjectionRunner } from '@continuum/read-store';
import { DEFAULT_PLAN_RULES, type PlanEvent, evolve, initialPlan, planStream } from '../domain/index.js';
import { PLAN_ID, START, activePlan, dayOfPlan, historyOf, on, session } from '../domain/testing/plan-fixtures.js';
import { type PlanRecord } from '../projections/plan-records.js';
import { FoldedPlans } from './folded-plans.js';
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

/**
 * `appended`: how many of the stream's events the store holds so far; `clock.now`: the instant a
 * read happens; `access.refused`: whether the reader is refused the plan (counted in `access.checks`).
 */
function queriesOver(
  record: PlanRecord | undefined,
  appended = { count: stream.length },
  clock = { now: on(dayOfPlan(2)) },
  access = { refused: false, checks: 0 },
) {
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
  const plans = {
    loadAfter: TreatmentPlanCommands.prototype.loadAfter.bind({ store } as unknown as TreatmentPlanCommands),
    rules: DEFAULT_PLAN_RULES,
    now: () => clock.now,
  };
  const breakTheGlass = {
    assertClinicalRead: async () => {
      access.checks += 1;
      if (access.refused) throw new Error('not on the care team');
    },
  } as unknown as BreakTheGlass;
  const queries = new PlanQueries(plans as unknown as TreatmentPlanCommands, breakTheGlass, projections, new FoldedPlans());
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

describe('the plan read, answered again while nothing changed', () => {
  const actor = { userId: 'clinician-7', role: 'clinician' } as unknown as Actor;

  it('shows an event appended since the last read: append, read, append, read', async () => {
    const appended = { count: events.length - 1 };
    const { queries } = queriesOver(recordAt(1), appended);
    const first = await queries.plan(PLAN_ID, actor);
    expect(first.plan.sessions.map((recorded) => recorded.sessionId)).toEqual(['s1', 's2']);
    expect(first.weeks.current.hours).toBe(6);

    appended.count = events.length;
    const second = await queries.plan(PLAN_ID, actor);
    expect(second.plan).toEqual(wholeFold);
    expect(second.plan.sessions.map((recorded) => recorded.sessionId)).toEqual(['s1', 's2', 's3']);
    expect(second.weeks.current.hours).toBe(9);
  });

  it('is the same answer for the same events on the same day, and worked out afresh on the next day', async () => {
    const clock = { now: on(dayOfPlan(2)) };
    const { queries } = queriesOver(recordAt(1), { count: events.length }, clock);
    const first = await queries.plan(PLAN_ID, actor);
    expect(JSON.stringify(await queries.plan(PLAN_ID, actor))).toBe(JSON.stringify(first));

    clock.now = on(dayOfPlan(3));
    const nextDay = await queries.plan(PLAN_ID, actor);
    expect(first.asOf).toBe(dayOfPlan(2));
    expect(nextDay.asOf).toBe(dayOfPlan(3));
    expect(nextDay.lengthOfStay.daysSoFar).toBe(first.lengthOfStay.daysSoFar + 1);
    // A fresh process reading the same events on that day gives the same answer.
    const { queries: fresh } = queriesOver(recordAt(1), { count: events.length }, clock);
    expect(JSON.stringify(await fresh.plan(PLAN_ID, actor))).toBe(JSON.stringify(nextDay));
  });

  it('is checked for access on every read, kept answer or not', async () => {
    const access = { refused: false, checks: 0 };
    const { queries } = queriesOver(recordAt(1), { count: events.length }, { now: on(dayOfPlan(2)) }, access);
    await queries.plan(PLAN_ID, actor);
    access.refused = true;
    await expect(queries.plan(PLAN_ID, actor)).rejects.toThrow('not on the care team');
    expect(access.checks).toBe(2);
  });
});
