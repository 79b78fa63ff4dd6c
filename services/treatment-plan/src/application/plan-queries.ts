import { Injectable } from '@nestjs/common';
import { type CalendarDate } from '@continuum/care-episode';
import { type Actor, BreakTheGlass } from '@continuum/platform';
import {
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
  weeklyHours,
  weeklyIndividualMinimum,
  weeklyIndividualSessions,
  weeklyMinimum,
} from '../domain/index.js';
import { PlanNotFound, TreatmentPlanCommands } from './treatment-plan.commands.js';

// One plan read from its stream (a single client's record, not a list), with what its rules
// say about it today: the medications and the PDMP check, the use episodes and the tests
// flagged for review, the sobriety streak, discharge readiness, this week's and last week's
// hours against the level's minimum, whether repeated use recommends a step-up, whether the
// review is overdue or a worsened screening asks for one, and the length of stay so far
// against the planned end.

@Injectable()
export class PlanQueries {
  constructor(
    private readonly plans: TreatmentPlanCommands,
    private readonly breakTheGlass: BreakTheGlass,
  ) {}

  async plan(planId: string, actor: Actor) {
    const plan = await this.plans.load(planId);
    if (plan.status === 'not-created') throw new PlanNotFound(planId);
    // Clinical detail: the care team, the site's clinical supervisors, auditors, or a grant to break the glass.
    await this.breakTheGlass.assertClinicalRead(actor, { clientId: plan.clientId, siteId: plan.siteId, careTeam: careTeamUserIds(plan) });
    const rules = this.plans.rules;
    const today = todayAtSite(plan, this.plans.now(), rules);
    const thisWeek = mondayOf(today);
    const weekOf = (weekStart: CalendarDate) => ({
      weekStart,
      hours: weeklyHours(plan, weekStart),
      minimum: weeklyMinimum(plan, weekStart, rules)?.minimum ?? null,
      individualSessions: weeklyIndividualSessions(plan, weekStart),
      individualSessionsMinimum: weeklyIndividualMinimum(plan, weekStart, rules) ?? null,
    });
    return {
      plan,
      asOf: today,
      sobriety: sobriety(plan, today, rules),
      medications: {
        current: currentMedications(plan, today),
        pdmp: pdmpStatus(plan, today, rules),
      },
      toxicology: {
        useEpisodes: useEpisodes(plan, today, rules),
        reviewFlags: toxicologyReviewFlags(plan),
      },
      dischargeReadiness: dischargeReadiness(plan, today, rules),
      weeks: { current: weekOf(thisWeek), previous: weekOf(addDays(thisWeek, -7)) },
      stepUp: stepUpRecommended(plan, today, rules),
      isReviewOverdue: isReviewOverdue(plan, today),
      reviewNeeded: reviewNeeded(plan),
      lengthOfStay: lengthOfStay(plan, today),
    };
  }
}
