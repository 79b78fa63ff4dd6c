import { isSameLevel } from '@continuum/care-episode';
import { fold } from '@continuum/decider';
import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { evolve, initialState } from './client.js';
import { intakeConfig } from './config.js';
import { decide, intakeDecider } from './decide.js';
import {
  CLIENT_ID,
  FIXTURE_NOW,
  IOP,
  MEDICALLY_MONITORED,
  OP,
  RESIDENTIAL,
  admission,
  assessedClient,
  assessment,
  historyOf,
  imminentSuicideRisk,
  noSuicideRisk,
  phq9,
  placedClient,
  placementDecision,
  referral,
  registration,
  safetyPlan,
  screenedClient,
  screening,
  itemsSummingTo,
} from './testing/intake-fixtures.js';

const specOf = (decider: ReturnType<typeof intakeDecider>) => deciderSpec(decider);
const spec = specOf(intakeDecider());
const at = DEFAULT_NOW.toISOString();
const given = (...commands: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(commands));
const onSafetyHold = () => [referral(), registration(), screening(imminentSuicideRisk, 's-cssrs')];

describe('assessment', () => {
  it('records the assessment and the placement it recommends, with reasons', () =>
    given(...screenedClient())
      .when(assessment())
      .thenMatches(
        { type: 'AssessmentRecorded', data: { clientId: CLIENT_ID, recordedAt: at } },
        {
          type: 'PlacementRecommended',
          data: {
            clientId: CLIENT_ID,
            assessmentId: 'assessment-1',
            level: IOP,
            rule: 'intensive-outpatient',
            reasons: expect.arrayContaining([
              expect.objectContaining({ code: 'dimension-rated-2' }),
              expect.objectContaining({ code: 'step-down' }),
            ]),
            whatWouldChange: [expect.objectContaining({ sentence: expect.stringMatching(/would make 1 \(OP, 3rd ed\.\) appropriate/) })],
            barriers: [],
            alsoRecommended: [],
          },
        },
      ));

  it('recommends no level below the safety level for a client on a safety hold', () =>
    given(...onSafetyHold())
      .when(assessment())
      .thenMatches(
        { type: 'AssessmentRecorded' },
        {
          type: 'PlacementRecommended',
          data: { level: MEDICALLY_MONITORED, rule: 'safety-hold', reasons: [expect.objectContaining({ code: 'safety-hold' })] },
        },
      ));

  it('records a substance given by its DSM-5 criteria count with the severity the count makes', () =>
    given(...screenedClient())
      .when(assessment({ substances: [{ substanceCode: 'opioids', yearsOfUse: 3, criteriaCount: 5 } as never] }))
      .thenMatches(
        {
          type: 'AssessmentRecorded',
          data: { assessment: { substances: [{ substanceCode: 'opioids', criteriaCount: 5, severity: 'moderate' }] } },
        },
        { type: 'PlacementRecommended', data: { level: IOP } },
      ));

  it('refuses a withdrawal rating and risk that disagree, naming both', () =>
    given(...screenedClient())
      .when(
        assessment({
          ratings: { withdrawal: 4, biomedical: 0, emotionalBehavioural: 1, readiness: 1, relapseRisk: 2, recoveryEnvironment: 1 },
          withdrawalRisk: 'none',
        }),
      )
      .thenThrows(
        /ratings\.withdrawal: a withdrawal rating of 4 needs a high or severe withdrawal risk, not none.*withdrawalRisk:/s,
        'invalid-assessment',
      ));

  describe('needs a C-SSRS screener from the 24 hours before it', () => {
    const registered = () => [referral(), registration()];
    const hoursAfterFixture = (hours: number) => new Date(FIXTURE_NOW.getTime() + hours * 3_600_000);

    it('refuses an assessment before any screening, saying the C-SSRS is needed', () =>
      given(...registered())
        .when(assessment())
        .thenThrows(/record a C-SSRS screener before the assessment: none is recorded.*24 hours/, 'cssrs-required'));

    it('refuses an assessment after a PHQ-9 alone, even one with thoughts of self-harm', () =>
      given(...registered(), screening(phq9([3, 3, 3, 3, 3, 3, 3, 0, 3])))
        .when(assessment())
        .thenThrows(/C-SSRS screener/, 'cssrs-required'));

    it('accepts a C-SSRS recorded exactly 24 hours before', () =>
      given(...screenedClient())
        .when(assessment(), hoursAfterFixture(24))
        .thenMatches({ type: 'AssessmentRecorded' }, { type: 'PlacementRecommended' }));

    it('refuses a C-SSRS recorded more than 24 hours before, naming when it was', () =>
      given(...screenedClient())
        .when(assessment(), new Date(hoursAfterFixture(24).getTime() + 1))
        .thenThrows(/record the C-SSRS screener again.*2026-01-15T09:00:00.000Z.*more than 24 hours old/, 'cssrs-required'));

    it('takes the latest C-SSRS: a screener recorded again makes the intake assessable', () => {
      const later = hoursAfterFixture(30);
      const before = historyOf(screenedClient());
      const again = decide(screening(noSuicideRisk, 'cssrs-again'), fold(evolve, initialState, before), later);
      spec
        .given(...before, ...again)
        .when(assessment(), later)
        .thenMatches({ type: 'AssessmentRecorded' }, { type: 'PlacementRecommended' });
    });

    it("follows the network's window", () =>
      specOf(intakeDecider(intakeConfig({ safety: { cssrsValidForHours: 4 } })))
        .given(...historyOf(screenedClient()))
        .when(assessment(), hoursAfterFixture(5))
        .thenThrows(/more than 4 hours old/, 'cssrs-required'));

    it("asks again after a re-entry referral: last intake's screener does not count", () =>
      given(
        ...placedClient(),
        admission(),
        referral({ referralId: 'referral-2', source: 'aftercare-re-entry', reasonCode: 'relapse', previousEpisodeId: 'episode-1' }),
      )
        .when(assessment({ assessmentId: 'assessment-2' }))
        .thenThrows(/none is recorded for this intake/, 'cssrs-required'));
  });

  it('refuses dimension ratings outside 0–4, naming each', () =>
    given(...screenedClient())
      .when(
        assessment({
          ratings: { withdrawal: 5, biomedical: 0, emotionalBehavioural: -1, readiness: 1, relapseRisk: 2, recoveryEnvironment: 1 },
        }),
      )
      .thenThrows(/ratings\.withdrawal.*ratings\.emotionalBehavioural/s, 'invalid-assessment'));

  it('refuses a relapse after treatment without prior treatment', () =>
    given(...screenedClient())
      .when(assessment({ hasPriorTreatment: false, relapsedAfterTreatment: true }))
      .thenThrows(/needs prior treatment/, 'invalid-assessment'));

  it('identifies trauma the client reports to the clinician', () =>
    given(...screenedClient())
      .when(assessment({ reportsTrauma: true }))
      .thenMatches(
        { type: 'AssessmentRecorded' },
        { type: 'PlacementRecommended' },
        {
          type: 'CoOccurringConditionIdentified',
          data: { condition: 'trauma', instrument: 'assessment', score: null, evidenceId: 'assessment-1' },
        },
      ));

  it('moves the client to assessed', () => {
    expect(given(...assessedClient()).state.status).toBe('assessed');
  });
});

