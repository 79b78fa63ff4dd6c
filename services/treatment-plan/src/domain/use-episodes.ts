import { type CalendarDate } from '@continuum/care-episode';
import { daysBetween } from './calendar.js';
import { currentMedications, medicationEntry, prescribedSubstances } from './medications.js';
import { type DrugTest, type PlanFacts } from './plan.js';
import { type PlanRules } from './rules.js';
import {
  DEFAULT_SPECIMEN,
  type PrescribedSubstance,
  type Specimen,
  detectionWindowDays,
  prescriptionExplaining,
  substanceOf,
} from './toxicology.js';

// Use episodes, not results (docs/domain/medication-and-toxicology.md#use-episodes). Each
// piece of evidence of use (a positive test's unexpected analytes, a refused test, a reported
// use, a relapse) is a use fact. Facts for the same substance are one episode while each
// follows the one before within the substance's detection window in its specimen and no test
// between them was negative for that substance: two alcohol positives on consecutive days are
// one drink, not two. Facts that share evidence (a relapse citing a test) or that name several
// substances at once join their episodes. The streak restarts at an episode's last fact; the
// step-up rule counts episodes.

export type UseSource = 'positive-test' | 'refused-test' | 'self-report' | 'relapse';
export type Use = { date: CalendarDate; source: UseSource; id: string };
export type UseFact = Use & { substances: string[]; specimen: Specimen; citedTestIds: string[] };

export type UseEpisode = {
  /** The id of its first fact: stable as later facts join. */
  episodeId: string;
  start: CalendarDate;
  /** The day of its last fact: sober days count from here. */
  end: CalendarDate;
  substances: string[];
  facts: Use[];
};

type Facts = Pick<PlanFacts, 'drugTests' | 'selfReports' | 'relapses' | 'medications'>;

/** A positive test's findings, split into what the prescriptions explain and what is use. */
export type TestFindings = { expected: { analyte: string; medicationId: string }[]; unexpected: string[] };

export function findingsOf(
  test: DrugTest,
  prescribed: readonly PrescribedSubstance[],
  rules: Pick<PlanRules, 'detectionWindows'>,
): TestFindings {
  const expected: TestFindings['expected'] = [];
  const unexpected: string[] = [];
  if (test.result !== 'positive') return { expected, unexpected };
  for (const analyte of test.substanceCodes) {
    const explaining = prescriptionExplaining(analyte, test.date, test.specimen ?? DEFAULT_SPECIMEN, prescribed, rules.detectionWindows);
    if (explaining) expected.push({ analyte, medicationId: explaining.medicationId });
    else unexpected.push(analyte);
  }
  return { expected, unexpected };
}

