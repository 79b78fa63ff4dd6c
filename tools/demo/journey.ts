// One client's whole journey through Continuum, written once: `npm run demo` prints it and the
// whole-journey system test asserts on what it returns. Referral and registration, a Part 2
// consent naming an outside trauma clinic, screening, assessment, IOP placement and admission
// at intake → the episode and its plan in treatment-plan → two dual-diagnosis referrals from
// the screens, the outside one sent under the consent with a disclosure, both completed →
// integrated-care goals in the plan → a relapse, a step-up to PHP and back down to IOP → 30
// evidence-backed sober days, goals closed, discharged `completed` → aftercare: check-ins on day 7 (abstinent)
// and day 30 (relapse) → readmission recommended → intake's re-entry referral → readmission →
// a new episode linked to the first. Then a second client on medication for opioid use
// disorder: buprenorphine from an outside prescriber, a test positive only for it (the streak
// goes on), one with fentanyl (a use episode: the streak restarts), completed after 30
// evidence-backed sober days. Only the services' HTTP APIs are used; the one other move is the
// shared simulated clock, set to the day each step happens.
import { type ManualClock, eventually } from '@continuum/platform';
import {
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleReferralConsent,
  exampleRegistration,
} from '@continuum/intake/api/examples.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { type Staff, ServiceClient, tokenFor } from './service-client.js';

export type JourneyServices = {
  urls: Record<'intake' | 'treatment-plan' | 'dual-diagnosis' | 'aftercare', string>;
  /** The clock every service reads. */
  clock: ManualClock;
};

/** How long a step waits for another service to hear of an event over the bus (Kafka on a busy machine included). */
const BUS_PATIENCE_MS = 60_000;

/** One line per step: the simulated day, the service, what happened (ids and codes, never a name). */
export type StepReporter = (line: string) => void;

type Level = { edition: number; code: string };
type Boundary = {
  kind: string;
  direction?: string;
  reason?: { code: string };
  disposition?: string;
  previousEpisodeId?: string;
  evidence?: { kind: string; id: string }[];
};
export type TimelineSegment = { level: Level; siteId: string; from: string; to?: string; began: Boundary; ended?: Boundary };
export type EpisodeSummary = {
  episodeId: string;
  status: string;
  startDate: string;
  previousEpisodeId?: string;
  disposition?: string;
  dischargeDate?: string;
  timeline: TimelineSegment[];
};

export type JourneyResult = {
  clientId: string;
  siteId: string;
  consentId: string;
  admissionIds: [string, string];
  reEntryReferralId: string;
  episodes: [EpisodeSummary, EpisodeSummary];
  referrals: {
    referralId: string;
    conditionCode: string;
    specialty: string;
    providerId: string;
    status: string;
    disclosureIds: string[];
  }[];
  integratedCareGoalIds: string[];
  aftercarePlanId: string;
  readmissionRecommended: boolean;
  /** The second client: buprenorphine from an outside prescriber (docs/domain/medication-and-toxicology.md). */
  mat: MatJourneyResult;
};

export type MatJourneyResult = {
  clientId: string;
  episodeId: string;
  medicationId: string;
  buprenorphineOnlyTestId: string;
  /** A test entered on this plan by mistake and marked entered-in-error. */
  correctedTestId: string;
  fentanylTestId: string;
  /** Sober days (calendar) after the test positive only for buprenorphine: the streak went on from admission. */
  soberDaysAfterBuprenorphineOnly: number;
  soberSinceAfterFentanyl: string;
  readinessDayBefore: { ready: boolean; soberDays: number };
  readinessOnDischarge: { ready: boolean; soberDays: number };
  disposition: string;
};

export const SITE = 'site-north';
export const IOP: Level = { edition: 3, code: '2.1' };
export const PHP: Level = { edition: 3, code: '2.5' };
export const TRAUMA_CLINIC = {
  providerId: 'riverside-trauma',
  siteId: SITE,
  name: 'Riverside Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 4,
};
export const PSYCHIATRY = {
  providerId: 'north-psychiatry',
  siteId: SITE,
  name: 'North Psychiatry Service',
  kind: 'internal',
  specialties: ['psychiatric-evaluation'],
  capacity: 6,
};

// The days things happen. The first 30 sober days run from the relapse to the discharge.
export const DAYS = {
  referral: '2026-09-01',
  admission: '2026-09-07',
  referralsSent: '2026-09-08',
  referralsCompleted: '2026-09-14',
  relapse: '2026-09-16',
  planReviewed: '2026-09-18',
  stepDown: '2026-10-05',
  weeklyEvidence: '2026-10-12',
  goalsClosed: '2026-10-15',
  discharge: '2026-10-16',
  day7: '2026-10-23',
  day30: '2026-11-15',
  readmission: '2026-11-18',
} as const;

// The MAT client's days: admitted on a Monday, a test positive only for the prescribed
// buprenorphine, one with fentanyl (a use episode: the streak restarts), then a test positive
// only for buprenorphine and a session every week until 30 evidence-backed sober days.
export const MAT_DAYS = {
  referral: '2026-11-19',
  admission: '2026-11-23',
  buprenorphineOnly: '2026-11-25',
  fentanyl: '2026-12-02',
  weekly: ['2026-12-09', '2026-12-16', '2026-12-23', '2026-12-30'],
  dayBefore: '2026-12-31',
  discharge: '2027-01-01',
} as const;