describe('placement decision', () => {
  it('records a decision that follows the recommendation, with no variance', () =>
    given(...assessedClient())
      .when(placementDecision({ level: IOP }))
      .then({
        type: 'PlacementDecided',
        data: {
          clientId: CLIENT_ID,
          placementId: 'placement-1',
          assessmentId: 'assessment-1',
          level: IOP,
          recommendedLevel: IOP,
          clinicianId: 'clinician-1',
          decidedAt: at,
        },
      }));

  it('refuses a different level without a reason for the variance', () =>
    given(...assessedClient())
      .when(placementDecision({ level: OP }))
      .thenThrows(
        /1 \(OP, 3rd ed\.\) differs from the recommended 2\.1 \(IOP, 3rd ed\.\): give the clinical reason/,
        'variance-needs-reason',
      ));

  it('keeps the variance and its reason when the clinician decides otherwise', () =>
    given(...assessedClient())
      .when(placementDecision({ level: OP, varianceReason: ' Client works nights; IOP evening track is full. ' }))
      .thenMatches({
        type: 'PlacementDecided',
        data: { level: OP, recommendedLevel: IOP, variance: { reason: 'Client works nights; IOP evening track is full.' } },
      }));

  it('refuses a level that is not in the catalogue', () =>
    given(...assessedClient())
      .when(placementDecision({ level: { edition: 3, code: '2.7' } }))
      .thenThrows(/not in the ASAM 3rd edition/, 'unknown-level-of-care'));

  it('refuses to decide a placement before the assessment', () =>
    given(...screenedClient())
      .when(placementDecision())
      .thenThrows(/record the assessment before deciding the placement/, 'not-assessed'));
});

