import { type RecordedEvent } from '@continuum/event-store';
import { project } from '@continuum/service-testing';
import { type AftercareEvent, aftercarePlanStream } from '../domain/index.js';
import {
  CLIENT_ID,
  DUE,
  PLAN_ID,
  SITE_ID,
  barc10Totalling,
  checkIn,
  createPlan,
  endContinuingCare,
  historyOf,
  missed,
  onDay,
} from '../domain/testing/aftercare-fixtures.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from './aftercare-plan-list.js';
import { aftercarePlansProjection } from './aftercare-projections.js';
import { CHECK_INS, type CheckInRow, checkInRowId } from './check-in-list.js';

// The read side folds with the write side's own evolve; these specs check the rows the
// scheduler and the lists filter on, and that a replayed event changes nothing.

function recorded(events: readonly AftercareEvent[]): RecordedEvent[] {
  return events.map((event, revision) => ({
    eventId: `event-${revision}`,
    type: event.type,
    streamId: aftercarePlanStream(PLAN_ID),
    revision,
    position: revision + 1,
    recordedAt: `2026-01-15T09:00:${String(revision).padStart(2, '0')}.000Z`,
    data: event.data,
    metadata: {
      schemaVersion: 1,
      clientId: CLIENT_ID,
      siteId: SITE_ID,
      actor: { userId: 'u', role: 'case-manager' },
      occurredAt: '2026-01-15T09:00:00.000Z',
      correlationId: 'c',
      causationId: 'c',
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    },
  }));
}

const checkedInThenMissed = recorded(
  historyOf([createPlan(), [checkIn({ dueDate: DUE.day7, barc10: barc10Totalling(50) }), onDay(7)], [missed(DUE.day30), onDay(40)]]),
);

const planRow = (documents: Awaited<ReturnType<typeof project>>) =>
  documents.get(AFTERCARE_PLANS.name)!.get(PLAN_ID)!.document as AftercarePlanRow;
const checkInRow = (documents: Awaited<ReturnType<typeof project>>, dueDate: string) =>
  documents.get(CHECK_INS.name)!.get(checkInRowId(PLAN_ID, dueDate))!.document as CheckInRow;

describe('the aftercare plan rows', () => {
  it('keep the next open check-in, the misses and the outcomes the reports count', async () => {
    const documents = await project(aftercarePlansProjection, checkedInThenMissed);
    expect(planRow(documents)).toMatchObject({
      planId: PLAN_ID,
      clientId: CLIENT_ID,
      siteId: SITE_ID,
      isActive: true,
      dischargeLevelKey: '3:2.1',
      nextScheduledDue: DUE.day120,
      consecutiveMisses: 1,
      outcomes: {
        '30': expect.objectContaining({ checkInDay: 7, outcome: 'abstinent', barc10Total: 50 }),
        '90': expect.objectContaining({ checkInDay: 7 }),
      },
    });
    expect(checkInRow(documents, DUE.day7)).toMatchObject({ status: 'recorded', outcome: 'abstinent', isPlanActive: true });
    expect(checkInRow(documents, DUE.day30)).toMatchObject({ status: 'missed', consecutiveMisses: 1 });
    expect(checkInRow(documents, DUE.day120)).toMatchObject({ status: 'scheduled', outcome: null });
  });

  it('takes an ended plan and its check-ins off the active lists', async () => {
    const ended = recorded(historyOf([createPlan(), [endContinuingCare({ reason: 'client-declined' }), onDay(20)]]));
    const documents = await project(aftercarePlansProjection, ended);
    expect(planRow(documents)).toMatchObject({ status: 'ended', isActive: false, endReason: 'client-declined' });
    expect(checkInRow(documents, DUE.day30)).toMatchObject({ status: 'scheduled', isPlanActive: false });
  });

  it('changes nothing when events are applied again', async () => {
    const documents = await project(aftercarePlansProjection, checkedInThenMissed);
    const before = JSON.stringify([...documents.entries()].map(([name, rows]) => [name, [...rows.entries()]]));
    await project(aftercarePlansProjection, checkedInThenMissed.slice(1), documents);
    expect(JSON.stringify([...documents.entries()].map(([name, rows]) => [name, [...rows.entries()]]))).toBe(before);
  });

  it('writes the check-in rows again when the event that changed them is replayed after they were lost', async () => {
    const documents = await project(aftercarePlansProjection, checkedInThenMissed);
    const rows = documents.get(CHECK_INS.name)!;
    const complete = new Map(rows);
    // The plan row kept its last event; its check-in rows never reached the store.
    rows.clear();
    await project(aftercarePlansProjection, checkedInThenMissed.slice(-1), documents);
    expect(checkInRow(documents, DUE.day30)).toMatchObject({ status: 'missed', consecutiveMisses: 1 });
    expect([...rows.keys()].sort()).toEqual([...complete.keys()].sort());
    expect([...rows.values()].map((row) => row.document)).toEqual(
      expect.arrayContaining([...complete.values()].map((row) => row.document)),
    );
  });
});