const STAFF = {
  coordinator: { role: 'intake-coordinator', userId: 'coordinator-2', sites: [SITE] },
  clinician: { role: 'clinician', userId: 'clinician-7', sites: [SITE] },
  nurse: { role: 'nurse', userId: 'nurse-3', sites: [SITE] },
  caseManager: { role: 'case-manager', userId: 'case-manager-3', sites: [SITE] },
  siteAdmin: { role: 'site-admin', userId: 'site-admin-1', sites: [SITE] },
  supervisor: { role: 'clinical-supervisor', userId: 'supervisor-1', sites: [SITE] },
} satisfies Record<string, Staff>;

// What the staff send: intake's documented examples (api/examples.ts), and the rest here.
// Personal data goes to intake only, and is invented.
const traumaConsent = {
  ...exampleReferralConsent(DAYS.referral, TRAUMA_CLINIC),
  purposeDescription: 'to arrange trauma therapy',
  expiry: { kind: 'date', expiresOn: '2027-09-01' },
};
/** The MAT client, invented; personal data goes to intake only. */
const matRegistration = {
  siteId: SITE,
  referral: { source: 'self', reasonCode: 'opioid-use' },
  person: { givenName: 'Sam', familyName: 'Sample', dateOfBirth: '1991-07-02', contact: { phone: '+1 555 0123' } },
};
const screenings = [
  examplePhq9Of14,
  { instrument: 'PC-PTSD-5', exposure: true, items: [true, true, true, true, false] },
  exampleCssrsNegative,
];
const relapsePreventionPlan = {
  triggers: [{ kind: 'places', description: 'the bar on the way home from work' }],
  warningSigns: ['skipping meetings'],
  copingStrategies: ['call before deciding anything'],
  supportContacts: [
    { contactId: 'contact-sponsor', relationship: 'sponsor' },
    { contactId: 'contact-sister', relationship: 'family' },
    { contactId: 'contact-mentor', relationship: 'peer-mentor' },
  ],
  actionPlan: { steps: ['leave the place', 'call the sponsor'], firstContactId: 'contact-sponsor' },
};
/** BARC-10 answers (1–6 each): 50 is strong recovery capital (≥ 47); 39 is an 11-point drop. */
const BARC10_OF_50 = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5];
const BARC10_OF_39 = [4, 4, 4, 4, 4, 4, 4, 4, 4, 3];

type Events = { events: { type: string }[] };
const typesOf = (answer: Events) => answer.events.map((event) => event.type).join(', ');
const short = (id: string) => id.slice(0, 8);
const levelName = (level: Level) => `ASAM ${level.edition} ${level.code}`;

