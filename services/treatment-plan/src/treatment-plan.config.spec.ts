import { DEFAULT_OUTSIDE_SEND_RULES, DEFAULT_PLAN_RULES } from './domain/index.js';
import { outsideSendRulesFrom, planRulesFrom, treatmentPlanServiceConfig } from './treatment-plan.config.js';

describe('the treatment-plan configuration', () => {
  it('runs on port 3102 with the documented plan rules when nothing is set', () => {
    const config = treatmentPlanServiceConfig.load({});
    expect(config.PORT).toBe(3102);
    expect(planRulesFrom(config)).toEqual(DEFAULT_PLAN_RULES);
  });

  it("takes the network's figures for reviews, sobriety, relapse window and reminders from the environment", () => {
    const rules = planRulesFrom(
      treatmentPlanServiceConfig.load({
        PLAN_REVIEW_INTERVAL_DAYS: '14',
        DISCHARGE_SOBRIETY_DAYS: '45',
        RELAPSE_WINDOW_DAYS: '21',
        RELAPSES_FOR_STEP_UP: '3',
        AUTHORIZATION_REMINDER_DAYS: '10',
      }),
    );
    expect(rules).toMatchObject({
      reviewIntervalDays: 14,
      dischargeSobrietyDays: 45,
      relapseWindowDays: 21,
      relapsesForStepUp: 3,
      authorizationReminderDays: 10,
    });
  });

  it('refuses a figure that is not a whole number of at least 1, naming the variable', () => {
    expect(() => treatmentPlanServiceConfig.load({ PLAN_REVIEW_INTERVAL_DAYS: '0', RELAPSES_FOR_STEP_UP: 'two' })).toThrow(
      /PLAN_REVIEW_INTERVAL_DAYS[\s\S]*RELAPSES_FOR_STEP_UP|RELAPSES_FOR_STEP_UP[\s\S]*PLAN_REVIEW_INTERVAL_DAYS/,
    );
  });

  it("takes each site's time zone and the late-entry window for dating facts", () => {
    const rules = planRulesFrom(
      treatmentPlanServiceConfig.load({
        SITE_TIME_ZONES: 'site-north=America/Chicago, site-south=America/Denver',
        DEFAULT_TIME_ZONE: 'America/New_York',
        LATE_ENTRY_WINDOW_DAYS: '7',
      }),
    );
    expect(rules.factDates).toEqual({
      siteTimeZones: { 'site-north': 'America/Chicago', 'site-south': 'America/Denver' },
      defaultTimeZone: 'America/New_York',
      lateEntryWindowDays: 7,
    });
  });

  it('refuses a time zone the runtime does not know, or an entry that is not site=Zone', () => {
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ SITE_TIME_ZONES: 'site-north=Chicago/Somewhere' }))).toThrow(
      /Chicago\/Somewhere is not an IANA time zone/,
    );
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ SITE_TIME_ZONES: 'site-north' }))).toThrow(
      /"site-north" is not site=Zone/,
    );
  });

  it("takes the network's safety level for clients on a safety hold, 3.7 unless set, in either edition", () => {
    expect(planRulesFrom(treatmentPlanServiceConfig.load({})).safetyHold).toEqual({ safetyLevel: { edition: 3, code: '3.7' } });
    expect(planRulesFrom(treatmentPlanServiceConfig.load({ SAFETY_LEVEL: '4' })).safetyHold).toEqual({
      safetyLevel: { edition: 3, code: '4' },
    });
    expect(planRulesFrom(treatmentPlanServiceConfig.load({ SAFETY_LEVEL: '4.0' })).safetyHold).toEqual({
      safetyLevel: { edition: 4, code: '4.0' },
    });
  });

  it('refuses a safety level neither edition holds, naming the variable', () => {
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ SAFETY_LEVEL: '3.9' }))).toThrow(/SAFETY_LEVEL: 3\.9 is not a level code/);
  });

  it("plans IOP for 90 days in both editions unless the network sets each programme's length", () => {
    expect(planRulesFrom(treatmentPlanServiceConfig.load({})).programmeLengthDays).toEqual({ '3-2.1': 90, '4-2.1': 90 });
    const rules = planRulesFrom(
      treatmentPlanServiceConfig.load({ PROGRAMME_LENGTH_DAYS: '3-2.1=84, 3-2.5=30, site-north/3-2.1/evening=60' }),
    );
    expect(rules.programmeLengthDays).toEqual({ '3-2.1': 84, '3-2.5': 30, 'site-north/3-2.1/evening': 60 });
  });

  it('refuses a programme length naming no level, or not a whole number of days', () => {
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ PROGRAMME_LENGTH_DAYS: '3-2.2=90' }))).toThrow(
      /PROGRAMME_LENGTH_DAYS: "3-2\.2" names no level/,
    );
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ PROGRAMME_LENGTH_DAYS: '3-2.1=ninety' }))).toThrow(
      /"3-2\.1=ninety" is not <level or programme>=<days>/,
    );
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ PROGRAMME_LENGTH_DAYS: '3-2.1=0' }))).toThrow(
      /is not <level or programme>=<days>/,
    );
  });
});

