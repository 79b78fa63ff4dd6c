import { type CalendarDate } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';
import { type CheckInOutcome, type CheckInStatus, type ExistingAftercarePlan } from '../domain/index.js';

// One row per scheduled check-in of every plan, for the lists a case manager works through:
// the check-ins due this week at a site, and the missed ones. Whether an unrecorded check-in
// is past its grace days depends on today and the network's grace days, so the row keeps the
// due date and the list asks "due before today minus the grace days".

export type CheckInRow = {
  planId: string;
  clientId: string;
  siteId: string;
  day: number;
  dueDate: CalendarDate;
  status: CheckInStatus;
  /** While continuing care runs; a check-in of an ended plan is no longer anyone's task. */
  isPlanActive: boolean;
  outcome: CheckInOutcome | null;
  /** Missed or unreachable check-ins in a row when this one was marked missed. */
  consecutiveMisses: number | null;
};

export const CHECK_INS: ReadModelDefinition = {
  name: 'aftercare_check_ins',
  indexes: [{ fields: ['siteId', 'status', 'dueDate'] }, { fields: ['status', 'isPlanActive', 'dueDate'] }, { fields: ['planId'] }],
};

export const checkInRowId = (planId: string, dueDate: CalendarDate) => `${planId}:${dueDate}`;

export function checkInRowsOf(plan: ExistingAftercarePlan): CheckInRow[] {
  return plan.checkIns.map((checkIn) => ({
    planId: plan.planId,
    clientId: plan.clientId,
    siteId: plan.siteId,
    day: checkIn.day,
    dueDate: checkIn.dueDate,
    status: checkIn.status,
    isPlanActive: plan.status === 'active',
    outcome: checkIn.status === 'recorded' ? checkIn.outcome : null,
    consecutiveMisses: checkIn.status === 'missed' ? checkIn.consecutiveMisses : null,
  }));
}
