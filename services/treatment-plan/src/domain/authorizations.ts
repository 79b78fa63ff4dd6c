import { type CalendarDate } from '@continuum/care-episode';
import { dayOf, daysBetween } from './calendar.js';
import { type RemindAuthorizationExpiry } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan, type PlanFacts } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireText } from './validation.js';

// Utilisation review. The payer's authorisations live on the care-episode ledger
// (AuthorizedLevelRecorded); the plan only remembers which expiries it has reminded of, so
// that the scheduler's repeated runs remind once per authorisation and through date.

export type ExpiringAuthorization<A> = A & {
  /** Covered days left after today: 0 on the last covered day (the through date is inclusive). */
  daysLeft: number;
};

/**
 * The authorisations whose last covered day falls within `authorizationReminderDays` from
 * today, soonest first. An authorisation already past its through date is not listed here:
 * it is an expired variance on the ledger (`authorizationVariance` in care-episode).
 */
export function expiringAuthorizations<A extends { throughDate: CalendarDate }>(
  authorizations: readonly A[],
  today: Date | CalendarDate,
  rules: Pick<PlanRules, 'authorizationReminderDays'>,
): Array<ExpiringAuthorization<A>> {
  const day = dayOf(today);
  return authorizations
    .map((authorization) => ({ ...authorization, daysLeft: daysBetween(day, authorization.throughDate) }))
    .filter(({ daysLeft }) => daysLeft >= 0 && daysLeft <= rules.authorizationReminderDays)
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

/** Whether the plan has reminded of this authorisation's expiry on this through date (a new through date is a new expiry). */
export function isExpiryReminded(
  plan: Pick<PlanFacts, 'authorizationReminders'>,
  authorizationRef: string,
  throughDate: CalendarDate,
): boolean {
  return plan.authorizationReminders.some(
    (reminder) => reminder.authorizationRef === authorizationRef && reminder.throughDate === throughDate,
  );
}

/** Nothing when already reminded for this (ref, through date), or when not yet within the reminder days. */
export function remindAuthorizationExpiry(command: RemindAuthorizationExpiry, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { authorizationRef, throughDate } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'authorizationRef', authorizationRef, "give the authorisation's reference (the payer reference on the ledger)");
  requireDate(problems, 'throughDate', throughDate);
  refuseIfInvalid('the expiry reminder cannot be recorded', 'invalid-authorization-reminder', problems);
  const today = dayOf(now);
  if (daysBetween(today, throughDate) > rules.authorizationReminderDays) return [];
  if (isExpiryReminded(plan, authorizationRef, throughDate)) return [];
  return [{ type: 'AuthorizationExpiryReminded', data: { planId: plan.planId, authorizationRef, throughDate, remindedOn: today } }];
}