describe('admission', () => {
  it('admits the client at the decided level, with ids and codes only', () =>
    given(...placedClient())
      .when(admission())
      .then({
        type: 'ClientAdmitted',
        data: {
          clientId: CLIENT_ID,
          admissionId: 'admission-1',
          level: IOP,
          siteId: 'site-north',
          track: 'evening',
          startDate: '2026-01-19',
          assessmentId: 'assessment-1',
          placementId: 'placement-1',
          referralId: 'referral-1',
          population: 'adult',
          admittedAt: at,
        },
      }));

  it('refuses an admission before the placement is decided', () =>
    given(...assessedClient())
      .when(admission())
      .thenThrows(/decide the placement before admitting the client \(status now: assessed\)/, 'not-placed'));

  it('refuses an admission at a level other than the one decided', () =>
    given(...placedClient())
      .when(admission({ level: OP }))
      .thenThrows(/admit at the decided level, or record a new placement decision first/, 'level-differs-from-placement'));

  it('refuses an unknown track and a malformed start date', () =>
    given(...placedClient())
      .when(admission({ track: 'night' as never, startDate: '19 Jan' }))
      .thenThrows(/track.*startDate/s, 'invalid-admission'));

  describe('names whose weekly-hour minimums apply, from the date of birth on the start date', () => {
    const placedClientBornOn = (dateOfBirth: string) => [
      referral(),
      registration({ person: { givenName: 'Ana', familyName: 'Núñez', dateOfBirth, contact: {} } }),
      ...placedClient().slice(2),
    ];

    it('admits a client starting at 17 years and 364 days as an adolescent', () =>
      given(...placedClientBornOn('2008-01-20'))
        .when(admission({ startDate: '2026-01-19' }))
        .thenMatches({ type: 'ClientAdmitted', data: { population: 'adolescent' } }));

    it('admits a client starting on their 18th birthday as an adult', () =>
      given(...placedClientBornOn('2008-01-20'))
        .when(admission({ startDate: '2026-01-20' }))
        .thenMatches({ type: 'ClientAdmitted', data: { population: 'adult' } }));

    it('takes the start date, not the day the admission is recorded: 17 today, 18 when the programme starts', () =>
      given(...placedClientBornOn('2008-01-17'))
        .when(admission({ startDate: '2026-01-19' }))
        .thenMatches({ type: 'ClientAdmitted', data: { population: 'adult' } }));
  });

  it('refuses a second admission without a new referral', () =>
    given(...placedClient(), admission())
      .when(admission({ admissionId: 'admission-2' }))
      .thenThrows(/already admitted \(admission admission-1\): a readmission starts with a new referral/, 'already-admitted'));
});