export async function runWholeJourney({ urls, clock }: JourneyServices, report: StepReporter = () => undefined): Promise<JourneyResult> {
  const intake = new ServiceClient('intake', urls.intake);
  const treatmentPlan = new ServiceClient('treatment-plan', urls['treatment-plan']);
  const dualDiagnosis = new ServiceClient('dual-diagnosis', urls['dual-diagnosis']);
  const aftercare = new ServiceClient('aftercare', urls.aftercare);
  const [coordinator, clinician, nurse, caseManager, siteAdmin] = await Promise.all(
    [STAFF.coordinator, STAFF.clinician, STAFF.nurse, STAFF.caseManager, STAFF.siteAdmin].map(tokenFor),
  );

  let today: string = DAYS.referral;
  const on = (day: string, time = '10:00') => {
    today = day;
    clock.set(`${day}T${time}:00.000Z`);
  };
  const step = (service: string, what: string) => report(`${today}  ${service.padEnd(14)} ${what}`);

  // ── Intake: referral in, registration, consent, screening, assessment, placement, admission.
  on(DAYS.referral, '09:00');
  for (const provider of [TRAUMA_CLINIC, PSYCHIATRY]) await dualDiagnosis.post(siteAdmin, '/providers', provider);
  step(
    'dual-diagnosis',
    `providers listed at ${SITE}: ${TRAUMA_CLINIC.providerId} (external, trauma-therapy), ${PSYCHIATRY.providerId} (internal, psychiatric-evaluation)`,
  );
  const registered = await intake.post<{ clientId: string; status: string }>(coordinator, '/clients', exampleRegistration(SITE));
  const clientId = registered.clientId;
  step('intake', `referral in (source self, reason alcohol-use); client ${clientId} registered at ${SITE}`);
  const consent = await intake.post<{ consentId: string }>(coordinator, `/clients/${clientId}/consents`, traumaConsent);
  step(
    'intake',
    `Part 2 consent ${short(consent.consentId)} granted: recipient ${TRAUMA_CLINIC.providerId}, purpose TREAT, expires 2027-09-01`,
  );
  for (const screening of screenings) {
    const screened = await intake.post<{
      score?: number;
      positive?: boolean;
      category?: string;
      coOccurringConditionsIdentified: string[];
    }>(clinician, `/clients/${clientId}/screenings`, screening);
    const found = screened.coOccurringConditionsIdentified.length
      ? `; co-occurring condition ${screened.coOccurringConditionsIdentified.join(', ')}`
      : '';
    step(
      'intake',
      `screening ${screening.instrument}: ${screened.positive ? 'positive' : 'negative'}${screened.score === undefined ? '' : ` (score ${screened.score})`}${found}`,
    );
  }
  const assessed = await intake.post<{ assessmentId: string; recommendation: { level: Level } }>(
    clinician,
    `/clients/${clientId}/assessments`,
    exampleAssessmentForIop,
  );
  step('intake', `assessment ${short(assessed.assessmentId)} recorded; placement recommended: ${levelName(assessed.recommendation.level)}`);
  await intake.post(clinician, `/clients/${clientId}/placement`, { level: IOP });
  step('intake', `placement decided: ${levelName(IOP)} (IOP), as recommended`);

  on(DAYS.admission, '08:30');
  const firstAdmission = await admit(intake, coordinator, clientId, DAYS.admission);
  step(
    'intake',
    `admitted at ${levelName(IOP)}, ${SITE}, evening track, from ${DAYS.admission} (admission ${short(firstAdmission.admissionId)})`,
  );

  // ── Treatment-plan heard of the admission: the episode and its draft plan.
  const firstEpisodeId = await episodeOpenedFor(treatmentPlan, clinician, firstAdmission.admissionId);
  step('treatment-plan', `episode ${firstEpisodeId} opened at ${levelName(IOP)}; draft plan ${short(firstEpisodeId)}`);
  const problem = await treatmentPlan.post<{ problemId: string }>(clinician, `/plans/${firstEpisodeId}/problems`, {
    code: 'alcohol-use-disorder',
    dimension: 5,
  });
  const abstinence = await treatmentPlan.post<{ goalId: string }>(clinician, `/plans/${firstEpisodeId}/goals`, {
    problemId: problem.problemId,
    code: 'abstinence',
    targetDate: '2026-11-30',
  });
  await treatmentPlan.post(clinician, `/plans/${firstEpisodeId}/signatures`, { signer: 'clinician' });
  const signed = await treatmentPlan.post<{ status: string }>(clinician, `/plans/${firstEpisodeId}/signatures`, { signer: 'client' });
  step(
    'treatment-plan',
    `plan: problem alcohol-use-disorder, goal abstinence by 2026-11-30; signed by clinician and client → ${signed.status}`,
  );

  // ── Dual-diagnosis: a referral per positive screen; the outside clinic only under the consent.
  on(DAYS.referralsSent);
  type Row = { referralId: string; clientId: string; conditionCode: string; specialty: string; status: string };
  const opened = await eventually(
    async () => {
      // The client's own referrals: a site's list may hold many other clients' (a seeded store).
      const open = await dualDiagnosis.get<{ items: Row[] }>(clinician, `/clients/${clientId}/referrals`);
      const mine = (open?.items ?? []).filter((row) => row.clientId === clientId);
      return mine.length === 2 ? mine : undefined;
    },
    'the two dual-diagnosis referrals opened from the screens',
    BUS_PATIENCE_MS,
  );
  const referralFor = (conditionCode: string) => opened.find((row) => row.conditionCode === conditionCode)!;
  const depression = referralFor('depression');
  const trauma = referralFor('ptsd');
  step(
    'dual-diagnosis',
    `referrals opened from intake's screens: ${short(depression.referralId)} depression → psychiatric-evaluation, ${short(trauma.referralId)} ptsd → trauma-therapy`,
  );
  type ReferralDetail = {
    status: string;
    disclosureIds: string[];
    disclosures: { disclosureId: string; recipientId: string; consentId: string; purpose: string }[];
  };
  const sendTo = async (referralId: string, providerId: string) => {
    await dualDiagnosis.post(clinician, `/referrals/${referralId}/provider`, { providerId });
    await dualDiagnosis.post(clinician, `/referrals/${referralId}/sending`);
    // An outside provider's referral waits until dual-diagnosis has heard of the consent from intake.
    return eventually(
      async () => {
        const detail = await dualDiagnosis.get<ReferralDetail>(clinician, `/referrals/${referralId}`);
        return detail?.status === 'sent' ? detail : undefined;
      },
      `referral ${referralId} to be sent to ${providerId}`,
      BUS_PATIENCE_MS,
    );
  };
  await sendTo(depression.referralId, PSYCHIATRY.providerId);
  step(
    'dual-diagnosis',
    `referral ${short(depression.referralId)} sent to ${PSYCHIATRY.providerId} (internal: no consent needed, no disclosure)`,
  );
  const traumaSent = await sendTo(trauma.referralId, TRAUMA_CLINIC.providerId);
  const disclosure = traumaSent.disclosures[0]!;
  step(
    'dual-diagnosis',
    `referral ${short(trauma.referralId)} sent to ${TRAUMA_CLINIC.providerId} under consent ${short(disclosure.consentId)}; disclosure ${short(disclosure.disclosureId)} recorded (purpose ${disclosure.purpose}, Part 2 notice)`,
  );

  on(DAYS.referralsCompleted);
  const outcomes = [
    { referral: depression, providerId: PSYCHIATRY.providerId, recommendationCodes: ['ssri-trial'] },
    { referral: trauma, providerId: TRAUMA_CLINIC.providerId, recommendationCodes: ['emdr-weekly'] },
  ];
  for (const { referral, providerId, recommendationCodes } of outcomes) {
    const route = `/referrals/${referral.referralId}`;
    await dualDiagnosis.post(clinician, `${route}/acceptance`);
    await dualDiagnosis.post(clinician, `${route}/appointment`, { appointmentDate: DAYS.referralsCompleted });
    await dualDiagnosis.post(clinician, `${route}/completion`, { conditionConfirmed: true, recommendationCodes });
    step(
      'dual-diagnosis',
      `referral ${short(referral.referralId)} accepted by ${providerId}, seen ${DAYS.referralsCompleted}, completed: ${referral.conditionCode} confirmed, recommends ${recommendationCodes.join(', ')}`,
    );
  }
  type Goal = { goalId: string; code: string; status: string; referralId?: string };
  type PlanView = { plan: { status: string; goals: Goal[] }; dischargeReadiness: { ready: boolean; soberDays: number; openGoals: number } };
  const planOf = async (planId: string) => (await treatmentPlan.get<PlanView>(clinician, `/plans/${planId}`))!;
  const integratedCareGoals = await eventually(
    async () => {
      const goals = (await planOf(firstEpisodeId)).plan.goals.filter((goal) => goal.code === 'integrated-care');
      return goals.length === 2 ? goals : undefined;
    },
    'the integrated-care goals in the treatment plan',
    BUS_PATIENCE_MS,
  );
  step(
    'treatment-plan',
    `integrated-care goals from the completed referrals: ${integratedCareGoals.map((goal) => `${goal.goalId.slice(0, 24)}… (${goal.status})`).join(', ')}`,
  );
  for (const goal of integratedCareGoals)
    await treatmentPlan.post(clinician, `/plans/${firstEpisodeId}/goals/${goal.goalId}/status`, { status: 'active' });
  step('treatment-plan', 'integrated-care goals made active with the client');

  // ── Treatment: a week's attendance, two positive tests and a relapse, a step-up to PHP.
  for (const date of ['2026-09-07', '2026-09-09', '2026-09-11'])
    await treatmentPlan.post(nurse, `/plans/${firstEpisodeId}/sessions`, {
      date,
      hours: 3,
      attended: true,
      lateEntryReason: 'documented-late',
    });
  step(
    'treatment-plan',
    'attendance: 3 sessions of 3 hours in the week of 2026-09-07 (9 hours, the IOP minimum), entered late from the sign-in sheet',
  );
  on(DAYS.relapse);
  const firstTest = await treatmentPlan.post<{ testId: string } & Events>(nurse, `/plans/${firstEpisodeId}/drug-tests`, {
    date: '2026-09-11',
    result: 'positive',
    substanceCodes: ['alcohol'],
    lateEntryReason: 'result-received-late',
  });
  const secondTest = await treatmentPlan.post<{ testId: string } & Events>(nurse, `/plans/${firstEpisodeId}/drug-tests`, {
    date: DAYS.relapse,
    result: 'positive',
    substanceCodes: ['alcohol'],
  });
  step(
    'treatment-plan',
    `drug tests 2026-09-11 (${short(firstTest.testId)}) and ${DAYS.relapse} positive for alcohol, five days apart: two use episodes → ${typesOf(secondTest)}`,
  );
  const relapse = await treatmentPlan.post<{ status: string }>(clinician, `/plans/${firstEpisodeId}/relapses`, {
    date: DAYS.relapse,
    substanceCodes: ['alcohol'],
    evidence: [{ kind: 'drug-test', id: secondTest.testId }],
    extendProgramme: { newEndDate: '2026-12-31', reasonCode: 'relapse' },
  });
  step('treatment-plan', `relapse recorded (alcohol); programme extended to 2026-12-31; plan ${relapse.status}`);
  await treatmentPlan.post(clinician, `/episodes/${firstEpisodeId}/level-changes`, {
    from: IOP,
    to: PHP,
    reason: { code: 'relapse' },
    evidence: [{ kind: 'drug-test', id: secondTest.testId }],
    effectiveDate: DAYS.relapse,
  });
  step(
    'treatment-plan',
    `step-up ${levelName(IOP)} → ${levelName(PHP)} (PHP), reason relapse, evidence drug-test ${short(secondTest.testId)}`,
  );
  on(DAYS.planReviewed);
  const reviewed = await treatmentPlan.post<{ status: string }>(clinician, `/plans/${firstEpisodeId}/reviews`, {
    outcomeCode: 'relapse-addressed',
  });
  step('treatment-plan', `plan reviewed (relapse-addressed) → ${reviewed.status}`);

  // ── Stable again: a negative test and a session every week (the evidence sober days need), a step-down to IOP.
  on(DAYS.stepDown);
  await weeklyEvidence(
    treatmentPlan,
    nurse,
    firstEpisodeId,
    today,
    ['2026-09-22', '2026-09-25', '2026-10-02'],
    ['2026-09-22', '2026-09-29'],
  );
  step('treatment-plan', 'drug tests 2026-09-22, 2026-09-25 and 2026-10-02 negative; sessions 2026-09-22 and 2026-09-29 (entered late)');
  await treatmentPlan.post(clinician, `/episodes/${firstEpisodeId}/level-changes`, {
    from: PHP,
    to: IOP,
    reason: { code: 'clinical-progress' },
    evidence: [{ kind: 'review', id: 'review-1' }],
    effectiveDate: DAYS.stepDown,
  });
  step('treatment-plan', `step-down ${levelName(PHP)} → ${levelName(IOP)}, reason clinical-progress, evidence review`);

  on(DAYS.weeklyEvidence);
  await weeklyEvidence(
    treatmentPlan,
    nurse,
    firstEpisodeId,
    today,
    ['2026-10-09', '2026-10-12'],
    ['2026-10-06', '2026-10-09', '2026-10-12'],
  );
  step('treatment-plan', 'drug tests 2026-10-09 and 2026-10-12 negative; sessions 2026-10-06, 2026-10-09 and 2026-10-12');

  // ── Goals closed; on the 30th evidence-backed sober day the plan is ready, and the client is discharged.
  on(DAYS.goalsClosed);
  for (const goalId of [abstinence.goalId, ...integratedCareGoals.map((goal) => goal.goalId)]) {
    await treatmentPlan.post(clinician, `/plans/${firstEpisodeId}/goals/${goalId}/status`, { status: 'achieved' });
  }
  const dayBefore = (await planOf(firstEpisodeId)).dischargeReadiness;
  step(
    'treatment-plan',
    `all ${1 + integratedCareGoals.length} goals achieved; ${dayBefore.soberDays} sober days: ${dayBefore.ready ? 'ready' : 'not ready yet'}`,
  );
  const tooEarly = await treatmentPlan.refused(clinician, `/episodes/${firstEpisodeId}/discharge`, {
    disposition: 'completed',
    dischargeSummaryRef: 'summary-1',
  });
  step('treatment-plan', `a completed discharge today is refused (${tooEarly.status}): the client needs 30 sober days`);
  on(DAYS.discharge, '15:00');
  const readiness = (await planOf(firstEpisodeId)).dischargeReadiness;
  if (!readiness.ready) throw new Error(`the plan is not ready for discharge on ${DAYS.discharge}: ${JSON.stringify(readiness)}`);
  step('treatment-plan', `discharge readiness: ${readiness.soberDays} sober days, ${readiness.openGoals} open goals → ready`);
  const discharged = await treatmentPlan.post<Events>(clinician, `/episodes/${firstEpisodeId}/discharge`, {
    disposition: 'completed',
    dischargeSummaryRef: 'summary-1',
  });
  step('treatment-plan', `discharged, disposition completed → ${typesOf(discharged)}`);

  // ── Aftercare: the plan from EpisodeDischarged, its content, and the check-ins.
  type AftercareView = {
    plan: {
      status: string;
      checkIns: { dueDate: string; status: string; outcome?: string }[];
      ended?: { reason: string; readmissionEpisodeId?: string; endedOn: string };
    };
  };
  const aftercarePlanOf = async (planId: string) => aftercare.get<AftercareView>(caseManager, `/aftercare-plans/${planId}`);
  const created = await eventually(
    async () => {
      const view = await aftercarePlanOf(firstEpisodeId);
      return view?.plan.status === 'active' ? view : undefined;
    },
    'the aftercare plan from EpisodeDischarged',
    BUS_PATIENCE_MS,
  );
  step(
    'aftercare',
    `aftercare plan ${short(firstEpisodeId)} created from the discharge; check-ins due ${created.plan.checkIns
      .slice(0, 3)
      .map((checkIn) => checkIn.dueDate)
      .join(', ')}, …`,
  );
  await aftercare.put(caseManager, `/aftercare-plans/${firstEpisodeId}/relapse-prevention-plan`, relapsePreventionPlan);
  await aftercare.put(caseManager, `/aftercare-plans/${firstEpisodeId}/step-down`, {
    level: { edition: 3, code: '1' },
    providerId: 'provider-op-north',
    startDate: '2026-10-19',
  });
  await aftercare.post(caseManager, `/aftercare-plans/${firstEpisodeId}/peer-support`, {
    programme: 'SMART',
    groupId: 'group-smart-thursday-north',
    linkedOn: DAYS.discharge,
  });
  step(
    'aftercare',
    'relapse-prevention plan (1 trigger, 3 support contacts, action plan); step-down to ASAM 3 1 (outpatient) at provider-op-north; linked to SMART group-smart-thursday-north',
  );

  on(DAYS.day7, '11:00');
  const day7 = await aftercare.post<Events>(caseManager, `/aftercare-plans/${firstEpisodeId}/check-ins`, {
    dueDate: DAYS.day7,
    outcome: 'abstinent',
    barc10: BARC10_OF_50,
  });
  step('aftercare', `day-7 check-in: abstinent, BARC-10 50 (strong recovery capital) → ${typesOf(day7)}`);
  on(DAYS.day30, '11:00');
  const day30 = await aftercare.post<Events>(caseManager, `/aftercare-plans/${firstEpisodeId}/check-ins`, {
    dueDate: DAYS.day30,
    outcome: 'relapse',
    barc10: BARC10_OF_39,
  });
  step('aftercare', `day-30 check-in: relapse, BARC-10 39 (down 11) → ${typesOf(day30)}`);

  // ── Intake hears of the recommendation: a re-entry referral, and a new intake.
  type ClientRecord = {
    status: string;
    referral?: { referralId: string; source: string; reasonCode: string; previousEpisodeId?: string };
    admissions: { admissionId: string; previousEpisodeId?: string }[];
  };
  const referred = await eventually(
    async () => {
      const record = await intake.get<ClientRecord>(coordinator, `/clients/${clientId}`);
      return record?.status === 'referred' ? record : undefined;
    },
    "intake's re-entry referral from ReadmissionRecommended",
    BUS_PATIENCE_MS,
  );
  const reEntry = referred.referral!;
  step(
    'intake',
    `re-entry referral ${short(reEntry.referralId)} (source ${reEntry.source}, reason ${reEntry.reasonCode}) following episode ${short(reEntry.previousEpisodeId ?? '')}`,
  );

  on(DAYS.readmission, '09:00');
  await intake.post(clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative);
  await intake.post(clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop);
  await intake.post(clinician, `/clients/${clientId}/placement`, { level: IOP });
  step('intake', `re-screened (C-SSRS negative), re-assessed, placed at ${levelName(IOP)}`);
  const readmission = await admit(intake, coordinator, clientId, DAYS.readmission);
  step(
    'intake',
    `readmitted at ${levelName(IOP)} from ${DAYS.readmission} (admission ${short(readmission.admissionId)}, previous episode ${short(readmission.previousEpisodeId ?? '')})`,
  );
  const secondEpisodeId = await episodeOpenedFor(treatmentPlan, clinician, readmission.admissionId);
  step('treatment-plan', `episode ${secondEpisodeId} opened at ${levelName(IOP)}, linked to ${firstEpisodeId}`);
  const ended = await eventually(
    async () => {
      const view = await aftercarePlanOf(firstEpisodeId);
      return view?.plan.status === 'ended' ? view : undefined;
    },
    'the end of continuing care on readmission',
    BUS_PATIENCE_MS,
  );
  step(
    'aftercare',
    `continuing care ended: ${ended.plan.ended?.reason} into episode ${short(ended.plan.ended?.readmissionEpisodeId ?? '')} on ${ended.plan.ended?.endedOn}`,
  );

  // ── The result: ids, final states and each episode's level-of-care timeline.
  const episodes = (await Promise.all(
    [firstEpisodeId, secondEpisodeId].map((episodeId) => episodeSummary(treatmentPlan, clinician, episodeId)),
  )) as [EpisodeSummary, EpisodeSummary];
  const referrals = await Promise.all(
    outcomes.map(async ({ referral, providerId }) => {
      const detail = (await dualDiagnosis.get<ReferralDetail>(clinician, `/referrals/${referral.referralId}`))!;
      return {
        referralId: referral.referralId,
        conditionCode: referral.conditionCode,
        specialty: referral.specialty,
        providerId,
        status: detail.status,
        disclosureIds: detail.disclosureIds,
      };
    }),
  );
  const mat = await runMatJourney({ intake, treatmentPlan, coordinator, clinician, nurse, caseManager, clock, report });
  return {
    clientId,
    siteId: SITE,
    consentId: consent.consentId,
    admissionIds: [firstAdmission.admissionId, readmission.admissionId],
    reEntryReferralId: reEntry.referralId,
    episodes,
    referrals,
    integratedCareGoalIds: integratedCareGoals.map((goal) => goal.goalId),
    aftercarePlanId: firstEpisodeId,
    readmissionRecommended: day30.events.some((event) => event.type === 'ReadmissionRecommended'),
    mat,
  };
}

