import { DEFAULT_LEVEL_CATALOGUE, type LevelCatalogue } from '@continuum/care-episode';
import { type AftercareDisclosures, DEFAULT_AFTERCARE_DISCLOSURES, aftercareDisclosuresProblems } from './outside-sends.js';

// Every number aftercare's rules use (services/aftercare/README.md#configuration): defaults for a network, which a
// network or a site may override. A plan keeps the check-in dates it was created with; the
// other figures are read when a command is decided.

/** Day 7 and day 30 after discharge, then every 90 days for a year (docs/domain/aftercare.md#check-ins). */
export type CheckInSchedule = {
  /** The first check-ins, in days after the discharge day. */
  first: readonly number[];
  /** After the last of `first`, one check-in every this many days… */
  thenEveryDays: number;
  /** …as long as it falls on or before this day; continuing care ends on this day. */
  untilDays: number;
};

export type AftercareRules = {
  schedule: CheckInSchedule;
  /** Derived from `schedule` by `aftercareRules`: the days after discharge a check-in is due, ascending. */
  checkInDays: readonly number[];
  /** Days after its due date a check-in may still be recorded before it counts as missed. */
  graceDays: number;
  /** A BARC-10 total at least this many points below the previous check-in's recommends readmission. */
  barcDropForReadmission: number;
  /** A BARC-10 total from this value up marks strong recovery capital. */
  barc10StrongFrom: number;
  /** This many missed check-ins in a row mark the client unreachable. */
  missesForUnreachable: number;
  /** A relapse-prevention plan lists at least this many support contacts. */
  minimumSupportContacts: number;
  /** The network's level catalogue, for the step-down level. */
  levels: LevelCatalogue;
  /** What the step-down, recovery-residence and peer-support sends carry, for which purpose, under which policy. */
  disclosures: AftercareDisclosures;
};

export const DEFAULT_CHECK_IN_SCHEDULE: CheckInSchedule = Object.freeze({
  first: Object.freeze([7, 30]),
  thenEveryDays: 90,
  untilDays: 365,
});

/** The days a check-in is due: `first`, then every `thenEveryDays` after the last of them, up to `untilDays`. */
export function checkInDaysOf(schedule: CheckInSchedule): number[] {
  const { first, thenEveryDays, untilDays } = schedule;
  const days = [...new Set(first)].filter((day) => day <= untilDays).sort((a, b) => a - b);
  let next = (days.at(-1) ?? 0) + thenEveryDays;
  while (thenEveryDays > 0 && next <= untilDays) {
    days.push(next);
    next += thenEveryDays;
  }
  return days;
}

export type AftercareRulesOverrides = Partial<Omit<AftercareRules, 'schedule' | 'checkInDays'>> & { schedule?: Partial<CheckInSchedule> };

/**
 * A network's or site's rules: the defaults (or `base`) with the given values replaced. A
 * schedule that cannot work is refused here, when the configuration is loaded, rather than
 * producing a plan without check-ins.
 */
export function aftercareRules(overrides: AftercareRulesOverrides = {}, base?: AftercareRules): AftercareRules {
  const { schedule: scheduleOverrides, ...figures } = overrides;
  const schedule: CheckInSchedule = { ...(base?.schedule ?? DEFAULT_CHECK_IN_SCHEDULE), ...scheduleOverrides };
  const rules: AftercareRules = {
    graceDays: 7,
    barcDropForReadmission: 8,
    barc10StrongFrom: 47,
    missesForUnreachable: 3,
    minimumSupportContacts: 3,
    levels: DEFAULT_LEVEL_CATALOGUE,
    disclosures: DEFAULT_AFTERCARE_DISCLOSURES,
    ...stripDerived(base),
    ...figures,
    schedule,
    checkInDays: checkInDaysOf(schedule),
  };
  const problems = aftercareRulesProblems(rules);
  if (problems.length > 0) throw new RangeError(`aftercare rules are not usable: ${problems.join('; ')}`);
  return rules;
}

function stripDerived(base: AftercareRules | undefined): Partial<AftercareRules> {
  if (!base) return {};
  const { schedule: _schedule, checkInDays: _checkInDays, ...figures } = base;
  return figures;
}

function aftercareRulesProblems(rules: AftercareRules): string[] {
  const problems: string[] = [];
  const isWholeAtLeast = (value: number, minimum: number) => Number.isInteger(value) && value >= minimum;
  const { first, thenEveryDays, untilDays } = rules.schedule;
  if (!first.every((day) => isWholeAtLeast(day, 1))) problems.push('schedule.first: give days after discharge as whole numbers from 1');
  if (!isWholeAtLeast(thenEveryDays, 0)) problems.push('schedule.thenEveryDays: give a whole number of days (0 for no repeats)');
  if (!isWholeAtLeast(untilDays, 1)) problems.push('schedule.untilDays: give the length of continuing care in whole days');
  if (problems.length === 0 && rules.checkInDays.length === 0) problems.push('schedule: no check-in falls within untilDays');
  if (!isWholeAtLeast(rules.graceDays, 0)) problems.push('graceDays: give a whole number of days, 0 or more');
  if (!isWholeAtLeast(rules.barcDropForReadmission, 1)) problems.push('barcDropForReadmission: give a whole number of points from 1');
  if (!isWholeAtLeast(rules.barc10StrongFrom, 10) || rules.barc10StrongFrom > 60)
    problems.push('barc10StrongFrom: give a BARC-10 total between 10 and 60');
  if (!isWholeAtLeast(rules.missesForUnreachable, 1)) problems.push('missesForUnreachable: give a whole number from 1');
  if (!isWholeAtLeast(rules.minimumSupportContacts, 1)) problems.push('minimumSupportContacts: give a whole number from 1');
  problems.push(...aftercareDisclosuresProblems(rules.disclosures));
  return problems;
}

export const DEFAULT_AFTERCARE_RULES: AftercareRules = aftercareRules();
