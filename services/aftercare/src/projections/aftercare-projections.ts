import { type Projection, foldInto } from '@continuum/read-store';
import {
  AFTERCARE_STREAM_PREFIX,
  type AftercareEvent,
  type AftercarePlan,
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
    const stored = await plans.get(planId);
    let row: AftercarePlanRow | undefined;
    if (stored && stored.version === event.position) {
      row = stored.document;
    } else {
      row = await foldInto(plans, planId, event, (current) => {
        const previous: AftercarePlan = current?.state ?? initialAftercarePlan;
        const state = evolve(previous, { type: event.type, data: event.data } as AftercareEvent);
        return state.status === 'none' ? undefined : aftercarePlanRowOf(state, event.recordedAt);
      });
    }
    if (!row) return;
    const checkIns = await context.collection<CheckInRow>(CHECK_INS);
    for (const checkIn of checkInRowsOf(row.state)) {
      await checkIns.upsert(checkInRowId(planId, checkIn.dueDate), checkIn, event.position);
    }
    const sends = await context.collection<HeldSendRow>(HELD_SENDS);
    for (const send of outsideSendRowsOf(row.state)) await sends.upsert(send.sendId, send, event.position);
  },
};

/** Every projection of the aftercare service: the runner feeds them, `projections:rebuild aftercare` rebuilds them. */
export const aftercareProjections: readonly Projection[] = [aftercarePlansProjection];