type MatJourneyContext = {
  intake: ServiceClient;
  treatmentPlan: ServiceClient;
  coordinator: string;
  clinician: string;
  nurse: string;
  caseManager: string;
  clock: ManualClock;
  report: StepReporter;
};

/**
 * A client on buprenorphine-naloxone from an outside prescriber: recorded as external (a
 * nurse), a PDMP check, naloxone dispensed; a test positive only for buprenorphine keeps the
 * streak, one with fentanyl is a use episode and restarts it; 30 evidence-backed sober days
 * later the client completes. MAT is never a reason to refuse or end treatment.
 */
async function runMatJourney(context: MatJourneyContext): Promise<MatJourneyResult> {
  const { intake, treatmentPlan, coordinator, clinician, nurse, caseManager, clock, report } = context;
  let today: string = MAT_DAYS.referral;
  const on = (day: string, time = '10:00') => {
    today = day;
    clock.set(`${day}T${time}:00.000Z`);
  };
  const step = (service: string, what: string) => report(`${today}  ${service.padEnd(14)} ${what}`);
  type Readiness = { ready: boolean; soberDays: number; calendarSoberDays: number };
  type MatPlanView = { sobriety: { days: number; since: string }; dischargeReadiness: Readiness };
  const planOf = async (planId: string) => (await treatmentPlan.get<MatPlanView>(clinician, `/plans/${planId}`))!;

  on(MAT_DAYS.referral, '09:00');
  const registered = await intake.post<{ clientId: string }>(coordinator, '/clients', matRegistration);
  const clientId = registered.clientId;
  await intake.post(clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative);
  await intake.post(clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop);
  await intake.post(clinician, `/clients/${clientId}/placement`, { level: IOP });
  step('intake', `MAT client ${clientId} registered (reason opioid-use), screened, assessed, placed at ${levelName(IOP)}`);

  on(MAT_DAYS.admission, '08:30');
  const admission = await admit(intake, coordinator, clientId, MAT_DAYS.admission);
  const episodeId = await episodeOpenedFor(treatmentPlan, clinician, admission.admissionId);
  const problem = await treatmentPlan.post<{ problemId: string }>(clinician, `/plans/${episodeId}/problems`, {
    code: 'opioid-use-disorder',
    dimension: 5,
  });
  const goal = await treatmentPlan.post<{ goalId: string }>(clinician, `/plans/${episodeId}/goals`, {
    problemId: problem.problemId,
    code: 'abstinence',
    targetDate: '2027-02-28',
  });
  await treatmentPlan.post(clinician, `/plans/${episodeId}/signatures`, { signer: 'clinician' });
  await treatmentPlan.post(clinician, `/plans/${episodeId}/signatures`, { signer: 'client' });
  step('treatment-plan', `episode ${episodeId} opened at ${levelName(IOP)}; plan: opioid-use-disorder, goal abstinence; signed → active`);
  const medication = await treatmentPlan.post<{ medicationId: string } & Events>(nurse, `/plans/${episodeId}/external-medications`, {
    code: 'buprenorphine-naloxone',
    source: 'external-prescriber',
    prescriberId: 'npi-1234567893',
    since: '2026-10-01',
    verification: 'pdmp',
  });
  await treatmentPlan.post(nurse, `/plans/${episodeId}/pdmp-checks`, { date: MAT_DAYS.admission, result: 'no-concerns' });
  await treatmentPlan.post(caseManager, `/plans/${episodeId}/naloxone`, { date: MAT_DAYS.admission, action: 'dispensed' });
  step(
    'treatment-plan',
    `external medication buprenorphine-naloxone (RxNorm 352364) from an outside prescriber since 2026-10-01, verified in the PDMP → ${typesOf(medication)}; PDMP checked; naloxone dispensed`,
  );

  const urine = (date: string, found: string[]) => ({
    date,
    result: found.length > 0 ? 'positive' : 'negative',
    substanceCodes: found,
    specimen: 'urine',
    panel: ['alcohol', 'buprenorphine', 'fentanyl', 'opiates', 'oxycodone', 'cocaine', 'amphetamines', 'benzodiazepines', 'cannabis'],
    observed: true,
  });
  const individualSession = (date: string) => ({ date, hours: 1, attended: true, kind: 'individual-therapy' });

  on(MAT_DAYS.buprenorphineOnly);
  const buprenorphineOnly = await treatmentPlan.post<{ testId: string } & Events>(
    caseManager,
    `/plans/${episodeId}/drug-tests`,
    urine(MAT_DAYS.buprenorphineOnly, ['buprenorphine', 'norbuprenorphine']),
  );
  await treatmentPlan.post(clinician, `/plans/${episodeId}/sessions`, individualSession(MAT_DAYS.buprenorphineOnly));
  // Another client's cup, entered on this plan by mistake, and corrected: the original stays in the history.
  const mistaken = await treatmentPlan.post<{ testId: string }>(
    caseManager,
    `/plans/${episodeId}/drug-tests`,
    urine(MAT_DAYS.buprenorphineOnly, ['cocaine']),
  );
  await treatmentPlan.post(caseManager, `/plans/${episodeId}/corrections`, {
    kind: 'drug-test',
    id: mistaken.testId,
    reasonCode: 'wrong-client',
  });
  step(
    'treatment-plan',
    `a cocaine positive entered on this plan by mistake (${short(mistaken.testId)}) marked entered-in-error: wrong-client`,
  );
  const afterBuprenorphine = await planOf(episodeId);
  step(
    'treatment-plan',
    `observed urine test (case manager) positive for buprenorphine and norbuprenorphine only: expected, the prescribed medication → ${typesOf(buprenorphineOnly)}; sober days ${afterBuprenorphine.sobriety.days} since ${afterBuprenorphine.sobriety.since}`,
  );

  on(MAT_DAYS.fentanyl);
  const fentanyl = await treatmentPlan.post<{ testId: string } & Events>(
    caseManager,
    `/plans/${episodeId}/drug-tests`,
    urine(MAT_DAYS.fentanyl, ['buprenorphine', 'fentanyl']),
  );
  await treatmentPlan.post(clinician, `/plans/${episodeId}/sessions`, individualSession(MAT_DAYS.fentanyl));
  const afterFentanyl = await planOf(episodeId);
  step(
    'treatment-plan',
    `urine test positive for buprenorphine and fentanyl: fentanyl is use, one use episode; the streak restarts from ${afterFentanyl.sobriety.since}`,
  );

  for (const date of MAT_DAYS.weekly) {
    on(date);
    await treatmentPlan.post(caseManager, `/plans/${episodeId}/drug-tests`, urine(date, ['buprenorphine', 'norbuprenorphine']));
    await treatmentPlan.post(clinician, `/plans/${episodeId}/sessions`, individualSession(date));
  }
  await treatmentPlan.post(clinician, `/plans/${episodeId}/goals/${goal.goalId}/status`, { status: 'achieved' });
  step(
    'treatment-plan',
    `weekly observed tests ${MAT_DAYS.weekly.join(', ')} positive for buprenorphine only, an individual session each week; goal abstinence achieved`,
  );

  on(MAT_DAYS.dayBefore, '15:00');
  const dayBefore = (await planOf(episodeId)).dischargeReadiness;
  step('treatment-plan', `${dayBefore.soberDays} evidence-backed sober days: ${dayBefore.ready ? 'ready' : 'not ready yet'}`);
  on(MAT_DAYS.discharge, '15:00');
  const readiness = (await planOf(episodeId)).dischargeReadiness;
  if (!readiness.ready) throw new Error(`the MAT client is not ready on ${MAT_DAYS.discharge}: ${JSON.stringify(readiness)}`);
  const discharged = await treatmentPlan.post<Events>(clinician, `/episodes/${episodeId}/discharge`, {
    disposition: 'completed',
    dischargeSummaryRef: 'summary-mat-1',
  });
  step(
    'treatment-plan',
    `${readiness.soberDays} evidence-backed sober days on buprenorphine → discharged, disposition completed → ${typesOf(discharged)}`,
  );
  return {
    clientId,
    episodeId,
    medicationId: medication.medicationId,
    buprenorphineOnlyTestId: buprenorphineOnly.testId,
    correctedTestId: mistaken.testId,
    fentanylTestId: fentanyl.testId,
    soberDaysAfterBuprenorphineOnly: afterBuprenorphine.sobriety.days,
    soberSinceAfterFentanyl: afterFentanyl.sobriety.since,
    readinessDayBefore: { ready: dayBefore.ready, soberDays: dayBefore.soberDays },
    readinessOnDischarge: { ready: readiness.ready, soberDays: readiness.soberDays },
    disposition: 'completed',
  };
}

