import { Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type Actor, BreakTheGlass } from '@continuum/platform';
import { OUTCOME_DAYS, checkInOpensOn, lastDayToRecord, missedCheckIns, outcomeAt } from '../domain/index.js';
import { AftercareCommands, AftercarePlanNotFound } from './aftercare.commands.js';
import { CareTeams } from './care-teams.js';

// One plan read from its stream (a single client's record, not a list), with what its rules
// say about it today: each check-in's window, the missed ones, and the outcomes so far. It is
// clinical detail (the relapse-prevention plan, BARC-10 answers, check-ins): for the discharged
// episode's care team, the site's clinical supervisors, auditors, or a break-the-glass grant
// (docs/domain/aftercare.md#who-reads-a-plan); anyone else at the site is refused before any
// of it is read out.

@Injectable()
export class AftercareQueries {
  constructor(
    private readonly commands: AftercareCommands,
    private readonly careTeams: CareTeams,
    private readonly breakTheGlass: BreakTheGlass,
  ) {}

  async plan(planId: string, actor: Actor) {
    const plan = await this.commands.load(planId);
    if (plan.status === 'none') throw new AftercarePlanNotFound(planId);
    const careTeam = await this.careTeams.userIdsOf(plan.clientId, plan.episodeId);
    await this.breakTheGlass.assertClinicalRead(actor, { clientId: plan.clientId, siteId: plan.siteId, careTeam });
    const rules = this.commands.rules;
    const today = calendarDateOf(this.commands.now());
    return {
      plan,
      asOf: today,
      checkIns: plan.checkIns.map((checkIn) => ({
        ...checkIn,
        opensOn: checkInOpensOn(plan, checkIn),
        lastDayToRecord: lastDayToRecord(checkIn.dueDate, rules),
      })),
      missedCheckIns: missedCheckIns(plan, today, rules),
      outcomes: OUTCOME_DAYS.map((day) => ({ day, outcome: outcomeAt(plan, day) ?? null })),
    };
  }
}
