import { type CalendarDate } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { addDays, daysBetween, todayAtSite } from './calendar.js';
import {
  type OrderMedication,
  type RecordExternalMedication,
  type RecordNaloxone,
  type RecordPdmpCheck,
  type StopMedication,
} from './commands.js';
import { type PlanEvent } from './events.js';
import { type OpenPlan, type PlanFacts } from './plan.js';
import { type PlanRules } from './rules.js';
import { type PrescribedSubstance } from './toxicology.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireOneOf, requireText } from './validation.js';

// Medication for addiction treatment (docs/domain/medication-and-toxicology.md#medication-for-addiction-treatment).
// A medication is ordered here by a prescriber, or recorded as external (an opioid treatment
// programme dispensing methadone, an outside buprenorphine prescriber); both count as
// prescribed for toxicology. MAT is never a reason to refuse, end or step down treatment: no
// rule of the plan reads the medication list except toxicology's "expected" and the PDMP check.

/** The catalogue's medications: RxNorm ingredient (IN) or multiple-ingredient (MIN) concepts, as RxNav lists them. */
export type MedicationEntry = {
  /** RxNorm RxCUI (https://mor.nlm.nih.gov/RxNav/). */
  rxnorm: string;
  /** Controlled under the CSA: a PDMP check is required before it is ordered here. */
  controlled: boolean;
  /** The substances whose findings this medication explains (toxicology.ts). */
  substances: readonly string[];
  /** Only a certified opioid treatment programme may dispense it for opioid use disorder (42 CFR 8.12). */
  otpOnly?: boolean;
};

// Five of these RxCUIs (1819, 7243, 82819, 3554, 7242) are not yet checked against RxNav
// (docs/domain/medication-and-toxicology.md#medication-for-addiction-treatment); no rule reads them.
export const MEDICATION_CATALOGUE = Object.freeze({
  // RxCUI 1819 buprenorphine (IN); Schedule III (21 CFR 1308.13(e)).
  buprenorphine: { rxnorm: '1819', controlled: true, substances: ['buprenorphine'] },
  // RxCUI 352364 buprenorphine / naloxone (MIN; Suboxone, Zubsolv); Schedule III. Naloxone is
  // barely absorbed sublingually, but a naloxone finding is its own.
  'buprenorphine-naloxone': { rxnorm: '352364', controlled: true, substances: ['buprenorphine', 'naloxone'] },
  // RxCUI 6813 methadone (IN); Schedule II (21 CFR 1308.12(c)); for opioid use disorder only
  // from a certified opioid treatment programme (42 CFR 8.11, 8.12).
  methadone: { rxnorm: '6813', controlled: true, substances: ['methadone'], otpOnly: true },
  // RxCUI 7243 naltrexone (IN); not controlled.
  naltrexone: { rxnorm: '7243', controlled: false, substances: ['naltrexone'] },
  // RxCUI 82819 acamprosate (IN); not controlled.
  acamprosate: { rxnorm: '82819', controlled: false, substances: ['acamprosate'] },
  // RxCUI 3554 disulfiram (IN); not controlled.
  disulfiram: { rxnorm: '3554', controlled: false, substances: ['disulfiram'] },
  // RxCUI 7242 naloxone (IN); not controlled: the overdose-reversal kit.
  naloxone: { rxnorm: '7242', controlled: false, substances: ['naloxone'] },
} satisfies Record<string, MedicationEntry>);

export type MedicationCode = keyof typeof MEDICATION_CATALOGUE;
export const MEDICATION_CODES = Object.keys(MEDICATION_CATALOGUE) as MedicationCode[];

export const medicationEntry = (code: MedicationCode): MedicationEntry => MEDICATION_CATALOGUE[code];

export const ROUTES = ['sublingual', 'buccal', 'oral', 'subcutaneous', 'intramuscular', 'intranasal'] as const;
export const FREQUENCIES = ['daily', 'twice-daily', 'three-times-daily', 'every-other-day', 'weekly', 'monthly', 'as-needed'] as const;
export const DOSE_UNITS = ['mg', 'mcg', 'ml'] as const;
/** Who dispenses an external medication: an opioid treatment programme, or an outside prescriber's pharmacy. */
export const EXTERNAL_SOURCES = ['opioid-treatment-programme', 'external-prescriber'] as const;
/** How an external medication was verified. */
export const VERIFICATIONS = ['pdmp', 'prescriber-contact', 'programme-letter', 'pharmacy-record', 'medication-label'] as const;
/** What the PDMP showed; `unavailable` is no check (the system was down) and satisfies nothing. */
export const PDMP_RESULTS = ['no-concerns', 'concerns-reviewed', 'unavailable'] as const;
export const NALOXONE_ACTIONS = ['offered', 'dispensed', 'prescribed', 'declined', 'already-has'] as const;
export const STOP_REASONS = [
  'completed-taper',
  'client-request',
  'adverse-effect',
  'transferred-care',
  'clinical-decision',
  'entered-in-error',
] as const;