/** A negative test and an attended session on each given day: the evidence sober days need (entered late when before `today`). */
async function weeklyEvidence(
  treatmentPlan: ServiceClient,
  tester: string,
  planId: string,
  today: string,
  testDays: string[],
  sessionDays: string[],
): Promise<void> {
  const late = (date: string, lateEntryReason: string) => (date < today ? { lateEntryReason } : {});
  for (const date of testDays)
    await treatmentPlan.post(tester, `/plans/${planId}/drug-tests`, {
      date,
      result: 'negative',
      substanceCodes: [],
      ...late(date, 'result-received-late'),
    });
  for (const date of sessionDays)
    await treatmentPlan.post(tester, `/plans/${planId}/sessions`, { date, hours: 4, attended: true, ...late(date, 'documented-late') });
}

async function admit(intake: ServiceClient, coordinator: string, clientId: string, startDate: string) {
  const admitted = await intake.post<{ admission: { admissionId: string; previousEpisodeId?: string } }>(
    coordinator,
    `/clients/${clientId}/admissions`,
    exampleAdmission(SITE, startDate),
  );
  return admitted.admission;
}

/** A member of an episode's care team, as the supervisor seats them. */
export type CareTeamMember = { userId: string; teamRole: string };

/**
 * A client of the journey's kind, registered and screened today, assessed, placed and admitted
 * at IOP from `startDate` (a past date is an admission recorded late), with treatment-plan's
 * episode open and `careTeam` seated (its first member a clinician): for tests that need an
 * admitted client of their own on the services' own clock. The person is invented.
 */
