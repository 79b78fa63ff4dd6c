import { findLevel, isSameLevel, levelOf } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { type RecordLevelChange, type RecordSiteTransfer } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan } from './plan.js';
import { type PlanRules } from './rules.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireText } from './validation.js';

// The plan follows its care episode. The ledger (libs/care-episode) decides level changes
// and site transfers; the service then tells the plan, which keeps the level for each day
// (weekly minimums) and the site (who may read the plan). Redeliveries change nothing.

export function recordLevelChange(command: RecordLevelChange, plan: OpenPlan, rules: PlanRules): PlanEvent[] {
  const { to, effectiveDate } = command.data;
  const problems: ValidationProblem[] = [];
  requireDate(problems, 'effectiveDate', effectiveDate);
  refuseIfInvalid('the level change cannot be recorded on the plan', 'invalid-level-change', problems);
  findLevel(to, rules.levels);
  if (isSameLevel(to, plan.level)) return [];
  const lastChange = plan.levelHistory.at(-1)!.effectiveDate;
  if (effectiveDate < lastChange) {
    throw new RuleBroken(
      `the plan's level last changed on ${lastChange}: a change effective ${effectiveDate} would rewrite that history; record changes in the order the ledger made them`,
      'level-change-out-of-order',
      { lastChange },
    );
  }
  return [
    {
      type: 'PlanLevelUpdated',
      data: { planId: plan.planId, from: levelOf(plan.level), to: levelOf(to), effectiveDate },
    },
  ];
}

export function recordSiteTransfer(command: RecordSiteTransfer, plan: OpenPlan): PlanEvent[] {
  const { toSiteId, effectiveDate } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'toSiteId', toSiteId, 'give the site the episode moved to');
  requireDate(problems, 'effectiveDate', effectiveDate);
  refuseIfInvalid('the site transfer cannot be recorded on the plan', 'invalid-site-transfer', problems);
  if (toSiteId === plan.siteId) return [];
  return [{ type: 'PlanSiteUpdated', data: { planId: plan.planId, fromSiteId: plan.siteId, toSiteId, effectiveDate } }];
}
