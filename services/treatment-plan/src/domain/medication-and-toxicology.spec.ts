import { deciderSpec } from '@continuum/testing';
import { treatmentPlan, treatmentPlanDecider } from './decide.js';
import { dischargeReadiness } from './discharge.js';
import { MEDICATION_CATALOGUE, pdmpStatus } from './medications.js';
import { type Plan } from './plan.js';
import { DEFAULT_PLAN_RULES, planRules } from './rules.js';
import { sobriety } from './sobriety.js';
import { stepUpRecommended } from './step-up.js';
import { DEFAULT_DETECTION_WINDOWS, detectionWindowDays, substanceOf } from './toxicology.js';
import { toxicologyReviewFlags, useEpisodes } from './use-episodes.js';
import {
  START,
  type Step,
  activePlan,
  changeGoalStatus,
  confirmTest,
  createPlan,
  dayOfPlan,
  discharge,
  drugTest,
  externalBuprenorphine,
  historyOf,
  on,
  orderMedication,
  panelTest,
  pdmpCheck,
  planAfter,
  relapse,
  selfReport,
  session,
  stopMedication,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));

function created(steps: Step[]): Exclude<Plan, { status: 'not-created' }> {
  const plan = planAfter(steps);
  if (plan.status === 'not-created') throw new Error('the steps created no plan');
  return plan;
}

/** Weekly evidence: panel tests positive only for the client's buprenorphine, and a session. */
const onBuprenorphineWeekly = (fromDay: number, toDay: number): Step[] => {
  const steps: Step[] = [];
  for (let day = fromDay; day <= toDay; day += 7) {
    steps.push(
      panelTest(`weekly-${day}`, dayOfPlan(day), ['buprenorphine', 'norbuprenorphine']),
      session(`session-${day}`, dayOfPlan(day), 3),
    );
  }
  return steps;
};

describe('the medication catalogue', () => {
  it('carries the RxNorm codes of the medications for addiction treatment, and which are controlled', () => {
    expect(
      Object.fromEntries(Object.entries(MEDICATION_CATALOGUE).map(([code, entry]) => [code, [entry.rxnorm, entry.controlled]])),
    ).toEqual({
      buprenorphine: ['1819', true],
      'buprenorphine-naloxone': ['352364', true],
      methadone: ['6813', true],
      naltrexone: ['7243', false],
      acamprosate: ['82819', false],
      disulfiram: ['3554', false],
      naloxone: ['7242', false],
    });
  });
});

