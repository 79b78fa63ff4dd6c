// Issue 16's system test: expiry by event takes effect. Intake, treatment-plan and dual-diagnosis
// in one process on one event store file, talking only over the bus. The client signs a Part 2
// consent naming an outside clinic "until discharge"; a referral before the discharge goes out
// under it; treatment-plan discharges the client; dual-diagnosis hears EpisodeDischarged and the
// one consent rule (@continuum/consent's consentStateAt) takes the consent as expired, so a
// referral afterwards stays awaiting consent, saying so with the section.
import { eventually } from '@continuum/platform';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleReferralConsent,
  exampleRegistration,
} from '@continuum/intake/api/examples.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import {
  type DualDiagnosisTestApp,
  bearer as as,
  startDualDiagnosisTestApp,
  tokenFor as token,
} from '@continuum/dual-diagnosis/testing/dual-diagnosis-app.js';
import { type JourneyApps, busesFor, startJourney } from './testing/system-journey.js';

const SITE = 'site-north';
const CLINIC = {
  providerId: 'riverside-mind',
  siteId: SITE,
  name: 'Riverside Mind Clinic',
  kind: 'external',
  specialties: ['psychiatric-evaluation', 'trauma-therapy'],
  capacity: 4,
};
const pcPtsd5Positive = { instrument: 'PC-PTSD-5', exposure: true, items: [true, true, true, true, false] };

describe.each(busesFor('the consent until discharge'))('a consent "until discharge" ends at the discharge, over $name', (bus) => {
  let journey: JourneyApps;
  let dualDiagnosis: DualDiagnosisTestApp;

  beforeAll(async () => {
    const now = new Date();
    journey = await startJourney({ name: 'consent-until-discharge', bus, now });
    dualDiagnosis = await startDualDiagnosisTestApp('consent-until-discharge', {
      folder: journey.folder,
      now,
      env: { BUS_MAX_ATTEMPTS: '2', BUS_RETRY_BASE_MS: '50', ...bus.env },
    });
  }, 12 * 60_000);

  afterAll(async () => {
    await dualDiagnosis?.close();
    await journey?.close();
  }, 60_000);

  it('sends a referral under the consent before the discharge, and holds one afterwards awaiting a new consent', async () => {
    const { intake, treatmentPlan } = journey;
    const today = new Date().toISOString().slice(0, 10);
    const coordinator = await token('intake-coordinator', [SITE], 'coordinator-2');
    const clinician = await token('clinician', [SITE], 'clinician-7');
    const admin = await token('site-admin', [SITE]);
    const toIntake = (route: string, who: string, body: object) =>
      intake.http().post(`/api/v1${route}`).set(as(who)).send(body).expect(201);
    await dualDiagnosis.http().post('/api/v1/providers').set(as(admin)).send(CLINIC).expect(201);

    // Intake: registration, the consent "until discharge" naming the clinic, and the admission.
    const clientId: string = (await toIntake('/clients', coordinator, exampleRegistration(SITE))).body.clientId;
    const consent = await toIntake(`/clients/${clientId}/consents`, coordinator, exampleReferralConsent(today, CLINIC));
    await toIntake(`/clients/${clientId}/screenings`, clinician, exampleCssrsNegative);
    await toIntake(`/clients/${clientId}/assessments`, clinician, exampleAssessmentForIop);
    await toIntake(`/clients/${clientId}/placement`, clinician, { level: IOP });
    const admitted = await toIntake(`/clients/${clientId}/admissions`, coordinator, exampleAdmission(SITE, today));
    const episodeId = episodeIdForAdmission(admitted.body.admission.admissionId);
    // The site's clinical supervisor seats the care team that reads the episode (docs/domain/roles-and-sites.md#care-teams).
    await treatmentPlan.assignCareTeam(episodeId, SITE, [{ userId: 'clinician-7', teamRole: 'clinician' }]);
    await eventually(
      async () => ((await treatmentPlan.http().get(`/api/v1/plans/${episodeId}`).set(as(clinician))).status === 200 ? true : undefined),
      'the episode opened from the admission',
      60_000,
    );

    const referralFor = async (conditionCode: string) =>
      eventually(
        async () => {
          await dualDiagnosis.settled();
          const open = await dualDiagnosis.http().get(`/api/v1/sites/${SITE}/referrals`).set(as(clinician));
          return (open.body.items as { referralId: string; clientId: string; conditionCode: string }[]).find(
            (row) => row.clientId === clientId && row.conditionCode === conditionCode,
          )?.referralId;
        },
        `the ${conditionCode} referral`,
        60_000,
      );
    const sendToClinic = async (referralId: string) => {
      // Intake records on the real clock; the services' manual clocks follow it, so that a consent recorded just now is in force.
      dualDiagnosis.clock.set(new Date());
      await dualDiagnosis
        .http()
        .post(`/api/v1/referrals/${referralId}/provider`)
        .set(as(clinician))
        .send({ providerId: CLINIC.providerId });
      return (await dualDiagnosis.http().post(`/api/v1/referrals/${referralId}/sending`).set(as(clinician)).expect(200)).body;
    };

    // Before the discharge: a depression screen opens a referral, and the consent covers it.
    await toIntake(`/clients/${clientId}/screenings`, clinician, examplePhq9Of14);
    const before = await sendToClinic(await referralFor('depression'));
    expect(before).toMatchObject({ status: 'sent', referral: { disclosureIds: [expect.any(String)] } });

    // The discharge, dated today; dual-diagnosis hears it from treatment-plan's topic.
    treatmentPlan.clock.set(new Date());
    const discharged = await treatmentPlan
      .http()
      .post(`/api/v1/episodes/${episodeId}/discharge`)
      .set(as(clinician))
      .send({ disposition: 'administrative', dischargeSummaryRef: 'summary-consent', date: today });
    expect(discharged.status).toBe(201);
    await treatmentPlan.settled();
    await dualDiagnosis.settled();

    // After it: a PTSD screen opens another referral to the same clinic, which stays awaiting consent.
    await toIntake(`/clients/${clientId}/screenings`, clinician, pcPtsd5Positive);
    const after = await sendToClinic(await referralFor('ptsd'));
    expect(after).toMatchObject({
      status: 'awaiting-consent',
      referral: {
        disclosureIds: [],
        awaitingConsent: {
          providerId: CLINIC.providerId,
          reasonCode: 'consent-expired-by-event',
          citation: expect.stringContaining('2.31(a)(7)'),
          explanation: expect.stringContaining(`Consent ${consent.body.consentId} expired on discharge`),
        },
      },
    });
    // Sending again changes nothing: the referral waits for a new consent.
    const again = await dualDiagnosis.http().post(`/api/v1/referrals/${after.referral.referralId}/sending`).set(as(clinician)).expect(200);
    expect(again.body).toMatchObject({ status: 'awaiting-consent', events: [] });
  }, 180_000);
});
