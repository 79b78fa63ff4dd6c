import { randomUUID } from 'node:crypto';
import { type IntegrationEvent, type ReadmissionRecommendedV1, TOPICS } from '@continuum/contracts';
import { eventually } from '@continuum/platform';
import { IOP, exampleAdmission, exampleAssessmentForIop, exampleCssrsNegative, exampleRegistration } from './api/examples.js';
import { clientStream } from './domain/index.js';
import { type IntakeTestApp, bearer as as, inDays, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// The readmission loop's intake side: aftercare's ReadmissionRecommended becomes an
// `aftercare-re-entry` referral naming the discharged episode, exactly once, and the next
// admission carries that episode as previousEpisodeId.

const SITE = 'site-north';

let service: IntakeTestApp;
let coordinator: string;
let clinician: string;

const http = () => service.http();
const store = () => service.store();
const eventsOf = async (clientId: string) => store().readStream(clientStream(clientId));

function readmissionRecommended(
  clientId: string,
  episodeId: string,
  reasonCodes: ReadmissionRecommendedV1['reasonCodes'] = ['relapse'],
): IntegrationEvent<'ReadmissionRecommended', ReadmissionRecommendedV1> {
  const recommendedAt = new Date().toISOString();
  return {
    eventId: randomUUID(),
    type: 'ReadmissionRecommended',
    schemaVersion: 1,
    source: 'aftercare',
    occurredAt: recommendedAt,
    clientId,
    siteId: SITE,
    correlationId: `correlation-${episodeId.slice(0, 8)}`,
    causationId: randomUUID(),
    data: { planId: episodeId, clientId, siteId: SITE, episodeId, reasonCodes, recommendedAt },
  };
}

const publish = (event: IntegrationEvent) => service.publish(TOPICS.aftercare, event);

const referralsOf = async (clientId: string) => (await eventsOf(clientId)).filter((event) => event.type === 'ReferralReceived');

async function admittedClient(): Promise<string> {
  const registered = await http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  const clientId = registered.body.clientId as string;
  await admit(clientId);
  return clientId;
}

async function admit(clientId: string) {
  await http().post(`/api/v1/clients/${clientId}/screenings`).set(as(clinician)).send(exampleCssrsNegative).expect(201);
  await http().post(`/api/v1/clients/${clientId}/assessments`).set(as(clinician)).send(exampleAssessmentForIop).expect(201);
  await http().post(`/api/v1/clients/${clientId}/placement`).set(as(clinician)).send({ level: IOP }).expect(201);
  return http()
    .post(`/api/v1/clients/${clientId}/admissions`)
    .set(as(coordinator))
    .send(exampleAdmission(SITE, inDays(1)))
    .expect(201);
}

beforeAll(async () => {
  service = await startIntakeTestApp('intake-re-entry-e2e');
  coordinator = await token('intake-coordinator', [SITE], 'coordinator-1');
  clinician = await token('clinician', [SITE], 'clinician-1');
}, 30_000);

afterAll(() => service.close());

describe('a readmission recommended by aftercare', () => {
  it('records one aftercare re-entry referral naming the discharged episode, however often delivered, and the next admission links to it', async () => {
    const clientId = await admittedClient();
    const previousEpisodeId = randomUUID();
    const recommended = readmissionRecommended(clientId, previousEpisodeId, ['barc10-drop', 'relapse']);
    await publish(recommended);
    const [referral] = await eventually(
      async () => ((await referralsOf(clientId)).length === 2 ? (await referralsOf(clientId)).slice(1) : undefined),
      'the re-entry referral',
    );
    await publish(recommended);
    await publish(recommended);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await referralsOf(clientId)).toHaveLength(2);
    expect(referral!.data).toMatchObject({ source: 'aftercare-re-entry', reasonCode: 'relapse', previousEpisodeId });
    expect(referral!.metadata).toMatchObject({
      actor: { userId: 'intake', role: 'system' },
      causationId: recommended.eventId,
      correlationId: recommended.correlationId,
      siteId: SITE,
    });

    const record = await http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.body.status).toBe('referred');

    const readmission = await admit(clientId);
    expect(readmission.body.admission).toMatchObject({
      previousEpisodeId,
      referralId: (referral!.data as { referralId: string }).referralId,
    });

    // A later recommendation about the same discharge (another check-in, or a late delivery) is already answered.
    await publish(readmissionRecommended(clientId, previousEpisodeId));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await referralsOf(clientId)).toHaveLength(2);
    expect((await http().get(`/api/v1/clients/${clientId}`).set(as(coordinator))).body.status).toBe('admitted');
  });

  it('leaves an intake already under way alone: staff referred the client again first, so no second referral is recorded', async () => {
    const clientId = await admittedClient();
    await http()
      .post(`/api/v1/clients/${clientId}/referrals`)
      .set(as(coordinator))
      .send({ source: 'self', reasonCode: 'alcohol-use' })
      .expect(201);

    await publish(readmissionRecommended(clientId, randomUUID()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const referrals = await referralsOf(clientId);
    expect(referrals.map((event) => (event.data as { source: string }).source)).toEqual(['self', 'self']);
    expect((await eventsOf(clientId)).at(-1)!.type).toBe('ReferralReceived');
  });
});
