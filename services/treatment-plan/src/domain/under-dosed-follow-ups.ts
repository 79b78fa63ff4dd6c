import { type CalendarDate } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { careTeamUserIds } from './care-team.js';
import { todayAtSite } from './calendar.js';
import { type FollowUpUnderDosedWeek } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireOneOf } from './validation.js';

// Following up an under-dosed week (docs/domain/work-queues.md#following-up-an-under-dosed-week):
// the week's alert is answered once, by a member of the episode's care team, with what was
// done about it, as a code. The week then leaves the under-dosed queue. A week's verdict is
// given once, when the scheduler closes it (attendance.ts closeWeek: a late session does not
// reopen it), so a followed-up week never comes back; the hours of later weeks are judged in
// their own weeks, each a row of its own.

/**
 * What was done about a week below the level's minimum. ASAM's weekly hours are the dose that
 * defines the level (docs/domain/levels-of-care.md#weekly-hours); a week short of them calls for
 * the clinician to act on the dose, to reach the client, or to judge that nothing needs to change:
 * - `dose-adjusted`: the schedule changed so the coming weeks reach the minimum (sessions
 *   added or moved, another track);
 * - `client-contacted`: the client was reached and what kept them away discussed (work,
 *   transport, childcare, illness), attendance agreed;
 * - `no-change-clinically-indicated`: the clinician judged the shortfall needs no change (an
 *   excused absence, a holiday week, a level change under way through the ledger);
 * - `client-unreachable`: attempts to reach the client failed; outreach stays with the team.
 */
export const UNDER_DOSED_FOLLOW_UP_OUTCOMES = [
  'dose-adjusted',
  'client-contacted',
  'no-change-clinically-indicated',
  'client-unreachable',
] as const;
export type UnderDosedFollowUpOutcome = (typeof UNDER_DOSED_FOLLOW_UP_OUTCOMES)[number];

/** Refusal codes the HTTP edge answers as 403 and 409 (the rest of the plan's refusals are 422s). */
export const NOT_ON_CARE_TEAM = 'not-on-care-team';
export const WEEK_ALREADY_FOLLOWED_UP = 'week-already-followed-up';

export function followUpUnderDosedWeek(command: FollowUpUnderDosedWeek, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { weekStart, outcome, followedUpBy } = command.data;
  // Who first: someone off the team learns nothing about the client's weeks from the refusal.
  if (!careTeamUserIds(plan).includes(followedUpBy)) {
    throw new RuleBroken(
      "an under-dosed week is followed up by the client's care team: ask the site's clinical supervisor to add you to the team",
      NOT_ON_CARE_TEAM,
    );
  }
  const problems: ValidationProblem[] = [];
  requireDate(problems, 'weekStart', weekStart);
  requireOneOf(problems, 'outcome', outcome, UNDER_DOSED_FOLLOW_UP_OUTCOMES);
  refuseIfInvalid('the week cannot be followed up', 'invalid-follow-up', problems);
  const week = plan.closedWeeks.find((closed) => closed.weekStart === weekStart);
  if (!week?.underDosed) {
    throw new RuleBroken(
      week
        ? `the week of ${weekStart} met the level's minimum (${week.hours} of ${week.minimum} hours): there is nothing to follow up`
        : `the week of ${weekStart} is not an under-dosed week of this plan: follow up a week the under-dosed queue lists (its weekStart, a Monday)`,
      'week-not-under-dosed',
      { weekStart },
    );
  }
  if (week.followUp) {
    throw new RuleBroken(
      `the week of ${weekStart} was followed up on ${week.followUp.followedUpOn} (${week.followUp.outcome}): it is answered once`,
      WEEK_ALREADY_FOLLOWED_UP,
      { weekStart, followedUpOn: week.followUp.followedUpOn },
    );
  }
  const followedUpOn: CalendarDate = todayAtSite(plan, now, rules);
  return [
    {
      type: 'UnderDosedWeekFollowedUp',
      data: { planId: plan.planId, weekStart, outcome: outcome as UnderDosedFollowUpOutcome, followedUpBy, followedUpOn },
    },
  ];
}