/** Every fact of use dated on or before `day`, oldest first. A positive only for prescribed medication is no use. */
export function useFactsOf(plan: Facts, day: CalendarDate, rules: Pick<PlanRules, 'detectionWindows'>): UseFact[] {
  const prescribed = prescribedSubstances(plan);
  const facts: UseFact[] = [];
  for (const test of plan.drugTests) {
    const specimen = test.specimen ?? DEFAULT_SPECIMEN;
    if (test.result === 'positive') {
      const { unexpected } = findingsOf(test, prescribed, rules);
      if (unexpected.length > 0)
        facts.push({
          ...fact(test.date, 'positive-test', test.testId, unexpected.map(substanceOf), specimen),
          citedTestIds: [test.testId],
        });
    }
    // A refusal is a presumptive positive for nothing in particular: its own episode.
    if (test.result === 'refused') facts.push({ ...fact(test.date, 'refused-test', test.testId, [`refused:${test.testId}`], specimen) });
  }
  for (const report of plan.selfReports) {
    if (report.used || report.lastUseDate !== undefined) {
      const substances = report.substanceCodes.length > 0 ? report.substanceCodes.map(substanceOf) : [`reported:${report.reportId}`];
      facts.push(fact(report.lastUseDate ?? report.date, 'self-report', report.reportId, substances, DEFAULT_SPECIMEN));
    }
  }
  for (const relapse of plan.relapses) {
    const cited = relapse.evidence.filter((evidence) => evidence.kind === 'drug-test').map((evidence) => evidence.id);
    facts.push({
      ...fact(relapse.date, 'relapse', relapse.relapseId, relapse.substanceCodes.map(substanceOf), DEFAULT_SPECIMEN),
      citedTestIds: cited,
    });
  }
  return facts.filter((use) => use.date <= day).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

function fact(date: CalendarDate, source: UseSource, id: string, substances: string[], specimen: Specimen): UseFact {
  return { date, source, id, substances: [...new Set(substances)], specimen, citedTestIds: [] };
}

/** Whether `test`, dated strictly between two days, showed `substance` absent. */
function negativeFor(test: DrugTest, substance: string): boolean {
  if (test.result === 'negative') return test.panel === undefined || test.panel.some((analyte) => substanceOf(analyte) === substance);
  if (test.result === 'positive' && test.panel !== undefined) {
    return (
      test.panel.some((analyte) => substanceOf(analyte) === substance) &&
      !test.substanceCodes.some((analyte) => substanceOf(analyte) === substance)
    );
  }
  return false;
}

/** The use episodes known on `day`, oldest first. */
export function useEpisodes(plan: Facts, day: CalendarDate, rules: Pick<PlanRules, 'detectionWindows'>): UseEpisode[] {
  const facts = useFactsOf(plan, day, rules);
  const parent = new Map<string, string>(facts.map((use) => [use.id, use.id]));
  const root = (id: string): string => {
    let at = id;
    while (parent.get(at) !== at) at = parent.get(at)!;
    return at;
  };
  const join = (a: string, b: string) => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  // A relapse that cites a positive test is that test's use.
  for (const use of facts) for (const testId of use.citedTestIds) if (testId !== use.id && parent.has(testId)) join(testId, use.id);
  const substances = [...new Set(facts.flatMap((use) => use.substances))];
  for (const substance of substances) {
    let previous: UseFact | undefined;
    for (const use of facts.filter((candidate) => candidate.substances.includes(substance))) {
      if (previous && sameUse(previous, use, substance, plan.drugTests, rules)) join(previous.id, use.id);
      previous = use;
    }
  }
  const groups = new Map<string, UseFact[]>();
  for (const use of facts) groups.set(root(use.id), [...(groups.get(root(use.id)) ?? []), use]);
  return [...groups.values()]
    .map((members) => ({
      episodeId: members[0]!.id,
      start: members[0]!.date,
      end: members.at(-1)!.date,
      substances: [...new Set(members.flatMap((use) => use.substances))].filter((code) => !code.includes(':')),
      facts: members.map(({ date, source, id }) => ({ date, source, id })),
    }))
    .sort((a, b) => a.end.localeCompare(b.end) || a.start.localeCompare(b.start));
}

function sameUse(
  earlier: UseFact,
  later: UseFact,
  substance: string,
  tests: readonly DrugTest[],
  rules: Pick<PlanRules, 'detectionWindows'>,
): boolean {
  if (substance.includes(':')) return false;
  // The later specimen's window: it is the one that may still be showing the earlier use.
  if (daysBetween(earlier.date, later.date) > detectionWindowDays(rules.detectionWindows, substance, later.specimen)) return false;
  return !tests.some((test) => test.date > earlier.date && test.date < later.date && negativeFor(test, substance));
}

/** A prescribed medication a test looked for and did not find: possible non-adherence, for the clinician to review. Never use. */
export type ReviewFlag = {
  testId: string;
  date: CalendarDate;
  medicationId: string;
  substance: string;
  reason: 'prescribed-medication-not-found';
};

export function toxicologyReviewFlags(plan: Pick<PlanFacts, 'drugTests' | 'medications'>): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  for (const test of plan.drugTests) {
    if ((test.result !== 'negative' && test.result !== 'positive') || test.panel === undefined) continue;
    for (const medication of currentMedications(plan, test.date)) {
      // On its first day a medication may not show yet.
      if (medication.startDate >= test.date) continue;
      for (const substance of medicationEntry(medication.code).substances) {
        const tested = test.panel.some((analyte) => substanceOf(analyte) === substance);
        const found = test.result === 'positive' && test.substanceCodes.some((analyte) => substanceOf(analyte) === substance);
        if (tested && !found)
          flags.push({
            testId: test.testId,
            date: test.date,
            medicationId: medication.medicationId,
            substance,
            reason: 'prescribed-medication-not-found',
          });
      }
    }
  }
  return flags;
}