export async function admitAtIop(
  urls: JourneyServices['urls'],
  startDate: string,
  careTeam: CareTeamMember[],
): Promise<{ clientId: string; episodeId: string }> {
  const intake = new ServiceClient('intake', urls.intake);
  const treatmentPlan = new ServiceClient('treatment-plan', urls['treatment-plan']);
  const [coordinator, clinician] = await Promise.all([STAFF.coordinator, STAFF.clinician].map(tokenFor));
  const registration = exampleRegistration(SITE);
  const { clientId } = await intake.post<{ clientId: string }>(coordinator, '/clients', {
    ...registration,
    person: { ...registration.person, givenName: 'Late', familyName: `Admission ${startDate}` },
  });
  await intake.post(clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative);
  await intake.post(clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop);
  await intake.post(clinician, `/clients/${clientId}/placement`, { level: IOP });
  const admission = await admit(intake, coordinator, clientId, startDate);
  const teamClinician = await tokenFor({ role: 'clinician', userId: careTeam[0]!.userId, sites: [SITE] });
  return { clientId, episodeId: await episodeOpenedFor(treatmentPlan, teamClinician, admission.admissionId, careTeam) };
}

/** The episode treatment-plan opened from an admission: its id is derived from the admission's, as treatment-plan derives it. */
async function episodeOpenedFor(
  treatmentPlan: ServiceClient,
  clinician: string,
  admissionId: string,
  members: CareTeamMember[] = CARE_TEAM,
): Promise<string> {
  const episodeId = episodeIdForAdmission(admissionId);
  // The team starts empty: the site's clinical supervisor sees the new episode and seats its
  // care team, who read its clinical detail from then on (docs/domain/roles-and-sites.md#care-teams).
  const supervisor = await tokenFor(STAFF.supervisor);
  await eventually(
    async () => {
      const view = await treatmentPlan.get<{ episode?: { status: string } }>(supervisor, `/episodes/${episodeId}`);
      const plan = await treatmentPlan.get(supervisor, `/plans/${episodeId}`);
      return view?.episode?.status === 'open' && plan ? true : undefined;
    },
    `treatment-plan's episode and plan for admission ${admissionId}`,
    BUS_PATIENCE_MS,
  );
  await treatmentPlan.put(supervisor, `/episodes/${episodeId}/care-team`, { members });
  if (!(await treatmentPlan.get(clinician, `/plans/${episodeId}`))) throw new Error(`the care team cannot read plan ${episodeId}`);
  return episodeId;
}