describe('safety hold', () => {
  // The recommendation is the safety level; another level is a variance with its reason.
  const placedOnHold = (level = IOP, varianceReason = 'the clinician expects the hold to end before the start date') => [
    ...onSafetyHold(),
    assessment(),
    placementDecision({ level, ...(isSameLevel(level, MEDICALLY_MONITORED) ? {} : { varianceReason }) }),
  ];

  it('refuses an outpatient admission while the client is on a safety hold, saying what to do', () =>
    given(...placedOnHold())
      .when(admission())
      .thenThrows(/safety hold.*safety level 3\.7 .* or above.*suicide-risk assessment and a safety plan/, 'safety-hold'));

  it('refuses residential care below the safety level: 3.5 is a 24-hour level, but not 3.7', () =>
    given(...placedOnHold(RESIDENTIAL, 'imminent suicide risk: needs 24-hour structure'))
      .when(admission({ level: RESIDENTIAL, track: 'other' }))
      .thenThrows(/safety level 3\.7/, 'safety-hold'));

  it('admits at the safety level and keeps the hold: a placement never ends it', () => {
    given(...placedOnHold(MEDICALLY_MONITORED, 'imminent suicide risk'))
      .when(admission({ level: MEDICALLY_MONITORED, track: 'other' }))
      .thenMatches({ type: 'ClientAdmitted' });
    expect(
      given(...placedOnHold(MEDICALLY_MONITORED, 'imminent suicide risk'), admission({ level: MEDICALLY_MONITORED, track: 'other' })).state
        .safetyHold,
    ).toEqual({
      screeningId: 's-cssrs',
      placedAt: at,
    });
  });

  it('admits above the safety level (medically managed, 4) while the hold lasts', () =>
    given(...placedOnHold({ edition: 3, code: '4' }, 'imminent suicide risk'))
      .when(admission({ level: { edition: 3, code: '4' } }))
      .thenMatches({ type: 'ClientAdmitted' }));

  it("follows the network's safety level, compared across editions", () => {
    const network = specOf(intakeDecider(intakeConfig({ safety: { safetyLevel: { edition: 4, code: '3.5' } } })));
    network
      .given(...historyOf(placedOnHold(RESIDENTIAL, 'imminent risk')))
      .when(admission({ level: RESIDENTIAL }))
      .thenMatches({ type: 'ClientAdmitted' });
  });

  it('ends the hold when a clinician records a suicide-risk assessment and a safety plan', () =>
    given(...onSafetyHold())
      .when(safetyPlan())
      .then({
        type: 'SafetyHoldReleased',
        data: {
          clientId: CLIENT_ID,
          reason: 'safety-plan-recorded',
          safetyPlanId: 'safety-plan-1',
          clinicianId: 'clinician-1',
          suicideRiskAssessmentId: 'risk-assessment-1',
          assessmentMethod: 'safe-t',
          assessedRiskLevel: 'moderate',
          releasedAt: at,
        },
      }));

  it('refuses a safety plan without the suicide-risk assessment, naming what is missing', () =>
    given(...onSafetyHold())
      .when(safetyPlan({ suicideRiskAssessment: undefined as never }))
      .thenThrows(
        /safety hold cannot end yet: suicideRiskAssessment: a safety hold ends only with a suicide-risk assessment/,
        'invalid-safety-plan',
      ));

  it('refuses an assessment without its method and finding, naming both', () =>
    given(...onSafetyHold())
      .when(
        safetyPlan({
          suicideRiskAssessment: { assessmentId: 'risk-assessment-1', method: 'gut-feeling' as never, riskLevel: undefined as never },
        }),
      )
      .thenThrows(/suicideRiskAssessment\.method.*suicideRiskAssessment\.riskLevel/s, 'invalid-safety-plan'));

  it('keeps the hold when the clinician still finds high risk, whatever the safety plan', () =>
    given(...onSafetyHold())
      .when(safetyPlan({ suicideRiskAssessment: { assessmentId: 'risk-assessment-1', method: 'c-ssrs-full-scale', riskLevel: 'high' } }))
      .thenThrows(/finds high \(imminent\) risk, so the safety hold stays/, 'suicide-risk-still-high'));

  it('admits at IOP once the hold has ended', () =>
    given(...placedOnHold(), safetyPlan())
      .when(admission())
      .thenMatches({ type: 'ClientAdmitted', data: { level: IOP } }));

  it('ends the hold of an admitted client the same way', () =>
    given(...placedOnHold(MEDICALLY_MONITORED, 'imminent suicide risk'), admission({ level: MEDICALLY_MONITORED }))
      .when(safetyPlan())
      .thenMatches({ type: 'SafetyHoldReleased' }));

  it('refuses a safety plan when there is no hold to release', () =>
    given(...screenedClient())
      .when(safetyPlan())
      .thenThrows(/not on a safety hold/, 'no-safety-hold'));

  it('still folds a hold that an earlier version released by admission', () => {
    const legacyRelease = {
      type: 'SafetyHoldReleased' as const,
      data: {
        clientId: CLIENT_ID,
        reason: 'placed-at-24-hour-level' as const,
        admissionId: 'admission-1',
        level: RESIDENTIAL,
        releasedAt: at,
      },
    };
    expect(spec.given(...historyOf(onSafetyHold()), legacyRelease).state.safetyHold).toBeUndefined();
  });
});

