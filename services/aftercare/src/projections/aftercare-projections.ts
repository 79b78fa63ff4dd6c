import { type DocumentCollection, type Projection } from '@continuum/read-store';
import {
  AFTERCARE_STREAM_PREFIX,
  type AftercareEvent,
  type AftercarePlan,
  type ExistingAftercarePlan,
  evolve,
  initialAftercarePlan,
  isAftercarePlanStream,
} from '../domain/index.js';
import { AFTERCARE_PLANS, type AftercarePlanRow, aftercarePlanRowOf } from './aftercare-plan-list.js';
import { CHECK_INS, type CheckInRow, checkInRowId, checkInRowsOf } from './check-in-list.js';
import { HELD_SENDS, type HeldSendRow, outsideSendRowsOf } from './held-send-list.js';

// The plan row is written first and the check-in and outside-send rows derive from it: after a crash between
// the writes, the replayed event finds the row at its position and writes the missing
// check-in rows from it (each write is versioned by the event's position, so nothing counts twice).
// Live, an event changes one check-in or send of the plan, seldom all of them: only the rows that
// differ from the ones the plan before it gave are written (on a replayed event, whose plan
// before it is no longer known, those that differ from the rows stored).

export const aftercarePlansProjection: Projection = {
  name: 'aftercare-plans',
  // 2: the outside sends (their rows, and the plan state that holds them).
  version: 2,
  readModels: [AFTERCARE_PLANS, CHECK_INS, HELD_SENDS],
  filter: { streamPrefixes: [AFTERCARE_STREAM_PREFIX] },
  async apply(event, context) {
    if (!isAftercarePlanStream(event.streamId)) return;
    const planId = event.streamId.slice(AFTERCARE_STREAM_PREFIX.length);
    const plans = await context.collection<AftercarePlanRow>(AFTERCARE_PLANS);
    // One read of the row answers both whether the event is already in it and what it folds into.
    const stored = await plans.get(planId);
    if (stored && stored.version > event.position) return;
    let row: AftercarePlanRow;
    /** The plan before this event, whose rows are written; undefined on a replayed event. */
    let before: AftercarePlan | undefined;
    if (stored?.version === event.position) {
      row = stored.document;
    } else {
      before = stored?.document.state ?? initialAftercarePlan;
      const state = evolve(before, { type: event.type, data: event.data } as AftercareEvent);
      if (state.status === 'none') return;
      row = aftercarePlanRowOf(state, event.recordedAt);
      await plans.upsert(planId, row, event.position);
    }
    // A plan not yet created had no rows.
    const rowsBefore = <Row>(rowsOf: (plan: ExistingAftercarePlan) => Row[]) =>
      before === undefined ? undefined : before.status === 'none' ? [] : rowsOf(before);
    await writeChanged(
      await context.collection<CheckInRow>(CHECK_INS),
      checkInRowsOf(row.state),
      (checkIn) => checkInRowId(planId, checkIn.dueDate),
      rowsBefore(checkInRowsOf),
      event.position,
    );
    await writeChanged(
      await context.collection<HeldSendRow>(HELD_SENDS),
      outsideSendRowsOf(row.state),
      (send) => send.sendId,
      rowsBefore(outsideSendRowsOf),
      event.position,
    );
  },
};

/**
 * Writes each of `rows` that differs from what it was: in `before` (the rows of the plan before
 * the event), or without them (a replayed event) as stored.
 */
async function writeChanged<Row>(
  collection: DocumentCollection<Row>,
  rows: Row[],
  idOf: (row: Row) => string,
  before: Row[] | undefined,
  position: number,
): Promise<void> {
  const previous = before && new Map(before.map((row) => [idOf(row), row]));
  for (const row of rows) {
    const id = idOf(row);
    const was = previous ? previous.get(id) : (await collection.get(id))?.document;
    // Compared as the read store keeps a document, through JSON.
    if (was === undefined || JSON.stringify(was) !== JSON.stringify(row)) await collection.upsert(id, row, position);
  }
}

/** Every projection of the aftercare service: the runner feeds them, `projections:rebuild aftercare` rebuilds them. */
export const aftercareProjections: readonly Projection[] = [aftercarePlansProjection];