/** Every medication the client takes or took in this plan, ordered here or external. */
export type Medication = {
  medicationId: string;
  code: MedicationCode;
  rxnorm: string;
  source: 'ordered' | 'opioid-treatment-programme' | 'external-prescriber';
  startDate: CalendarDate;
  stopDate?: CalendarDate;
  stopReason?: string;
};

/** Each medication as toxicology reads it. */
export function prescribedSubstances(plan: Pick<PlanFacts, 'medications'>): PrescribedSubstance[] {
  return plan.medications.map((medication) => ({
    medicationId: medication.medicationId,
    substances: medicationEntry(medication.code).substances,
    start: medication.startDate,
    ...(medication.stopDate === undefined ? {} : { stop: medication.stopDate }),
  }));
}

/** Medications being taken on `day`. */
export function currentMedications(plan: Pick<PlanFacts, 'medications'>, day: CalendarDate): Medication[] {
  return plan.medications.filter(
    (medication) => medication.startDate <= day && (medication.stopDate === undefined || medication.stopDate >= day),
  );
}

/** The latest PDMP check on or before `day` that counts (not `unavailable`). */
export function lastPdmpCheck(plan: Pick<PlanFacts, 'pdmpChecks'>, day: CalendarDate) {
  return plan.pdmpChecks.filter((check) => check.result !== 'unavailable' && check.date <= day).at(-1);
}

export type PdmpStatus = { lastCheckedOn?: CalendarDate; nextDueBy?: CalendarDate; overdue: boolean };

/** Whether a check is due for the controlled medications ordered here (none ordered: never due). */
export function pdmpStatus(
  plan: Pick<PlanFacts, 'medications' | 'pdmpChecks'>,
  day: CalendarDate,
  rules: Pick<PlanRules, 'pdmp'>,
): PdmpStatus {
  const last = lastPdmpCheck(plan, day);
  const controlledHere = currentMedications(plan, day).some(
    (medication) => medication.source === 'ordered' && medicationEntry(medication.code).controlled,
  );
  if (!controlledHere) return { ...(last ? { lastCheckedOn: last.date } : {}), overdue: false };
  const nextDueBy = last ? addDays(last.date, rules.pdmp.recheckIntervalDays) : day;
  return { ...(last ? { lastCheckedOn: last.date } : {}), nextDueBy, overdue: nextDueBy < day || last === undefined };
}

export function orderMedication(command: OrderMedication, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { medicationId, code, doseAmount, doseUnit, route, frequency, startDate, orderedBy } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'medicationId', medicationId, 'give the order an id');
  requireOneOf(problems, 'code', code, MEDICATION_CODES);
  if (!(typeof doseAmount === 'number' && Number.isFinite(doseAmount) && doseAmount > 0)) {
    problems.push({ field: 'doseAmount', message: 'give the dose as a number above 0' });
  }
  requireOneOf(problems, 'doseUnit', doseUnit, DOSE_UNITS);
  requireOneOf(problems, 'route', route, ROUTES);
  requireOneOf(problems, 'frequency', frequency, FREQUENCIES);
  requireDate(problems, 'startDate', startDate, {
    notBefore: { date: today, message: `an order starts today (${today}) or later; a medication begun elsewhere is recorded as external` },
  });
  requireText(problems, 'orderedBy', orderedBy, 'give the prescriber');
  refuseIfInvalid('the medication cannot be ordered', 'invalid-medication-order', problems);
  if (plan.medications.some((medication) => medication.medicationId === medicationId)) return [];
  const entry = medicationEntry(code);
  if (entry.otpOnly && !rules.pdmp.opioidTreatmentProgrammeSites.includes(plan.siteId)) {
    throw new RuleBroken(
      `${code} for opioid use disorder is dispensed only by a certified opioid treatment programme (42 CFR 8.11, 8.12), and ${plan.siteId} is not one: record it as an external medication from the client's programme`,
      'otp-only-medication',
      { code },
    );
  }
  if (entry.controlled) checkPdmp(plan, today, rules);
  return [
    {
      type: 'MedicationOrdered',
      data: {
        planId: plan.planId,
        episodeId: plan.episodeId,
        clientId: plan.clientId,
        medicationId,
        code,
        rxnorm: entry.rxnorm,
        doseAmount,
        doseUnit,
        route,
        frequency,
        startDate,
        orderedBy,
        orderedOn: today,
      },
    },
  ];
}

/**
 * A controlled medication is ordered here only after a PDMP check (state rule): within
 * `checkWindowDays` before the first such order, and then at least every
 * `recheckIntervalDays` for each later order while one is being taken.
 */
function checkPdmp(plan: OpenPlan, today: CalendarDate, rules: PlanRules): void {
  const last = lastPdmpCheck(plan, today);
  const orderedBefore = plan.medications.some(
    (medication) => medication.source === 'ordered' && medicationEntry(medication.code).controlled,
  );
  const allowedDays = orderedBefore ? rules.pdmp.recheckIntervalDays : rules.pdmp.checkWindowDays;
  if (last !== undefined && daysBetween(last.date, today) <= allowedDays) return;
  throw new RuleBroken(
    `a controlled medication is ordered only after a prescription-drug-monitoring (PDMP) check within ${allowedDays} days` +
      (last ? ` (the last was on ${last.date})` : ' (there is none)') +
      ': check the PDMP, record it, then order',
    'pdmp-check-required',
    { windowDays: allowedDays, ...(last ? { lastCheckedOn: last.date } : {}) },
  );
}

