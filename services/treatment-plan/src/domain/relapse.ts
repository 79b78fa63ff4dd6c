import { EVIDENCE_KINDS } from '@continuum/care-episode';
import { dayOf, todayAtSite } from './calendar.js';
import { type ExtendProgramme, type ProgrammeExtension, type RecordRelapse } from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan } from './plan.js';
import { type PlanRules } from './rules.js';
import { stepUpIfTipped } from './step-up.js';
import { type ValidationProblem, refuseIfInvalid, requireCodes, requireDate, requireOneOf, requireText } from './validation.js';

// A slip is not an expulsion (docs/domain/treatment-plan.md#relapse): a relapse is recorded,
// asks for a plan revision
// and may lengthen the programme. It never closes the plan or discharges the client; only
// CloseForDischarge does, and that is a clinician's decision.

function checkExtension(problems: ValidationProblem[], plan: OpenPlan, extension: ProgrammeExtension, today: string, prefix = ''): void {
  const field = `${prefix}newEndDate`;
  if (
    requireDate(problems, field, extension.newEndDate, { notBefore: { date: today, message: `give an end date from today (${today}) on` } })
  ) {
    if (plan.plannedEndDate !== undefined && extension.newEndDate <= plan.plannedEndDate) {
      problems.push({ field, message: `the programme already runs to ${plan.plannedEndDate}: give a later end date` });
    }
  }
  requireText(problems, `${prefix}reasonCode`, extension.reasonCode, 'give the reason for the extension as a code');
}

function extended(plan: OpenPlan, extension: ProgrammeExtension, today: string, relapseId?: string): PlanEvent {
  return {
    type: 'ProgrammeExtended',
    data: {
      planId: plan.planId,
      ...(plan.plannedEndDate === undefined ? {} : { previousEndDate: plan.plannedEndDate }),
      newEndDate: extension.newEndDate,
      reasonCode: extension.reasonCode,
      extendedOn: today,
      ...(relapseId === undefined ? {} : { relapseId }),
    },
  };
}

export function recordRelapse(command: RecordRelapse, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { relapseId, date, substanceCodes, evidence, extendProgramme } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'relapseId', relapseId, 'give the relapse an id');
  requireDate(problems, 'date', date, {
    notAfter: { date: today, message: `a relapse is recorded once it happened: the date is after today (${today})` },
  });
  requireCodes(problems, 'substanceCodes', substanceCodes, { atLeastOne: 'name the substances of the relapse' });
  if (!Array.isArray(evidence)) {
    problems.push({ field: 'evidence', message: 'give the evidence as a list of {kind, id} (an empty list when there is none)' });
  } else {
    evidence.forEach((item, index) => {
      requireOneOf(problems, `evidence[${index}].kind`, item?.kind, EVIDENCE_KINDS);
      requireText(problems, `evidence[${index}].id`, item?.id, 'give the id of the evidence');
    });
  }
  if (extendProgramme !== undefined) checkExtension(problems, plan, extendProgramme, today, 'extendProgramme.');
  refuseIfInvalid('the relapse cannot be recorded', 'invalid-relapse', problems);
  if (plan.relapses.some((relapse) => relapse.relapseId === relapseId)) return [];
  const recorded: PlanEvent = {
    type: 'RelapseRecorded',
    data: { planId: plan.planId, episodeId: plan.episodeId, clientId: plan.clientId, relapseId, date, substanceCodes, evidence },
  };
  return [
    recorded,
    ...(extendProgramme ? [extended(plan, extendProgramme, today, relapseId)] : []),
    ...stepUpIfTipped(plan, recorded, now, rules),
  ];
}

/** A programme whose discharge criteria are unmet is extended rather than ended (docs/domain/treatment-plan.md#relapse). */
export function extendProgramme(command: ExtendProgramme, plan: OpenPlan, now: Date): PlanEvent[] {
  const today = dayOf(now);
  if (plan.plannedEndDate !== undefined && command.data.newEndDate === plan.plannedEndDate) return [];
  const problems: ValidationProblem[] = [];
  checkExtension(problems, plan, command.data, today);
  refuseIfInvalid('the programme cannot be extended', 'invalid-extension', problems);
  return [extended(plan, command.data, today)];
}
