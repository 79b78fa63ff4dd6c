import { type CalendarDate, lateEntryOf } from '@continuum/care-episode';
import { RuleBroken } from '@continuum/decider';
import { DRUG_TEST_RESULTS } from './codes.js';
import { type ConfirmDrugTest, type RecordDrugTest, type RecordSelfReport } from './commands.js';
import { type PlanEvent } from './events.js';
import { addDays, dayOf, daysBetween, todayAtSite } from './calendar.js';
import { DEFAULT_PLAN_RULES, type PlanRules } from './rules.js';
import { COLLECTOR_ROLES, DRUG_TEST_STAGES, SPECIMENS, substanceOf } from './toxicology.js';
import { prescribedSubstances } from './medications.js';
import { type DrugTest, type OpenPlan, type PlanFacts } from './plan.js';
import { type PrescribedSubstance } from './toxicology.js';
import { type Use, type UseEpisode, findingsOf, useEpisodes, useFactsOf } from './use-episodes.js';
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
// (docs/domain/treatment-plan.md#drug-and-alcohol-tests-and-the-sobriety-streak). What counts as use
// is a use fact (use-episodes.ts): a positive test's analytes that no prescription explains, a
// refused test (programmes and courts treat a refusal as a presumptive positive, and if it did
// not count, refusing would be the way to keep a streak), a reported use (on the reported
// last-use day, or the report's), and a relapse. Facts of one use form one episode. Sober days
// start at the later of the admission and the last episode's last fact, and count only when
// backed by evidence: a negative test and attendance in each of the last weeks
// (docs/domain/medication-and-toxicology.md#sobriety-from-evidence). A dilute test does not
// reset the streak (dilution has innocent causes) but is noted on it, so that a run of
// dilutes is seen by the clinician; it is no evidence of sobriety either.

type SobrietyFacts = Pick<PlanFacts, 'startDate' | 'drugTests' | 'selfReports' | 'relapses' | 'medications' | 'sessions'>;

/** Every fact of use, oldest first (use-episodes.ts). */
export function usesOf(
  plan: Pick<PlanFacts, 'drugTests' | 'selfReports' | 'relapses' | 'medications'>,
  rules: Pick<PlanRules, 'detectionWindows'> = DEFAULT_PLAN_RULES,
): Use[] {
  return useFactsOf(plan, '9999-12-31', rules).map(({ date, source, id }) => ({ date, source, id }));
}

export type EvidenceWeek = {
  from: CalendarDate;
  to: CalendarDate;
  negativeTestIds: string[];
  attendedSessionIds: string[];
  met: boolean;
};

export type Sobriety = {
  /** Calendar days since `since`; on the day of a use, 0. */
  days: number;
  /** The sober days evidence backs: `days` when every evidence week is met, else the weeks met back from today. */
  evidencedDays: number;
  /** The later of the plan's start and the last use episode's last fact. */
  since: CalendarDate;
  lastUse?: Use;
  lastUseEpisode?: UseEpisode;
  /**
   * The last `sobrietyEvidence.weeks` seven-day spans (a test negative for use: negative, or
   * positive only for prescribed medication) ending on the day asked about, latest
   * first; a span that ends on or before `since` is not asked for.
   */
  evidenceWeeks: EvidenceWeek[];
  /** Dilute tests after `since`: they do not break the streak, but the clinician sees them. */
  diluteTestIds: string[];
};

/**
 * The streak as of `today`. Facts dated after `today` are ignored, so the same function
 * answers "as of" questions about the past.
 */
