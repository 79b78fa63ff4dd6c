// Issue 6, "done when": the system test. Intake, treatment-plan and dual-diagnosis in one jest
// process, on one event store file, talking only over the bus (the embedded bus, and real
// Kafka when KAFKA_BROKERS is set): a positive PHQ-9 and PC-PTSD-5 at intake open two
// referrals; the one to a provider outside the programme waits until the client's Part 2
// consent is recorded at intake, is then sent with a disclosure record, accepted and
// completed, and ReferralCompleted puts an integrated-care goal in the treatment plan.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '@continuum/platform';
import { holdExclusive } from '@continuum/testing';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleReferralConsent,
  exampleRegistration,
} from '@continuum/intake/api/examples.js';
import { type IntakeTestApp, startIntakeTestApp } from '@continuum/intake/testing/intake-app.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { type TreatmentPlanTestApp, startTreatmentPlanTestApp } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import {
  type DualDiagnosisTestApp,
  bearer as as,
  startDualDiagnosisTestApp,
  tokenFor as token,
} from '@continuum/dual-diagnosis/testing/dual-diagnosis-app.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const brokers = process.env.KAFKA_BROKERS;

type Bus = { name: string; env: Record<string, string> };
const buses: Bus[] = [{ name: 'the embedded bus', env: { BUS: 'embedded' } }];
if (brokers) {
  buses.push({ name: 'Kafka', env: { BUS: 'kafka', KAFKA_BROKERS: brokers } });
} else if (process.env.CI === 'true') {
  it('runs the referral journey over Kafka in CI', () => {
    throw new Error(
      'KAFKA_BROKERS is not set under CI=true: .ci/run must start Kafka (npm run kafka:up) and export KAFKA_BROKERS=127.0.0.1:9092',
    );
  });
} else {
  console.warn(
    'KAFKA_BROKERS not set: the referral journey ran over the embedded bus only; `npm run kafka:up` and set KAFKA_BROKERS=127.0.0.1:9092 for Kafka',
  );
}

const SITE = 'site-north';
const TRAUMA_CLINIC = {
  providerId: 'riverside-trauma',
  siteId: SITE,
  name: 'Riverside Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 4,
};
const PSYCHIATRY = {
  providerId: 'north-psychiatry',
  siteId: SITE,
  name: 'North Psychiatry Service',
  kind: 'internal',
  specialties: ['psychiatric-evaluation'],
  capacity: 6,
};
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const pcPtsd5Positive = { instrument: 'PC-PTSD-5', exposure: true, items: [true, true, true, true, false] };

