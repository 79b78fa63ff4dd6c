import { KeptAnswers } from '@continuum/event-store';
import { Injectable } from '@nestjs/common';
import { type CalendarDate, isCalendarDate } from '@continuum/care-episode';
import { type Actor, BreakTheGlass, type FieldProblem, ValidationFailed } from '@continuum/platform';
import { ProjectionRunner } from '@continuum/read-store';
import {
  type ClosedPlan,
  type OpenPlan,
  type Plan,
  type PlanRules,
  addDays,
  careTeamUserIds,
  dischargeReadiness,
  isReviewOverdue,
  lengthOfStay,
  mondayOf,
  reviewNeeded,
  sobriety,
  stepUpRecommended,
  currentMedications,
  pdmpStatus,
  todayAtSite,
  toxicologyReviewFlags,
  useEpisodes,
  mondaysBetween,
  weekAttendance,
} from '../domain/index.js';
import { PLAN_RECORDS, type PlanRecord } from '../projections/plan-records.js';
import { FoldedPlans, PLANS_KEPT } from './folded-plans.js';
import { type FoldedPlan, PlanNotFound, TreatmentPlanCommands } from './treatment-plan.commands.js';

// One plan read from its stream (a single client's record, not a list), with what its rules
// say about it today: the medications and the PDMP check, the use episodes and the tests
// flagged for review, the sobriety streak, discharge readiness, this week's and last week's
// hours against the level's minimum, whether repeated use recommends a step-up, whether the
// review is overdue or a worsened screening asks for one, and the length of stay so far
// against the planned end.
//
// Read your writes, without folding the whole stream on every read: the plan starts from the
// state this process last folded it to (FoldedPlans: by a read or a command), else from its
// record in the read models (folded by the same `evolve`, a moment behind), and folds the events
// the stream holds after that revision, so a read always sees every event appended before it,
// whichever process appended it. A plan with no record yet (a projection rebuilding, a store just
// opened) is folded from the stream whole.
//
// What the rules say of a plan depends only on its events and on the day at its site, so the
// answer is kept with the revision and the day it was worked out for: a read that finds the
// same revision on the same day answers it again instead of going over every session anew, and
// one that finds a newer revision (or a new day) works it out afresh. Access is checked on every read.

/** The plan read's answer (see `plan`). */
export type PlanView = ReturnType<typeof planView>;

@Injectable()
export class PlanQueries {
  private readonly views = new KeptAnswers<PlanView>(PLANS_KEPT);

  constructor(
    private readonly plans: TreatmentPlanCommands,
    private readonly breakTheGlass: BreakTheGlass,
    private readonly projections: ProjectionRunner,
    private readonly folded: FoldedPlans,
  ) {}

  /** The plan as of every event appended so far: as last folded (here, or by the projection), and the stream's events after it. */
  async current(planId: string): Promise<Plan> {
    return (await this.currentAt(planId)).state;
  }

  /** `current`, with the stream revision it was folded to (undefined: the stream has no event). */
  private async currentAt(planId: string): Promise<{ state: Plan; revision: number | undefined }> {
    const from = this.folded.get(planId) ?? (await this.recordOf(planId));
    const folded = await this.plans.loadAfter(planId, from);
    const { state, revision } = folded;
    if (revision !== undefined && state.status !== 'not-created') this.folded.keep(planId, { revision, state });
    return folded;
  }

  private async recordOf(planId: string): Promise<FoldedPlan | undefined> {
    const record = (await (await this.projections.collection<PlanRecord>(PLAN_RECORDS)).get(planId))?.document;
    return record?.revision === undefined ? undefined : { revision: record.revision, state: record.state };
  }

  async plan(planId: string, actor: Actor): Promise<PlanView> {
    const { state: plan, revision } = await this.currentAt(planId);
    if (plan.status === 'not-created' || revision === undefined) throw new PlanNotFound(planId);
    // Clinical detail: the care team, the site's clinical supervisors, auditors, or a grant to break the glass.
    await this.breakTheGlass.assertClinicalRead(actor, { clientId: plan.clientId, siteId: plan.siteId, careTeam: careTeamUserIds(plan) });
    const rules = this.plans.rules;
    const today = todayAtSite(plan, this.plans.now(), rules);
    return this.views.answer(planId, revision, today, () => planView(plan, today, rules));
  }

  /**
   * Attended hours per week against the level's minimum, from `from`'s week to `to`'s (the
   * plan's first week and this week, or its last once closed, by default), oldest first: the
   * chart of a whole episode. Clinical detail, read under the same rule as the plan.
   */
  async weeks(planId: string, actor: Actor, range: { from?: string; to?: string }) {
    const plan = await this.current(planId);
    if (plan.status === 'not-created') throw new PlanNotFound(planId);
    const problems: FieldProblem[] = [];
    for (const field of ['from', 'to'] as const) {
      const value = range[field];
      if (value !== undefined && !isCalendarDate(value)) problems.push({ field, problem: 'give a calendar date that exists, YYYY-MM-DD' });
    }
    if (problems.length > 0) throw new ValidationFailed(problems);
    await this.breakTheGlass.assertClinicalRead(actor, { clientId: plan.clientId, siteId: plan.siteId, careTeam: careTeamUserIds(plan) });
    const rules = this.plans.rules;
    const today = todayAtSite(plan, this.plans.now(), rules);
    const from = mondayOf(range.from ?? plan.startDate);
    const to = mondayOf(range.to ?? (plan.status === 'closed' ? plan.closedOn : today));
    if (from > to) throw new ValidationFailed([{ field: 'to', problem: `give a week on or after ${from}, the first week asked for` }]);
    const weeks = mondaysBetween(from, to);
    if (weeks.length > MAX_WEEKS) {
      throw new ValidationFailed([{ field: 'to', problem: `ask for at most ${MAX_WEEKS} weeks at a time (${weeks.length} asked for)` }]);
    }
    return {
      planId,
      clientId: plan.clientId,
      asOf: today,
      from,
      to,
      weeks: weeks.map((weekStart) => weekAttendance(plan, weekStart, rules)),
    };
  }
}

/** The most weeks one read answers: three years, longer than any programme runs. */
const MAX_WEEKS = 156;

/** The plan and what its rules say about it on `today`: a function of the two alone (and of the rules). */
function planView(plan: OpenPlan | ClosedPlan, today: CalendarDate, rules: PlanRules) {
  const thisWeek = mondayOf(today);
  // Once: the streak is shown and is one of the discharge conditions.
  const sober = sobriety(plan, today, rules);
  return {
    plan,
    asOf: today,
    sobriety: sober,
    medications: {
      current: currentMedications(plan, today),
      pdmp: pdmpStatus(plan, today, rules),
    },
    toxicology: {
      useEpisodes: useEpisodes(plan, today, rules),
      reviewFlags: toxicologyReviewFlags(plan),
    },
    dischargeReadiness: dischargeReadiness(plan, today, rules, sober),
    weeks: { current: weekAttendance(plan, thisWeek, rules), previous: weekAttendance(plan, addDays(thisWeek, -7), rules) },
    stepUp: stepUpRecommended(plan, today, rules),
    isReviewOverdue: isReviewOverdue(plan, today),
    reviewNeeded: reviewNeeded(plan),
    lengthOfStay: lengthOfStay(plan, today),
  };
}