export function recordExternalMedication(command: RecordExternalMedication, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { medicationId, code, source, prescriberId, since, verification, recordedBy } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'medicationId', medicationId, 'give the record an id');
  requireOneOf(problems, 'code', code, MEDICATION_CODES);
  requireOneOf(problems, 'source', source, EXTERNAL_SOURCES);
  requireText(problems, 'prescriberId', prescriberId, 'give the programme or prescriber (their id, e.g. NPI or the programme code)');
  requireDate(problems, 'since', since, { notAfter: { date: today, message: `give the day it began, today (${today}) at the latest` } });
  requireOneOf(problems, 'verification', verification, VERIFICATIONS);
  requireText(problems, 'recordedBy', recordedBy, 'give who recorded it');
  if (MEDICATION_CODES.includes(code) && medicationEntry(code).otpOnly && source !== 'opioid-treatment-programme') {
    problems.push({
      field: 'source',
      message: `${code} for opioid use disorder comes only from a certified opioid treatment programme (42 CFR 8.12): give source opioid-treatment-programme`,
    });
  }
  refuseIfInvalid('the external medication cannot be recorded', 'invalid-external-medication', problems);
  if (plan.medications.some((medication) => medication.medicationId === medicationId)) return [];
  return [
    {
      type: 'ExternalMedicationRecorded',
      data: {
        planId: plan.planId,
        episodeId: plan.episodeId,
        clientId: plan.clientId,
        medicationId,
        code,
        rxnorm: medicationEntry(code).rxnorm,
        source,
        prescriberId,
        since,
        verification,
        recordedBy,
      },
    },
  ];
}

export function stopMedication(command: StopMedication, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { medicationId, source, stopDate, reasonCode } = command.data;
  const today = todayAtSite(plan, now, rules);
  const medication = plan.medications.find(
    (candidate) => candidate.medicationId === medicationId && (candidate.source === 'ordered') === (source === 'ordered'),
  );
  if (!medication) {
    const list = source === 'ordered' ? 'medication ordered here' : 'external medication';
    throw new RuleBroken(`the plan has no ${list} ${medicationId}: stop one the plan lists`, 'unknown-medication', { medicationId });
  }
  if (medication.stopDate !== undefined) return medication.stopDate === stopDate ? [] : alreadyStopped(medication);
  const problems: ValidationProblem[] = [];
  if (
    requireDate(problems, 'stopDate', stopDate, {
      notAfter: { date: today, message: `a stop is recorded once it happened (today is ${today})` },
    })
  ) {
    if (stopDate < medication.startDate) problems.push({ field: 'stopDate', message: `the medication started on ${medication.startDate}` });
  }
  requireOneOf(problems, 'reasonCode', reasonCode, STOP_REASONS);
  refuseIfInvalid('the medication cannot be stopped', 'invalid-medication-stop', problems);
  return [
    {
      type: 'MedicationStopped',
      data: {
        planId: plan.planId,
        episodeId: plan.episodeId,
        clientId: plan.clientId,
        medicationId,
        code: medication.code,
        stopDate,
        reasonCode,
      },
    },
  ];
}

function alreadyStopped(medication: Medication): never {
  throw new RuleBroken(
    `medication ${medication.medicationId} was already stopped on ${medication.stopDate}`,
    'medication-already-stopped',
    {
      medicationId: medication.medicationId,
    },
  );
}

export function recordPdmpCheck(command: RecordPdmpCheck, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { checkId, date, result, checkedBy } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'checkId', checkId, 'give the check an id');
  requireDate(problems, 'date', date, { notAfter: { date: today, message: `a check is recorded once made (today is ${today})` } });
  requireOneOf(problems, 'result', result, PDMP_RESULTS);
  requireText(problems, 'checkedBy', checkedBy, 'give who checked');
  refuseIfInvalid('the PDMP check cannot be recorded', 'invalid-pdmp-check', problems);
  if (plan.pdmpChecks.some((check) => check.checkId === checkId)) return [];
  return [{ type: 'PdmpChecked', data: { planId: plan.planId, checkId, date, result, checkedBy } }];
}

export function recordNaloxone(command: RecordNaloxone, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { naloxoneId, date, action, recordedBy } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'naloxoneId', naloxoneId, 'give the record an id');
  requireDate(problems, 'date', date, { notAfter: { date: today, message: `recorded once it happened (today is ${today})` } });
  requireOneOf(problems, 'action', action, NALOXONE_ACTIONS);
  requireText(problems, 'recordedBy', recordedBy, 'give who recorded it');
  refuseIfInvalid('the naloxone record cannot be made', 'invalid-naloxone', problems);
  if (plan.naloxone.some((record) => record.naloxoneId === naloxoneId)) return [];
  return [
    {
      type: 'NaloxoneRecorded',
      data: { planId: plan.planId, episodeId: plan.episodeId, clientId: plan.clientId, naloxoneId, date, action, recordedBy },
    },
  ];
}