describe.each(buses)('the dual-diagnosis referral journey over $name', (bus) => {
  let folder: string;
  let intake: IntakeTestApp;
  let treatmentPlan: TreatmentPlanTestApp;
  let dualDiagnosis: DualDiagnosisTestApp;
  let releaseKafka: (() => void) | undefined;

  beforeAll(async () => {
    // Over Kafka the services join their real consumer groups: one journey at a time.
    if (bus.env.BUS === 'kafka') releaseKafka = await holdExclusive('kafka-journeys');
    folder = mkdtempSync(path.join(tmpdir(), 'referral-journey-'));
    intake = await startIntakeTestApp('referral-journey', { folder, env: bus.env });
    treatmentPlan = await startTreatmentPlanTestApp('referral-journey', { folder, env: bus.env });
    dualDiagnosis = await startDualDiagnosisTestApp('referral-journey', { folder, env: bus.env });
  }, 12 * 60_000);

  afterAll(async () => {
    await dualDiagnosis?.close();
    await treatmentPlan?.close();
    await intake?.close();
    rmSync(folder, { recursive: true, force: true });
    releaseKafka?.();
  }, 60_000);

  it('goes from two positive screens to a completed external referral and an integrated-care goal', async () => {
    const coordinator = await token('intake-coordinator', [SITE]);
    const clinician = await token('clinician', [SITE], 'clinician-7');
    const admin = await token('site-admin', [SITE]);
    const atIntake = () => intake.http();
    const atDualDiagnosis = () => dualDiagnosis.http();

    await atDualDiagnosis().post('/api/v1/providers').set(as(admin)).send(TRAUMA_CLINIC).expect(201);
    await atDualDiagnosis().post('/api/v1/providers').set(as(admin)).send(PSYCHIATRY).expect(201);

    // Intake: registration, two positive co-occurring screens, and the admission that opens the episode.
    const registered = await atIntake().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
    const clientId: string = registered.body.clientId;
    const phq9 = await atIntake().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(examplePhq9Of14).expect(201);
    expect(phq9.body.coOccurringConditionsIdentified).toEqual(['depression']);
    const ptsd = await atIntake().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(pcPtsd5Positive).expect(201);
    expect(ptsd.body.coOccurringConditionsIdentified).toEqual(['ptsd']);
    await atIntake().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(exampleCssrsNegative).expect(201);
    await atIntake().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop).expect(201);
    await atIntake().post(`/api/v1/clients/${clientId}/placement`).set(as(clinician)).send({ level: IOP }).expect(201);
    const admitted = await atIntake()
      .post(`/api/v1/clients/${clientId}/admissions`)
      .set(as(coordinator))
      .send(exampleAdmission(SITE, inDays(1)))
      .expect(201);
    const planId = episodeIdForAdmission(admitted.body.admission.admissionId);
    // The site's clinical supervisor seats the care team that reads the episode (docs/domain/roles-and-sites.md#care-teams).
    await treatmentPlan.assignCareTeam(planId, SITE, [{ userId: 'clinician-7', teamRole: 'clinician' }]);

    // Dual-diagnosis: two referrals, one per condition.
    type Row = { referralId: string; clientId: string; conditionCode: string; specialty: string; status: string };
    const referrals = await eventually(
      async () => {
        await dualDiagnosis.settled();
        const open = await atDualDiagnosis().get(`/api/v1/sites/${SITE}/referrals`).set(as(clinician));
        const mine = (open.body.items as Row[]).filter((row) => row.clientId === clientId);
        return mine.length === 2 ? mine : undefined;
      },
      'two referrals for the client',
      60_000,
    );
    const depression = referrals.find((row) => row.conditionCode === 'depression')!;
    const trauma = referrals.find((row) => row.conditionCode === 'ptsd')!;
    expect(depression).toMatchObject({ specialty: 'psychiatric-evaluation', status: 'requested' });
    expect(trauma).toMatchObject({ specialty: 'trauma-therapy', status: 'requested' });

    // The internal psychiatry service needs no consent.
    await atDualDiagnosis()
      .post(`/api/v1/referrals/${depression.referralId}/provider`)
      .set(as(clinician))
      .send({ providerId: PSYCHIATRY.providerId })
      .expect(200);
    const internal = await atDualDiagnosis().post(`/api/v1/referrals/${depression.referralId}/sending`).set(as(clinician)).expect(200);
    expect(internal.body).toMatchObject({ status: 'sent', referral: { disclosureIds: [] } });

    // The trauma clinic is outside the programme: blocked until the client consents.
    const trauma_ = `/api/v1/referrals/${trauma.referralId}`;
    await atDualDiagnosis().post(`${trauma_}/provider`).set(as(clinician)).send({ providerId: TRAUMA_CLINIC.providerId }).expect(200);
    const blocked = await atDualDiagnosis().post(`${trauma_}/sending`).set(as(clinician)).expect(200);
    expect(blocked.body).toMatchObject({ status: 'awaiting-consent', referral: { awaitingConsent: { reasonCode: 'no-consent' } } });

    const consent = await atIntake()
      .post(`/api/v1/clients/${clientId}/consents`)
      .set(as(coordinator))
      .send({ ...exampleReferralConsent(today(), TRAUMA_CLINIC), expiry: { kind: 'date', expiresOn: inDays(365) } })
      .expect(201);
    const consentId: string = consent.body.consentId;

    const sent = await eventually(
      async () => {
        const detail = await atDualDiagnosis().get(trauma_).set(as(clinician));
        return detail.body.status === 'sent' ? detail.body : undefined;
      },
      'the trauma referral to be sent once intake recorded the consent',
      60_000,
    );
    expect(sent.disclosures).toEqual([
      expect.objectContaining({
        recipientId: TRAUMA_CLINIC.providerId,
        consentId,
        purpose: 'TREAT',
        information: ['dual-diagnosis-referral', 'condition:ptsd', 'specialty:trauma-therapy', 'urgency:routine'],
        redisclosureNotice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
      }),
    ]);

    await atDualDiagnosis().post(`${trauma_}/acceptance`).set(as(clinician)).expect(200);
    await atDualDiagnosis()
      .post(`${trauma_}/appointment`)
      .set(as(clinician))
      .send({ appointmentDate: inDays(7) })
      .expect(200);
    await atDualDiagnosis()
      .post(`${trauma_}/completion`)
      .set(as(clinician))
      .send({ conditionConfirmed: true, recommendationCodes: ['emdr-weekly'] })
      .expect(200);

    // ReferralCompleted crossed the bus: treatment-plan added the integrated-care goal to the client's plan.
    const goal = await eventually(
      async () => {
        const plan = await treatmentPlan.http().get(`/api/v1/plans/${planId}`).set(as(clinician));
        const goals = (plan.body.plan?.goals ?? []) as Array<{ code: string; referralId?: string }>;
        return goals.find((candidate) => candidate.code === 'integrated-care' && candidate.referralId === trauma.referralId);
      },
      'the integrated-care goal in the treatment plan',
      60_000,
    );
    expect(goal).toMatchObject({ code: 'integrated-care', status: 'proposed' });
  }, 180_000);
});
