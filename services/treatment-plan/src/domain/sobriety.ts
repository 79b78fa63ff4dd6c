import { type CalendarDate, lateEntryOf } from '@continuum/care-episode';
import { DRUG_TEST_RESULTS } from './codes.js';
import { type RecordDrugTest, type RecordSelfReport } from './commands.js';
import { type PlanEvent } from './events.js';
import { dayOf, daysBetween, todayAtSite } from './calendar.js';
import { type OpenPlan, type PlanFacts } from './plan.js';
import { type PlanRules } from './rules.js';
import { stepUpIfTipped } from './step-up.js';
import {
  type ValidationProblem,
  refuseIfInvalid,
  requireCodes,
  requireDate,
  requireFactDate,
  requireOneOf,
  requireText,
} from './validation.js';

// Drug and alcohol tests, self-reports and the sobriety streak
// (docs/domain/treatment-plan.md#drug-and-alcohol-tests-and-the-sobriety-streak). What counts as use:
// - a positive test, on its date;
// - a refused test, on its date: programmes and courts treat a refusal as a presumptive
//   positive, and if it did not count, refusing would be the way to keep a streak;
// - a self-report of use, on the reported last-use day (or the report's day when not given);
//   a report of no use that still names a last-use day counts that day;
// - a relapse, on its date.
// A dilute test does not reset the streak (dilution has innocent causes) but is noted on it,
// so that a run of dilutes is seen by the clinician.

export type UseSource = 'positive-test' | 'refused-test' | 'self-report' | 'relapse';
export type Use = { date: CalendarDate; source: UseSource; id: string };

export function usesOf(plan: Pick<PlanFacts, 'drugTests' | 'selfReports' | 'relapses'>): Use[] {
  const uses: Use[] = [];
  for (const test of plan.drugTests) {
    if (test.result === 'positive') uses.push({ date: test.date, source: 'positive-test', id: test.testId });
    if (test.result === 'refused') uses.push({ date: test.date, source: 'refused-test', id: test.testId });
  }
  for (const report of plan.selfReports) {
    if (report.used || report.lastUseDate !== undefined)
      uses.push({ date: report.lastUseDate ?? report.date, source: 'self-report', id: report.reportId });
  }
  for (const relapse of plan.relapses) uses.push({ date: relapse.date, source: 'relapse', id: relapse.relapseId });
  return uses.sort((a, b) => a.date.localeCompare(b.date));
}

export type Sobriety = {
  /** Whole days since the last use; on the day of a use, 0. */
  days: number;
  /** The day counted from: the last known use, or the plan's start when none is known. */
  since: CalendarDate;
  lastUse?: Use;
  /** Dilute tests after `since`: they do not break the streak, but the clinician sees them. */
  diluteTestIds: string[];
};

/**
 * The streak as of `today`. Uses dated after `today` are ignored, so the same function
 * answers "as of" questions about the past. A use known from before the plan started (a
 * report of the last drink before admission) counts: the streak may be longer than the plan.
 */
export function sobriety(
  plan: Pick<PlanFacts, 'startDate' | 'drugTests' | 'selfReports' | 'relapses'>,
  today: Date | CalendarDate,
): Sobriety {
  const day = dayOf(today);
  const lastUse = usesOf(plan)
    .filter((use) => use.date <= day)
    .at(-1);
  const since = lastUse?.date ?? plan.startDate;
  const diluteTestIds = plan.drugTests
    .filter((test) => test.result === 'dilute' && test.date > since && test.date <= day)
    .map((test) => test.testId);
  return { days: Math.max(0, daysBetween(since, day)), since, ...(lastUse ? { lastUse } : {}), diluteTestIds };
}

/** Whole days since the last use (see `sobriety` for what counts). */
export function sobrietyStreak(
  plan: Pick<PlanFacts, 'startDate' | 'drugTests' | 'selfReports' | 'relapses'>,
  today: Date | CalendarDate,
): number {
  return sobriety(plan, today).days;
}

export function recordDrugTest(command: RecordDrugTest, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { testId, date, result, substanceCodes, lateEntryReason } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'testId', testId, 'give the test an id');
  requireFactDate(problems, { date, lateEntryReason }, { today, rules, field: 'date', what: 'the drug test (its collection day)' });
  requireOneOf(problems, 'result', result, DRUG_TEST_RESULTS);
  requireCodes(problems, 'substanceCodes', substanceCodes, {
    ...(result === 'positive' ? { atLeastOne: 'a positive test names the substances it was positive for' } : {}),
  });
  refuseIfInvalid('the drug test cannot be recorded', 'invalid-drug-test', problems);
  if (plan.drugTests.some((test) => test.testId === testId)) return [];
  const recorded: PlanEvent = {
    type: 'DrugTestRecorded',
    data: { planId: plan.planId, testId, date, result, substanceCodes, ...lateEntryOf({ date, lateEntryReason }, today) },
  };
  return [recorded, ...(result === 'positive' ? stepUpIfTipped(plan, recorded, now, rules) : [])];
}

export function recordSelfReport(command: RecordSelfReport, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { reportId, date, used, lastUseDate, substanceCodes } = command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'reportId', reportId, 'give the report an id');
  const dated = requireDate(problems, 'date', date, {
    notAfter: { date: today, message: `a report is recorded once made: the date is after today (${today})` },
  });
  if (typeof used !== 'boolean') problems.push({ field: 'used', message: 'say whether the client reported use (true or false)' });
  if (lastUseDate !== undefined && dated) {
    requireDate(problems, 'lastUseDate', lastUseDate, {
      notAfter: { date, message: `the last use cannot be after the report itself (${date})` },
    });
  }
  requireCodes(problems, 'substanceCodes', substanceCodes);
  refuseIfInvalid('the self-report cannot be recorded', 'invalid-self-report', problems);
  if (plan.selfReports.some((report) => report.reportId === reportId)) return [];
  return [
    {
      type: 'SelfReportRecorded',
      data: { planId: plan.planId, reportId, date, used, ...(lastUseDate === undefined ? {} : { lastUseDate }), substanceCodes },
    },
  ];
}