/** The care team the site's clinical supervisor seats on each of the journey's episodes. */
const CARE_TEAM = [
  { userId: STAFF.clinician.userId, teamRole: 'clinician' },
  { userId: STAFF.caseManager.userId, teamRole: 'case-manager' },
  { userId: STAFF.nurse.userId, teamRole: 'nurse' },
];

async function episodeSummary(treatmentPlan: ServiceClient, clinician: string, episodeId: string): Promise<EpisodeSummary> {
  const view = await treatmentPlan.get<{ episode: Omit<EpisodeSummary, 'timeline' | 'episodeId'>; timeline: TimelineSegment[] }>(
    clinician,
    `/episodes/${episodeId}`,
  );
  if (!view) throw new Error(`treatment-plan does not know episode ${episodeId}`);
  const { status, startDate, previousEpisodeId, disposition, dischargeDate } = view.episode;
  return { episodeId, status, startDate, previousEpisodeId, disposition, dischargeDate, timeline: view.timeline };
}

export type IntegrityVerdict = { ok: boolean; eventsChecked: number; streamsChecked: number; findingsTotal: number };

/** The audit service's verification of every stream's hash chain and the store's global order, as an auditor asks for it. */
export async function verifyStoreIntegrity(auditUrl: string): Promise<IntegrityVerdict> {
  const auditor = await tokenFor({ role: 'auditor', userId: 'auditor-1', sites: [] });
  const report = await new ServiceClient('audit', auditUrl).get<IntegrityVerdict>(auditor, '/integrity/verification');
  if (!report) throw new Error('the audit service has no integrity verification');
  return report;
}