export function sobriety(
  plan: SobrietyFacts,
  today: Date | CalendarDate,
  rules: Pick<PlanRules, 'detectionWindows' | 'sobrietyEvidence'> = DEFAULT_PLAN_RULES,
): Sobriety {
  const day = dayOf(today);
  const lastUseEpisode = useEpisodes(plan, day, rules).at(-1);
  const lastUse = lastUseEpisode?.facts.at(-1);
  const since = lastUseEpisode && lastUseEpisode.end > plan.startDate ? lastUseEpisode.end : plan.startDate;
  const days = Math.max(0, daysBetween(since, day));
  const diluteTestIds = plan.drugTests
    .filter((test) => test.result === 'dilute' && test.date > since && test.date <= day)
    .map((test) => test.testId);
  const evidenceWeeks = evidenceWeeksOf(plan, since, day, rules);
  const metBack = evidenceWeeks.findIndex((week) => !week.met);
  const evidencedDays = metBack === -1 ? days : Math.min(days, metBack * 7);
  return {
    days,
    evidencedDays,
    since,
    ...(lastUse ? { lastUse } : {}),
    ...(lastUseEpisode ? { lastUseEpisode } : {}),
    evidenceWeeks,
    diluteTestIds,
  };
}

function isNegativeForUse(test: DrugTest, prescribed: readonly PrescribedSubstance[], rules: Pick<PlanRules, 'detectionWindows'>): boolean {
  if (test.result === 'negative') return true;
  if (test.result !== 'positive') return false;
  const { expected, unexpected } = findingsOf(test, prescribed, rules);
  return unexpected.length === 0 && expected.length > 0;
}

function evidenceWeeksOf(
  plan: Pick<PlanFacts, 'drugTests' | 'sessions' | 'medications'>,
  since: CalendarDate,
  day: CalendarDate,
  rules: Pick<PlanRules, 'sobrietyEvidence' | 'detectionWindows'>,
): EvidenceWeek[] {
  const { weeks, negativeTestsPerWeek, attendedSessionsPerWeek } = rules.sobrietyEvidence;
  const prescribed = prescribedSubstances(plan);
  return (
    Array.from({ length: weeks }, (_, index) => addDays(day, -7 * index))
      // A span that ends on or before the last use is no part of this run of sober days.
      .filter((to) => to > since)
      .map((to) => {
        const from = addDays(to, -6);
        const within = (date: CalendarDate) => date >= from && date <= to;
        // A negative on the day of the last use, or before it, says nothing of the sobriety after it.
        // A positive only for the client's prescribed medication is a negative for use.
        const negativeTestIds = plan.drugTests
          .filter((test) => test.date > since && within(test.date) && isNegativeForUse(test, prescribed, rules))
          .map((test) => test.testId);
        const attendedSessionIds = plan.sessions
          .filter((session) => session.attended && session.date > since && within(session.date))
          .map((session) => session.sessionId);
        const met = negativeTestIds.length >= negativeTestsPerWeek && attendedSessionIds.length >= attendedSessionsPerWeek;
        return { from, to, negativeTestIds, attendedSessionIds, met };
      })
  );
}

/** Calendar days since the last use (see `sobriety`; the evidence-backed figure is `evidencedDays`). */
export function sobrietyStreak(
  plan: SobrietyFacts,
  today: Date | CalendarDate,
  rules: Pick<PlanRules, 'detectionWindows' | 'sobrietyEvidence'> = DEFAULT_PLAN_RULES,
): number {
  return sobriety(plan, today, rules).days;
}