describe('the medication and toxicology figures', () => {
  it('takes the evidence weeks, individual sessions, PDMP rule, OTP sites, random rate and detection windows from the environment', () => {
    const rules = planRulesFrom(
      treatmentPlanServiceConfig.load({
        SOBRIETY_EVIDENCE_WEEKS: '2',
        NEGATIVE_TESTS_PER_WEEK: '2',
        ATTENDED_SESSIONS_PER_WEEK: '0',
        INDIVIDUAL_SESSIONS_PER_WEEK: '3-2.1=1',
        PDMP_CHECK_WINDOW_DAYS: '1',
        PDMP_RECHECK_INTERVAL_DAYS: '30',
        OTP_SITES: 'site-north, site-otp',
        RANDOM_TEST_RATE_PERCENT: '10',
        DETECTION_WINDOWS: 'cannabis.urine=30, alcohol.breath=1',
      }),
    );
    expect(rules).toMatchObject({
      sobrietyEvidence: { weeks: 2, negativeTestsPerWeek: 2, attendedSessionsPerWeek: 0 },
      individualSessionsPerWeek: { '3-2.1': 1 },
      pdmp: { checkWindowDays: 1, recheckIntervalDays: 30, opioidTreatmentProgrammeSites: ['site-north', 'site-otp'] },
      randomTestRatePercent: 10,
    });
    expect(rules.detectionWindows.cannabis).toEqual({ urine: 30, 'oral-fluid': 2, blood: 1 });
    expect(rules.detectionWindows.fentanyl).toEqual(DEFAULT_PLAN_RULES.detectionWindows.fentanyl);
  });

  it('refuses a detection window for a specimen it does not know, and a random rate above 100, naming the variable', () => {
    expect(() => planRulesFrom(treatmentPlanServiceConfig.load({ DETECTION_WINDOWS: 'cannabis.hair=90' }))).toThrow(
      /DETECTION_WINDOWS: "cannabis.hair=90" is not <substance>.<specimen>=<days>/,
    );
    expect(() => treatmentPlanServiceConfig.load({ RANDOM_TEST_RATE_PERCENT: '101' })).toThrow(/RANDOM_TEST_RATE_PERCENT/);
  });

  it('sends a payer the categories the network names, diagnosis, level of care and treatment plan unless set', () => {
    expect(outsideSendRulesFrom(treatmentPlanServiceConfig.load({}))).toEqual(DEFAULT_OUTSIDE_SEND_RULES);
    expect(
      outsideSendRulesFrom(treatmentPlanServiceConfig.load({ PAYER_AUTHORIZATION_CATEGORIES: 'diagnosis, level-of-care' }))
        .payerAuthorization,
    ).toEqual({ purpose: 'HPAYMT', categories: ['diagnosis', 'level-of-care'] });
  });

  it('refuses an unknown category, or SUD counselling notes, for a payer, naming the variable', () => {
    for (const setting of ['diagnosis,psychotherapy', 'diagnosis,sud-counselling-notes', ' , ']) {
      expect(() => outsideSendRulesFrom(treatmentPlanServiceConfig.load({ PAYER_AUTHORIZATION_CATEGORIES: setting }))).toThrow(
        /PAYER_AUTHORIZATION_CATEGORIES/,
      );
    }
  });
});
