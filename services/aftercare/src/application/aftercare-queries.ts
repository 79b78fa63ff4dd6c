import { Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type Actor, assertSiteAccess } from '@continuum/platform';
import { OUTCOME_DAYS, checkInOpensOn, lastDayToRecord, missedCheckIns, outcomeAt } from '../domain/index.js';
import { AftercareCommands, AftercarePlanNotFound } from './aftercare.commands.js';

// One plan read from its stream (a single client's record, not a list), with what its rules
// say about it today: each check-in's window, the missed ones, and the outcomes so far.

@Injectable()
export class AftercareQueries {
  constructor(private readonly commands: AftercareCommands) {}

  async plan(planId: string, actor: Actor) {
    const plan = await this.commands.load(planId);
    if (plan.status === 'none') throw new AftercarePlanNotFound(planId);
    assertSiteAccess(actor, plan.siteId);
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