describe('readmission', () => {
  const reEntry = referral({
    referralId: 'referral-2',
    source: 'aftercare-re-entry',
    reasonCode: 'relapse',
    previousEpisodeId: 'episode-1',
  });
  const admitted = () => [...placedClient(), admission()];

  it('accepts a re-entry referral after an admission and starts a new intake', () => {
    const state = given(...admitted(), reEntry).state;
    expect(state).toMatchObject({ status: 'referred', screenings: [], assessment: undefined, placement: undefined });
    expect(state.registration?.siteId).toBe('site-north');
  });

  it('links the readmission to the previous episode and admission', () =>
    given(
      ...admitted(),
      reEntry,
      screening(noSuicideRisk),
      assessment({ assessmentId: 'assessment-2' }),
      placementDecision({ placementId: 'placement-2' }),
    )
      .when(admission({ admissionId: 'admission-2' }))
      .thenMatches({
        type: 'ClientAdmitted',
        data: {
          admissionId: 'admission-2',
          assessmentId: 'assessment-2',
          placementId: 'placement-2',
          referralId: 'referral-2',
          previousEpisodeId: 'episode-1',
          previousAdmissionId: 'admission-1',
        },
      }));

  it('names the population anew on readmission: an adolescent admitted before turning 18 returns as an adult', () => {
    const adolescent = registration({ person: { givenName: 'Ana', familyName: 'Núñez', dateOfBirth: '2008-01-20', contact: {} } });
    const firstTime = [referral(), adolescent, ...placedClient().slice(2), admission({ startDate: '2026-01-19' })];
    expect(historyOf(firstTime).at(-1)).toMatchObject({ type: 'ClientAdmitted', data: { population: 'adolescent' } });
    return given(
      ...firstTime,
      reEntry,
      screening(noSuicideRisk),
      assessment({ assessmentId: 'assessment-2' }),
      placementDecision({ placementId: 'placement-2' }),
    )
      .when(admission({ admissionId: 'admission-2', startDate: '2026-03-02' }))
      .thenMatches({ type: 'ClientAdmitted', data: { admissionId: 'admission-2', population: 'adult' } });
  });

  it('screens an admitted client during treatment, without a new referral, and keeps the client admitted', () => {
    given(...admitted())
      .when(screening(phq9([0, 0, 0, 0, 0, 0, 0, 0, 0])))
      .thenMatches({ type: 'ScreeningRecorded' });
    expect(given(...admitted(), screening(phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]))).state.status).toBe('admitted');
  });

  it('still refuses a new assessment of an admitted client until a new referral', () =>
    given(...admitted())
      .when(assessment({ assessmentId: 'assessment-2' }))
      .thenThrows(/already admitted.*record a new referral first/, 'already-admitted'));

  it('identifies a condition again in the new episode of care', () =>
    given(...screenedClient(), screening(phq9(itemsSummingTo(12, 9, 3))), assessment(), placementDecision(), admission(), reEntry)
      .when(screening(phq9(itemsSummingTo(12, 9, 3))))
      .thenMatches({ type: 'ScreeningRecorded' }, { type: 'CoOccurringConditionIdentified', data: { condition: 'depression' } }));
});