export function recordDrugTest(command: RecordDrugTest, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { testId, date, result, substanceCodes, lateEntryReason, specimen, panel, observed, collectedBy, collectorRole, stage } =
    command.data;
  const today = todayAtSite(plan, now, rules);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'testId', testId, 'give the test an id');
  requireFactDate(problems, { date, lateEntryReason }, { today, rules, field: 'date', what: 'the drug test (its collection day)' });
  requireOneOf(problems, 'result', result, DRUG_TEST_RESULTS);
  requireCodes(problems, 'substanceCodes', substanceCodes, {
    ...(result === 'positive' ? { atLeastOne: 'a positive test names the substances it was positive for' } : {}),
  });
  if (specimen !== undefined) requireOneOf(problems, 'specimen', specimen, SPECIMENS);
  if (panel !== undefined) {
    requireCodes(problems, 'panel', panel, { atLeastOne: 'a panel names the analytes tested, or is left out' });
    if (Array.isArray(panel) && Array.isArray(substanceCodes)) {
      // A metabolite is on the panel when its drug is (norbuprenorphine on a buprenorphine panel).
      const tested = new Set(panel.map(substanceOf));
      const untested = substanceCodes.filter((code) => !panel.includes(code) && !tested.has(substanceOf(code)));
      if (untested.length > 0) problems.push({ field: 'substanceCodes', message: `not on the panel: ${untested.join(', ')}` });
    }
  }
  if (specimen === 'breath' && Array.isArray(substanceCodes) && substanceCodes.some((code) => substanceOf(code) !== 'alcohol')) {
    problems.push({ field: 'substanceCodes', message: 'a breath test finds alcohol only' });
  }
  if (observed !== undefined && typeof observed !== 'boolean')
    problems.push({ field: 'observed', message: 'say whether the collection was observed (true or false)' });
  if (collectedBy !== undefined) requireText(problems, 'collectedBy', collectedBy, 'give who collected the specimen');
  if (collectorRole !== undefined) requireOneOf(problems, 'collectorRole', collectorRole, COLLECTOR_ROLES);
  if (stage !== undefined) requireOneOf(problems, 'stage', stage, DRUG_TEST_STAGES);
  refuseIfInvalid('the drug test cannot be recorded', 'invalid-drug-test', problems);
  if (plan.drugTests.some((test) => test.testId === testId) || plan.enteredInError.some((entry) => entry.id === testId)) return [];
  const recorded: PlanEvent = {
    type: 'DrugTestRecorded',
    data: {
      planId: plan.planId,
      testId,
      date,
      result,
      substanceCodes,
      ...lateEntryOf({ date, lateEntryReason }, today),
      ...(specimen === undefined ? {} : { specimen }),
      ...(panel === undefined ? {} : { panel }),
      ...(observed === undefined ? {} : { observed }),
      ...(collectedBy === undefined ? {} : { collectedBy }),
      ...(collectorRole === undefined ? {} : { collectorRole }),
      ...(stage === undefined ? {} : { stage }),
    },
  };
  return [recorded, ...(result === 'positive' ? stepUpIfTipped(plan, recorded, now, rules) : [])];
}

/**
 * The laboratory's result for a test recorded presumptive: it supersedes the cup's. The same
 * confirmation again changes nothing; a second, different one is refused (correct it by
 * marking the test entered-in-error and recording it anew).
 */
export function confirmDrugTest(command: ConfirmDrugTest, plan: OpenPlan, now: Date, rules: PlanRules): PlanEvent[] {
  const { testId, result, substanceCodes } = command.data;
  const test = plan.drugTests.find((candidate) => candidate.testId === testId);
  if (!test)
    throw new RuleBroken(`the plan has no drug test ${testId}: confirm a test the plan holds`, 'unknown-entry', {
      kind: 'drug-test',
      id: testId,
    });
  const problems: ValidationProblem[] = [];
  requireOneOf(problems, 'result', result, DRUG_TEST_RESULTS);
  requireCodes(problems, 'substanceCodes', substanceCodes, {
    ...(result === 'positive' ? { atLeastOne: 'a positive result names the substances it was positive for' } : {}),
  });
  refuseIfInvalid('the confirmation cannot be recorded', 'invalid-drug-test', problems);
  if (test.stage === 'confirmed') {
    const same = test.result === result && [...test.substanceCodes].sort().join() === [...substanceCodes].sort().join();
    if (same) return [];
    throw new RuleBroken(
      `drug test ${testId} is already confirmed (${test.result}): mark it entered-in-error and record the test again to correct it`,
      'already-confirmed',
      { testId },
    );
  }
  const confirmed: PlanEvent = {
    type: 'DrugTestConfirmed',
    data: { planId: plan.planId, testId, result, substanceCodes, confirmedOn: todayAtSite(plan, now, rules) },
  };
  return [confirmed, ...(result === 'positive' ? stepUpIfTipped(plan, confirmed, now, rules) : [])];
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