describe('toxicology by analyte, knowing the medication list', () => {
  it('maps metabolites to their parent drug', () => {
    expect(['norbuprenorphine', 'eddp', 'etg', 'norfentanyl', '6-mam', 'made-up'].map(substanceOf)).toEqual([
      'buprenorphine',
      'methadone',
      'alcohol',
      'fentanyl',
      'opiates',
      'made-up',
    ]);
  });

  it('given buprenorphine from an outside prescriber, a positive only for buprenorphine and norbuprenorphine is expected: the streak continues and nothing tips', () =>
    given(createPlan(), externalBuprenorphine(), panelTest('test-1', dayOfPlan(5), ['buprenorphine']))
      .when(panelTest('test-2', dayOfPlan(9), ['buprenorphine', 'norbuprenorphine']), on(dayOfPlan(9)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('keeps the streak on an expected result, and restarts it on fentanyl in the same cup', () => {
    const expectedOnly = created([createPlan(), externalBuprenorphine(), panelTest('test-1', dayOfPlan(10), ['buprenorphine'])]);
    expect(sobriety(expectedOnly, dayOfPlan(12))).toMatchObject({ days: 12, since: START });
    const withFentanyl = created([
      createPlan(),
      externalBuprenorphine(),
      panelTest('test-1', dayOfPlan(10), ['buprenorphine', 'fentanyl']),
    ]);
    expect(sobriety(withFentanyl, dayOfPlan(12))).toMatchObject({
      days: 2,
      since: dayOfPlan(10),
      lastUseEpisode: { substances: ['fentanyl'], facts: [{ id: 'test-1', source: 'positive-test' }] },
    });
  });

  it('counts opiates, fentanyl and other opioids as use for a client on methadone; EDDP and methadone are expected', () => {
    const plan = created([
      createPlan(),
      externalBuprenorphine({
        medicationId: 'methadone-1',
        code: 'methadone',
        source: 'opioid-treatment-programme',
        prescriberId: 'otp-77',
      }),
      panelTest('test-1', dayOfPlan(3), ['methadone', 'eddp']),
      panelTest('test-2', dayOfPlan(8), ['eddp', 'opiates']),
    ]);
    expect(useEpisodes(plan, dayOfPlan(10), DEFAULT_PLAN_RULES)).toEqual([
      {
        episodeId: 'test-2',
        start: dayOfPlan(8),
        end: dayOfPlan(8),
        substances: ['opiates'],
        facts: [{ date: dayOfPlan(8), source: 'positive-test', id: 'test-2' }],
      },
    ]);
  });

  it('counts buprenorphine as use for a client with no prescription for it', () => {
    const plan = created([createPlan(), panelTest('test-1', dayOfPlan(3), ['buprenorphine'])]);
    expect(sobriety(plan, dayOfPlan(5)).days).toBe(2);
  });

  it('counts a medication before its start as use, and for its detection window after its stop as expected', () => {
    const plan = created([
      createPlan(),
      panelTest('test-1', dayOfPlan(3), ['buprenorphine']),
      [externalBuprenorphine({ since: dayOfPlan(4) }), dayOfPlan(4)],
      [stopMedication('medication-1', dayOfPlan(10)), dayOfPlan(10)],
      panelTest('test-2', dayOfPlan(14), ['buprenorphine']),
      panelTest('test-3', dayOfPlan(15), ['buprenorphine']),
    ]);
    // Day 3: before the start. Day 14: the stop plus buprenorphine's 4 days in urine. Day 15: beyond.
    expect(useEpisodes(plan, dayOfPlan(20), DEFAULT_PLAN_RULES).map((episode) => episode.facts.map((fact) => fact.id))).toEqual([
      ['test-1'],
      ['test-3'],
    ]);
  });

  it('flags a negative for a prescribed buprenorphine for review (possible non-adherence), and never counts it as use', () => {
    const plan = created([
      createPlan(),
      externalBuprenorphine(),
      panelTest('test-1', dayOfPlan(6), []),
      panelTest('test-2', dayOfPlan(7), ['cocaine']),
    ]);
    // Naloxone is not on the panel, so its absence says nothing.
    expect(toxicologyReviewFlags(plan)).toEqual([
      {
        testId: 'test-1',
        date: dayOfPlan(6),
        medicationId: 'medication-1',
        substance: 'buprenorphine',
        reason: 'prescribed-medication-not-found',
      },
      {
        testId: 'test-2',
        date: dayOfPlan(7),
        medicationId: 'medication-1',
        substance: 'buprenorphine',
        reason: 'prescribed-medication-not-found',
      },
    ]);
    expect(sobriety(plan, dayOfPlan(6)).days).toBe(6);
  });

  it('does not flag a test whose panel did not look for the medication, nor one on its first day', () => {
    const plan = created([
      createPlan(),
      [externalBuprenorphine({ since: dayOfPlan(6) }), dayOfPlan(6)],
      panelTest('test-1', dayOfPlan(6), []),
      panelTest('test-2', dayOfPlan(7), [], { panel: ['alcohol', 'fentanyl'] }),
    ]);
    expect(toxicologyReviewFlags(plan)).toEqual([]);
  });
});

describe('use episodes: detection windows per analyte and specimen', () => {
  it('reads the windows from the table, with a default row and column', () => {
    expect(detectionWindowDays(DEFAULT_DETECTION_WINDOWS, 'alcohol', 'breath')).toBe(1);
    expect(detectionWindowDays(DEFAULT_DETECTION_WINDOWS, 'alcohol', 'urine')).toBe(3);
    expect(detectionWindowDays(DEFAULT_DETECTION_WINDOWS, 'cannabis', 'oral-fluid')).toBe(2);
    expect(detectionWindowDays(DEFAULT_DETECTION_WINDOWS, 'kratom', 'urine')).toBe(3);
  });

  it('joins a positive on the window’s last day and starts a new episode the day after (urine alcohol: 3 days)', () => {
    const onEdge = created([createPlan(), drugTest('test-1', dayOfPlan(2), 'positive'), drugTest('test-2', dayOfPlan(5), 'positive')]);
    expect(useEpisodes(onEdge, dayOfPlan(6), DEFAULT_PLAN_RULES)).toHaveLength(1);
    const beyond = created([createPlan(), drugTest('test-1', dayOfPlan(2), 'positive'), drugTest('test-2', dayOfPlan(6), 'positive')]);
    expect(useEpisodes(beyond, dayOfPlan(6), DEFAULT_PLAN_RULES)).toHaveLength(2);
  });

  it('uses the later specimen’s window: breath alcohol two days after a urine positive is a new drink', () => {
    const plan = created([
      createPlan(),
      drugTest('test-1', dayOfPlan(2), 'positive'),
      panelTest('test-2', dayOfPlan(4), ['alcohol'], { specimen: 'breath', panel: ['alcohol'] }),
    ]);
    expect(useEpisodes(plan, dayOfPlan(6), DEFAULT_PLAN_RULES)).toHaveLength(2);
  });

  it('keeps different substances in separate episodes, and joins what one relapse or one cup names together', () => {
    const plan = created([
      createPlan(),
      panelTest('test-1', dayOfPlan(2), ['cocaine']),
      panelTest('test-2', dayOfPlan(3), ['alcohol']),
      panelTest('test-3', dayOfPlan(20), ['cocaine', 'alcohol']),
      relapse('relapse-1', dayOfPlan(21), { substanceCodes: ['alcohol'], evidence: [{ kind: 'drug-test', id: 'test-3' }] }),
    ]);
    expect(useEpisodes(plan, dayOfPlan(22), DEFAULT_PLAN_RULES).map((episode) => [episode.episodeId, episode.substances])).toEqual([
      ['test-1', ['cocaine']],
      ['test-2', ['alcohol']],
      ['test-3', ['cocaine', 'alcohol']],
    ]);
  });

  it('does not join across a negative for the substance, and a panel that did not test it is no negative', () => {
    const between = (panel: string[]) =>
      created([
        createPlan(),
        panelTest('test-1', dayOfPlan(2), ['cocaine']),
        panelTest('test-n', dayOfPlan(3), [], { panel }),
        panelTest('test-2', dayOfPlan(4), ['cocaine']),
      ]);
    expect(useEpisodes(between(['cocaine', 'alcohol']), dayOfPlan(5), DEFAULT_PLAN_RULES)).toHaveLength(2);
    expect(useEpisodes(between(['alcohol']), dayOfPlan(5), DEFAULT_PLAN_RULES)).toHaveLength(1);
  });

  it('counts a self-reported use and a refusal, each refusal its own episode', () => {
    const plan = created([
      createPlan(),
      drugTest('test-1', dayOfPlan(2), 'refused'),
      drugTest('test-2', dayOfPlan(3), 'refused'),
      selfReport({ date: dayOfPlan(5), used: true, substanceCodes: ['cannabis'] }),
    ]);
    expect(useEpisodes(plan, dayOfPlan(6), DEFAULT_PLAN_RULES).map((episode) => episode.episodeId)).toEqual([
      'test-1',
      'test-2',
      'report-1',
    ]);
  });

  it('takes the windows from the network’s rules', () => {
    const rules = planRules({ detectionWindows: { ...DEFAULT_DETECTION_WINDOWS, alcohol: { urine: 1 } } });
    const plan = created([createPlan(), drugTest('test-1', dayOfPlan(2), 'positive'), drugTest('test-2', dayOfPlan(4), 'positive')]);
    expect(useEpisodes(plan, dayOfPlan(6), rules)).toHaveLength(2);
    expect(stepUpRecommended(plan, dayOfPlan(6), rules)).toMatchObject({ recommended: true, episodes: 2 });
  });
});

describe('MAT is never a reason to refuse, end or step down treatment', () => {
  it('completes a client on buprenorphine after 30 evidence-backed sober days: a positive only for it is a negative for use', () => {
    const steps: Step[] = [
      ...activePlan(),
      externalBuprenorphine(),
      changeGoalStatus('goal-1', 'achieved'),
      ...onBuprenorphineWeekly(3, 30),
    ];
    const plan = created(steps);
    expect(dischargeReadiness(plan, dayOfPlan(30), DEFAULT_PLAN_RULES)).toMatchObject({ ready: true, soberDays: 30 });
    expect(toxicologyReviewFlags(plan)).toEqual([]);
    // The same cups positive for buprenorphine without a prescription are use: nothing is evidence.
    const unprescribed = created(steps.filter((step) => !('type' in step && step.type === 'RecordExternalMedication')));
    expect(dischargeReadiness(unprescribed, dayOfPlan(30), DEFAULT_PLAN_RULES)).toMatchObject({ ready: false });
    given(...steps)
      .when(discharge('completed'), on(dayOfPlan(30)))
      .thenMatches({ type: 'PlanClosed', data: { disposition: 'completed' } });
  });

  it('restarts the streak once on fentanyl, then completes 30 evidence-backed days later', () => {
    const steps: Step[] = [
      ...activePlan(),
      externalBuprenorphine(),
      changeGoalStatus('goal-1', 'achieved'),
      ...onBuprenorphineWeekly(3, 10),
      panelTest('fentanyl-1', dayOfPlan(12), ['buprenorphine', 'fentanyl']),
      ...onBuprenorphineWeekly(17, 42),
    ];
    const plan = created(steps);
    expect(dischargeReadiness(plan, dayOfPlan(41), DEFAULT_PLAN_RULES)).toMatchObject({
      ready: false,
      soberDays: 29,
      soberSince: dayOfPlan(12),
    });
    expect(dischargeReadiness(plan, dayOfPlan(42), DEFAULT_PLAN_RULES)).toMatchObject({ ready: true, soberDays: 30 });
  });
});

describe('medication orders and the PDMP check', () => {
  it('orders a controlled medication after a PDMP check within the window, with its RxNorm code', () =>
    given(createPlan(), pdmpCheck('pdmp-1', dayOfPlan(-7)))
      .when(orderMedication({ startDate: START }), on(START))
      .then({
        type: 'MedicationOrdered',
        data: {
          planId: 'episode-1',
          episodeId: 'episode-1',
          clientId: 'client-1',
          medicationId: 'medication-2',
          code: 'buprenorphine',
          rxnorm: '1819',
          doseAmount: 8,
          doseUnit: 'mg',
          route: 'sublingual',
          frequency: 'daily',
          startDate: START,
          orderedBy: 'prescriber-1',
          orderedOn: START,
        },
      }));

  it('refuses a controlled order with no PDMP check, or one 8 days old, or one the PDMP could not answer', () => {
    given(createPlan())
      .when(orderMedication(), on(START))
      .thenThrows(/PDMP\) check within 7 days \(there is none\)/, 'pdmp-check-required');
    given(createPlan(), pdmpCheck('pdmp-1', dayOfPlan(-8)))
      .when(orderMedication(), on(START))
      .thenThrows(/within 7 days \(the last was on 2025-12-28\)/, 'pdmp-check-required');
    given(createPlan(), pdmpCheck('pdmp-1', START, 'unavailable'))
      .when(orderMedication(), on(START))
      .thenThrows(/there is none/, 'pdmp-check-required');
  });

  it('asks again after the recheck interval for a later order (90 days by default), and accepts it on the 90th day', () => {
    const steps: Step[] = [createPlan(), pdmpCheck('pdmp-1', START), orderMedication()];
    given(...steps)
      .when(orderMedication({ medicationId: 'medication-3', startDate: dayOfPlan(90) }), on(dayOfPlan(90)))
      .thenMatches({ type: 'MedicationOrdered' });
    given(...steps)
      .when(orderMedication({ medicationId: 'medication-3', startDate: dayOfPlan(91) }), on(dayOfPlan(91)))
      .thenThrows(/within 90 days/, 'pdmp-check-required');
  });

  it('takes the window and the interval from the state’s rule', () => {
    const rules = planRules({ pdmp: { checkWindowDays: 1, recheckIntervalDays: 30, opioidTreatmentProgrammeSites: [] } });
    deciderSpec(treatmentPlanDecider(rules))
      .given(...historyOf([createPlan(), pdmpCheck('pdmp-1', dayOfPlan(-2))], rules))
      .when(orderMedication(), on(START))
      .thenThrows(/within 1 days/, 'pdmp-check-required');
  });

  it('orders a medication that is not controlled without a PDMP check', () =>
    given(createPlan())
      .when(orderMedication({ code: 'naltrexone', doseAmount: 50 }), on(START))
      .thenMatches({ type: 'MedicationOrdered', data: { rxnorm: '7243' } }));

  it('refuses methadone for opioid use disorder at a site that is not an opioid treatment programme (42 CFR Part 8)', () =>
    given(createPlan(), pdmpCheck('pdmp-1', START))
      .when(orderMedication({ code: 'methadone' }), on(START))
      .thenThrows(/certified opioid treatment programme.*record it as an external medication/, 'otp-only-medication'));

  it('refuses an order naming every problem at once', () =>
    given(createPlan())
      .when(
        orderMedication({
          code: 'heroin' as never,
          doseAmount: 0,
          doseUnit: 'pills' as never,
          route: 'iv' as never,
          startDate: dayOfPlan(-1),
        }),
        on(START),
      )
      .thenThrows(
        /code: use one of.*doseAmount: give the dose.*doseUnit: use one of.*route: use one of.*startDate: an order starts today/s,
        'invalid-medication-order',
      ));

  it('reports the PDMP check as overdue once the interval passed while a controlled order continues', () => {
    const plan = created([createPlan(), pdmpCheck('pdmp-1', START), orderMedication()]);
    expect(pdmpStatus(plan, dayOfPlan(90), DEFAULT_PLAN_RULES)).toEqual({ lastCheckedOn: START, nextDueBy: dayOfPlan(90), overdue: false });
    expect(pdmpStatus(plan, dayOfPlan(91), DEFAULT_PLAN_RULES)).toMatchObject({ overdue: true });
  });
});

describe('external medications, stops and naloxone', () => {
  it('records buprenorphine from an outside prescriber as prescribed, with how it was verified', () =>
    given(createPlan())
      .when(externalBuprenorphine(), on(START))
      .thenMatches({
        type: 'ExternalMedicationRecorded',
        data: { code: 'buprenorphine-naloxone', rxnorm: '352364', source: 'external-prescriber', verification: 'pdmp', since: START },
      }));

  it('records methadone only from an opioid treatment programme', () =>
    given(createPlan())
      .when(externalBuprenorphine({ code: 'methadone' }), on(START))
      .thenThrows(
        /source: methadone for opioid use disorder comes only from a certified opioid treatment programme/,
        'invalid-external-medication',
      ));

  it('stops a medication with a reason once, and refuses an unknown one', () => {
    given(createPlan(), externalBuprenorphine())
      .when(stopMedication('medication-1', dayOfPlan(3)), on(dayOfPlan(3)))
      .thenMatches({
        type: 'MedicationStopped',
        data: { medicationId: 'medication-1', stopDate: dayOfPlan(3), reasonCode: 'completed-taper' },
      });
    given(createPlan(), externalBuprenorphine(), [stopMedication('medication-1', dayOfPlan(3)), dayOfPlan(3)])
      .when(stopMedication('medication-1', dayOfPlan(3)), on(dayOfPlan(4)))
      .thenNothingHappens();
    given(createPlan())
      .when(stopMedication('medication-9', START), on(START))
      .thenThrows(/has no external medication medication-9/, 'unknown-medication');
    // An external record is not stopped through the orders' route, which is the prescriber's.
    given(createPlan(), externalBuprenorphine())
      .when(stopMedication('medication-1', START, 'client-request', 'ordered'), on(START))
      .thenThrows(/has no medication ordered here medication-1/, 'unknown-medication');
  });

  it('records naloxone offered or dispensed', () =>
    given(createPlan())
      .when(
        { type: 'RecordNaloxone', data: { naloxoneId: 'naloxone-1', date: START, action: 'dispensed', recordedBy: 'nurse-3' } },
        on(START),
      )
      .thenMatches({ type: 'NaloxoneRecorded', data: { naloxoneId: 'naloxone-1', action: 'dispensed', episodeId: 'episode-1' } }));
});

describe('presumptive and confirmed results', () => {
  it('supersedes a presumptive positive with the laboratory’s negative: the streak is whole again', () => {
    const plan = created([createPlan(), panelTest('test-1', dayOfPlan(5), ['opiates']), [confirmTest('test-1', 'negative'), dayOfPlan(8)]]);
    expect(plan.drugTests[0]).toMatchObject({
      result: 'negative',
      stage: 'confirmed',
      presumptive: { result: 'positive', substanceCodes: ['opiates'] },
    });
    expect(sobriety(plan, dayOfPlan(10)).days).toBe(10);
  });

  it('records a confirmation once, refuses a different second one, and tips a step-up when it confirms a second use', () => {
    given(createPlan(), panelTest('test-1', dayOfPlan(5), []), confirmTest('test-1', 'negative'))
      .when(confirmTest('test-1', 'negative'), on(dayOfPlan(6)))
      .thenNothingHappens();
    given(createPlan(), panelTest('test-1', dayOfPlan(5), []), confirmTest('test-1', 'negative'))
      .when(confirmTest('test-1', 'positive', ['fentanyl']), on(dayOfPlan(6)))
      .thenThrows(/already confirmed/, 'already-confirmed');
    given(createPlan(), panelTest('test-1', dayOfPlan(2), ['cocaine']), panelTest('test-2', dayOfPlan(9), []))
      .when(confirmTest('test-2', 'positive', ['fentanyl']), on(dayOfPlan(10)))
      .thenMatches(
        { type: 'DrugTestConfirmed', data: { testId: 'test-2', result: 'positive', confirmedOn: dayOfPlan(10) } },
        { type: 'StepUpRecommended' },
      );
  });

  it('refuses to confirm a test the plan does not hold', () =>
    given(createPlan())
      .when(confirmTest('test-9', 'negative'), on(START))
      .thenThrows(/has no drug test test-9/, 'unknown-entry'));
});

describe('the drug-testing workflow’s fields', () => {
  it('records specimen, panel, observed collection, collector and stage', () =>
    given(createPlan())
      .when(
        panelTest('test-1', START, ['fentanyl'], {
          observed: true,
          collectedBy: 'case-manager-3',
          collectorRole: 'case-manager',
          stage: 'presumptive',
        }),
        on(START),
      )
      .thenMatches({
        type: 'DrugTestRecorded',
        data: {
          specimen: 'urine',
          observed: true,
          collectedBy: 'case-manager-3',
          collectorRole: 'case-manager',
          stage: 'presumptive',
          substanceCodes: ['fentanyl'],
        },
      }));

  it('refuses a finding that is not on the panel, a breath test for a drug, and an unknown specimen', () =>
    given(createPlan())
      .when(panelTest('test-1', START, ['cocaine'], { specimen: 'hair' as never, panel: ['alcohol'] }), on(START))
      .thenThrows(
        /specimen: use one of urine, oral-fluid, breath, blood.*substanceCodes: not on the panel: cocaine/s,
        'invalid-drug-test',
      ));
});
