import { randomUUID } from 'node:crypto';
import { type IntegrationEvent } from '@continuum/contracts';
import { eventually } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot, refusedWritingNothing } from '@continuum/service-testing';
import { ReferralRequests } from './application/referral-requests.js';
import { referralStream } from './domain/index.js';
import { type DualDiagnosisTestApp, bearer as as, startDualDiagnosisTestApp, tokenFor as token } from './testing/dual-diagnosis-app.js';
import {
  conditionIdentified,
  consentGranted,
  consentRevoked,
  continuingCareEnded,
  episodeDischarged,
  referralRequested,
  safetyFollowUpCompleted,
  safetyFollowUpOpened,
  safetyHoldPlaced,
} from './testing/integration-events.js';

// The dual-diagnosis service over HTTP and the embedded bus, on the SQLite stores, built
// exactly as main.ts builds it. Other services' events are published on the bus as their relays would.

const SITE = 'site-north';
const OTHER_SITE = 'site-south';
const START = new Date('2026-03-02T09:00:00.000Z');
const INTERNAL = {
  providerId: 'north-psychiatry',
  siteId: SITE,
  name: 'North Psychiatry Service',
  kind: 'internal',
  specialties: ['psychiatric-evaluation', 'medication-management'],
  capacity: 2,
};
const EXTERNAL = {
  providerId: 'riverside-trauma',
  siteId: SITE,
  name: 'Riverside Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 5,
};

let service: DualDiagnosisTestApp;
let admin: string;
let clinician: string;
let clinicianElsewhere: string;
let auditor: string;

const http = () => service.http();
type Row = {
  referralId: string;
  clientId: string;
  status: string;
  conditionCode: string;
  urgency: string;
  escalationLevel: number;
  awaitingConsent: { reasonCode: string; explanation: string } | null;
};

async function list(path: string, who = clinician): Promise<Row[]> {
  await service.settled();
  const response = await http().get(`/api/v1/sites/${SITE}/${path}`).set(as(who));
  expect(response.status).toBe(200);
  return response.body.items as Row[];
}

/** The referral the service opened for the client and condition, once the event was consumed and projected. */
async function referralOf(clientId: string, conditionCode: string): Promise<Row> {
  return eventually(
    async () => (await list('referrals')).find((row) => row.clientId === clientId && row.conditionCode === conditionCode),
    `a ${conditionCode} referral for ${clientId}`,
  );
}

async function delivered(event: IntegrationEvent): Promise<void> {
  await service.publish(event);
}

beforeAll(async () => {
  service = await startDualDiagnosisTestApp('dual-diagnosis-e2e', { now: START });
  admin = await token('site-admin', [SITE]);
  clinician = await token('clinician', [SITE], 'clinician-7');
  clinicianElsewhere = await token('clinician', [OTHER_SITE]);
  auditor = await token('auditor', []);
  await http().post('/api/v1/providers').set(as(admin)).send(INTERNAL).expect(201);
  await http().post('/api/v1/providers').set(as(admin)).send(EXTERNAL).expect(201);
}, 30_000);

afterAll(() => service.close());

describe('referrals opened from intake and treatment-plan', () => {
  it('opens one referral per positive co-occurring screen, once however often the event is delivered', async () => {
    const clientId = randomUUID();
    const depression = conditionIdentified(clientId, 'depression', SITE, START.toISOString());
    await delivered(depression);
    await delivered(conditionIdentified(clientId, 'ptsd', SITE, START.toISOString()));
    const referral = await referralOf(clientId, 'depression');
    expect(referral).toMatchObject({ status: 'requested', urgency: 'routine', specialty: 'psychiatric-evaluation' });
    expect(await referralOf(clientId, 'ptsd')).toMatchObject({ specialty: 'trauma-therapy' });

    // The same event again, and a second positive PHQ-9 while the referral is open: still one depression referral.
    await delivered(depression);
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    // The client's events are consumed in order: once a later one opened its referral, the earlier ones were handled.
    await delivered(conditionIdentified(clientId, 'anxiety', SITE, START.toISOString()));
    await referralOf(clientId, 'anxiety');
    expect((await list('referrals')).filter((row) => row.clientId === clientId && row.conditionCode !== 'anxiety')).toHaveLength(2);
    expect(await service.store().readStream(referralStream(referral.referralId))).toHaveLength(1);

    // Past the inbox too (a lost inbox file, a second consumer group): the reaction itself names the same referral and opens nothing new.
    const requests = service.app.get(ReferralRequests);
    expect(await requests.conditionIdentified(depression)).toBe(referral.referralId);
    expect(await requests.conditionIdentified(depression)).toBe(referral.referralId);
    expect(await service.store().readStream(referralStream(referral.referralId))).toHaveLength(1);
  }, 30_000);

  it('makes a referral emergent, due the same day, for a client on a C-SSRS safety hold', async () => {
    const clientId = randomUUID();
    await delivered(safetyHoldPlaced(clientId, SITE, START.toISOString()));
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    const referral = await referralOf(clientId, 'depression');
    const detail = await http().get(`/api/v1/referrals/${referral.referralId}`).set(as(clinician)).expect(200);
    expect(detail.body).toMatchObject({ urgency: 'emergent', dueAt: '2026-03-03T00:00:00.000Z' });
  }, 30_000);

  it('makes the referral of a severe PHQ-9 urgent, due within 72 hours, where a moderate one stays routine', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString(), { score: 24, band: 'severe' }));
    const severe = await referralOf(clientId, 'depression');
    const detail = await http().get(`/api/v1/referrals/${severe.referralId}`).set(as(clinician)).expect(200);
    expect(detail.body).toMatchObject({ urgency: 'urgent', dueAt: '2026-03-05T09:00:00.000Z' });

    const moderateClient = randomUUID();
    await delivered(conditionIdentified(moderateClient, 'depression', SITE, START.toISOString(), { score: 12, band: 'moderate' }));
    expect(await referralOf(moderateClient, 'depression')).toMatchObject({ urgency: 'routine' });
  }, 30_000);

  it('makes waiting referrals emergent on a suicide-risk signal at intake, opens new ones emergent until the follow-up is recorded, then follows severity again', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'ptsd', SITE, START.toISOString()));
    const waiting = await referralOf(clientId, 'ptsd');
    expect(waiting).toMatchObject({ urgency: 'routine' });

    const followUp = safetyFollowUpOpened(clientId, randomUUID(), SITE, START.toISOString());
    await delivered(followUp);
    await eventually(
      async () => ((await referralOf(clientId, 'ptsd')).urgency === 'emergent' ? true : undefined),
      'the waiting referral raised to emergent',
    );
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString(), { score: 9, band: 'mild' }));
    const depression = await referralOf(clientId, 'depression');
    const detail = await http().get(`/api/v1/referrals/${depression.referralId}`).set(as(clinician)).expect(200);
    expect(detail.body).toMatchObject({ urgency: 'emergent', dueAt: '2026-03-03T00:00:00.000Z' });

    await delivered(safetyFollowUpCompleted(clientId, followUp.data.followUpId, SITE, START.toISOString()));
    await delivered(
      conditionIdentified(clientId, 'anxiety', SITE, START.toISOString(), { instrument: 'GAD-7', score: 16, band: 'severe' }),
    );
    expect(await referralOf(clientId, 'anxiety')).toMatchObject({ urgency: 'urgent' });
  }, 30_000);

  it("opens a clinician's request from the treatment plan with its specialty, urgency and episode", async () => {
    const clientId = randomUUID();
    const request = referralRequested(
      clientId,
      { specialty: 'medication-management', urgency: 'urgent', conditionCode: 'bipolar' },
      START.toISOString(),
    );
    await delivered(request);
    const referral = await referralOf(clientId, 'bipolar');
    const detail = await http().get(`/api/v1/referrals/${referral.referralId}`).set(as(clinician)).expect(200);
    expect(detail.body).toMatchObject({
      source: 'treatment-plan',
      specialty: 'medication-management',
      urgency: 'urgent',
      episodeId: request.data.episodeId,
      dueAt: '2026-03-05T09:00:00.000Z',
    });
  }, 30_000);
});

describe('a referral through its lifecycle', () => {
  it('goes to an internal provider without a consent: sent, accepted, scheduled, completed', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    const { referralId } = await referralOf(clientId, 'depression');
    const path = `/api/v1/referrals/${referralId}`;
    await http().post(`${path}/provider`).set(as(clinician)).send({ providerId: INTERNAL.providerId }).expect(200);
    const sent = await http().post(`${path}/sending`).set(as(clinician)).expect(200);
    expect(sent.body).toMatchObject({ status: 'sent', events: [{ type: 'ReferralSent' }] });
    await http().post(`${path}/acceptance`).set(as(clinician)).expect(200);
    await http().post(`${path}/appointment`).set(as(clinician)).send({ appointmentDate: '2026-03-05' }).expect(200);
    const completed = await http()
      .post(`${path}/completion`)
      .set(as(clinician))
      .send({ conditionConfirmed: true, recommendationCodes: ['start-ssri'] })
      .expect(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      referral: { outcome: { conditionConfirmed: true, recommendationCodes: ['start-ssri'] } },
    });
    expect(completed.body.referral.disclosureIds).toEqual([]);
  }, 30_000);

  it('waits for consent before an external provider, says why, and is sent with a disclosure record once intake copies the consent', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'ptsd', SITE, START.toISOString()));
    const { referralId } = await referralOf(clientId, 'ptsd');
    const path = `/api/v1/referrals/${referralId}`;
    await http().post(`${path}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }).expect(200);
    const waiting = await http().post(`${path}/sending`).set(as(clinician)).expect(200);
    expect(waiting.body.status).toBe('awaiting-consent');
    // Held, never refused: the reason names what to ask the client for, with the section it answers to.
    expect(waiting.body.referral.awaitingConsent).toMatchObject({
      reasonCode: 'no-consent',
      citation: '42 CFR 2.33(a)',
      explanation: expect.stringContaining('Ask the client for a Part 2 consent covering recipient riverside-trauma'),
    });
    expect(waiting.body.referral.disclosureIds).toEqual([]);
    // Read while it waits: the reads after the consent fold on from this one (referral-queries.ts) and must still show the disclosure.
    expect((await http().get(path).set(as(clinician)).expect(200)).body).toMatchObject({ status: 'awaiting-consent', disclosures: [] });
    expect((await list('referrals/awaiting-consent')).map((row) => row.referralId)).toContain(referralId);

    // A consent for someone else does not release it; one naming the provider does.
    await delivered(consentGranted(clientId, 'county-probation', {}, SITE, START.toISOString()));
    const consent = consentGranted(clientId, EXTERNAL.providerId, {}, SITE, START.toISOString());
    await delivered(consent);
    const sent = await eventually(async () => {
      const detail = await http().get(path).set(as(clinician));
      return detail.body.status === 'sent' ? detail.body : undefined;
    }, 'the referral to be sent once the consent arrived');
    expect(sent.disclosures).toEqual([
      expect.objectContaining({
        recipientId: EXTERNAL.providerId,
        purpose: 'TREAT',
        consentId: consent.data.consentId,
        information: ['dual-diagnosis-referral', 'condition:ptsd', 'specialty:trauma-therapy', 'urgency:routine'],
        categories: ['diagnosis', 'screening-results'],
        basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: consent.data.consentId },
        consentCopy: { consentId: consent.data.consentId, scope: expect.stringContaining('recipients: riverside-trauma') },
        redisclosureNotice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
      }),
    ]);
    expect((await list('referrals/awaiting-consent')).map((row) => row.referralId)).not.toContain(referralId);
  }, 30_000);

  it('stops later disclosures once the consent is revoked', async () => {
    const clientId = randomUUID();
    const consent = consentGranted(clientId, EXTERNAL.providerId, {}, SITE, START.toISOString());
    await delivered(consent);
    await delivered(consentRevoked(clientId, consent.data.consentId, SITE, START.toISOString()));
    await delivered(conditionIdentified(clientId, 'trauma', SITE, START.toISOString()));
    const { referralId } = await referralOf(clientId, 'trauma');
    await http().post(`/api/v1/referrals/${referralId}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }).expect(200);
    const response = await http().post(`/api/v1/referrals/${referralId}/sending`).set(as(clinician)).expect(200);
    expect(response.body).toMatchObject({ status: 'awaiting-consent', referral: { awaitingConsent: { reasonCode: 'consent-revoked' } } });
  }, 30_000);

  it('honours a single TPO consent to "my treating providers" only for a provider that treats the client (42 CFR 2.11)', async () => {
    const clientId = randomUUID();
    const tpo = consentGranted(
      clientId,
      EXTERNAL.providerId,
      {
        recipients: [{ kind: 'general', designation: 'treating-providers' }],
        expiry: { kind: 'none' },
      },
      SITE,
      START.toISOString(),
    );
    await delivered(tpo);
    // The first referral: the trauma clinic has not accepted one of the client's yet, so it has no
    // treating relationship and the send waits, saying how to go on.
    await delivered(conditionIdentified(clientId, 'ptsd', SITE, START.toISOString()));
    const first = `/api/v1/referrals/${(await referralOf(clientId, 'ptsd')).referralId}`;
    await http().post(`${first}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }).expect(200);
    const held = await http().post(`${first}/sending`).set(as(clinician)).expect(200);
    expect(held.body).toMatchObject({
      status: 'awaiting-consent',
      referral: { awaitingConsent: { reasonCode: 'no-treating-relationship', citation: expect.stringContaining('2.11') } },
    });
    expect(held.body.events.map((event: { type: string }) => event.type)).toEqual(['ReferralAwaitingConsent']);
    // The client then consents to that clinic by name; it accepts the referral: a treating relationship.
    const named = consentGranted(clientId, EXTERNAL.providerId, {}, SITE, START.toISOString());
    await delivered(named);
    await eventually(
      async () => ((await http().get(first).set(as(clinician))).body.status === 'sent' ? true : undefined),
      'the first referral sent',
    );
    await http().post(`${first}/acceptance`).set(as(clinician)).expect(200);
    // A second referral to the same clinic now goes under the TPO consent alone.
    await delivered(conditionIdentified(clientId, 'trauma', SITE, START.toISOString()));
    const second = `/api/v1/referrals/${(await referralOf(clientId, 'trauma')).referralId}`;
    await http().post(`${second}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }).expect(200);
    // The named consent is revoked first, so only the TPO consent can cover the send.
    await delivered(consentRevoked(clientId, named.data.consentId, SITE, START.toISOString()));
    const sent = await http().post(`${second}/sending`).set(as(clinician)).expect(200);
    expect(sent.body.status).toBe('sent');
    const detail = await http().get(second).set(as(clinician)).expect(200);
    expect(detail.body.disclosures).toEqual([expect.objectContaining({ consentId: tpo.data.consentId, purpose: 'TREAT' })]);
  }, 30_000);

  it('records a disclosure in a bona fide medical emergency without consent, never held (42 CFR 2.51)', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    const path = `/api/v1/referrals/${(await referralOf(clientId, 'depression')).referralId}`;
    const emergency = {
      recipientName: 'Dr. R. Osei',
      affiliation: 'Mercy Hospital emergency department',
      natureOfEmergency: 'imminent suicide risk: client brought to the emergency department',
      consentObtainable: false,
    };
    const recorded = await http().post(`${path}/emergency-disclosure`).set(as(clinician)).send(emergency).expect(200);
    expect(recorded.body.events.map((event: { type: string }) => event.type)).toEqual(['DisclosureRecorded']);
    const detail = await http().get(path).set(as(clinician)).expect(200);
    expect(detail.body.disclosures).toEqual([
      expect.objectContaining({
        purpose: 'ETREAT',
        basis: {
          kind: 'medical-emergency',
          citation: '42 CFR 2.51',
          recipientName: emergency.recipientName,
          affiliation: emergency.affiliation,
          natureOfEmergency: emergency.natureOfEmergency,
        },
        disclosedBy: { userId: 'clinician-7', role: 'clinician' },
        disclosedAt: expect.any(String),
      }),
    ]);
    expect(detail.body.disclosures[0]).not.toHaveProperty('consentId');
  }, 30_000);

  it('refuses an emergency disclosure when consent could be obtained (422), and writes nothing', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'anxiety', SITE, START.toISOString()));
    const path = `/api/v1/referrals/${(await referralOf(clientId, 'anxiety')).referralId}`;
    const snapshot = await flushedSnapshot(service);
    const { response: refused } = await refusedWritingNothing(
      service,
      () =>
        http()
          .post(`${path}/emergency-disclosure`)
          .set(as(clinician))
          .send({ recipientName: 'Dr. R. Osei', affiliation: 'Mercy Hospital', natureOfEmergency: 'chest pain', consentObtainable: true }),
      422,
    );
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['consent-obtainable']);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  }, 30_000);

  it('stops relying on a consent "until discharge" once treatment-plan publishes the discharge, and "until the end of aftercare" once aftercare ends it', async () => {
    for (const [event, happened] of [
      ['discharge', episodeDischarged],
      ['end-of-aftercare', continuingCareEnded],
    ] as const) {
      const clientId = randomUUID();
      await delivered(consentGranted(clientId, EXTERNAL.providerId, { expiry: { kind: 'event', event } }, SITE, START.toISOString()));
      await delivered(happened(clientId, SITE, START.toISOString()));
      await delivered(conditionIdentified(clientId, 'ptsd', SITE, START.toISOString()));
      const path = `/api/v1/referrals/${(await referralOf(clientId, 'ptsd')).referralId}`;
      await http().post(`${path}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }).expect(200);
      const held = await http().post(`${path}/sending`).set(as(clinician)).expect(200);
      expect(held.body).toMatchObject({
        status: 'awaiting-consent',
        referral: {
          disclosureIds: [],
          awaitingConsent: { reasonCode: 'consent-expired-by-event', citation: '42 CFR 2.31(a)(7), 2.31(c)(1)' },
        },
      });
    }
  }, 30_000);

  it('fails after a second no-show', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'anxiety', SITE, START.toISOString()));
    const { referralId } = await referralOf(clientId, 'anxiety');
    const path = `/api/v1/referrals/${referralId}`;
    await http().post(`${path}/provider`).set(as(clinician)).send({ providerId: INTERNAL.providerId }).expect(200);
    await http().post(`${path}/sending`).set(as(clinician)).expect(200);
    await http().post(`${path}/acceptance`).set(as(clinician)).expect(200);
    await http().post(`${path}/appointment`).set(as(clinician)).send({ appointmentDate: '2026-03-05' }).expect(200);
    await http().post(`${path}/no-show`).set(as(clinician)).expect(200);
    await http().post(`${path}/appointment`).set(as(clinician)).send({ appointmentDate: '2026-03-12' }).expect(200);
    const failed = await http().post(`${path}/no-show`).set(as(clinician)).expect(200);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.events.map((event: { type: string }) => event.type)).toEqual([
      'AppointmentMissed',
      'ReferralFailed',
      'ClinicianNotified',
    ]);
  }, 30_000);
});

describe('bad requests', () => {
  let referralId: string;
  beforeAll(async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    ({ referralId } = await referralOf(clientId, 'depression'));
  }, 30_000);

  it('names each invalid field (400 problem+json) and writes nothing', async () => {
    const before = (await service.store().readStream(referralStream(referralId))).length;
    const snapshot = await flushedSnapshot(service);
    const { response } = await refusedWritingNothing(
      service,
      () =>
        http()
          .post(`/api/v1/referrals/${referralId}/completion`)
          .set(as(clinician))
          .send({ conditionConfirmed: 'yes', recommendationCodes: ['Start SSRI'], diagnosis: 'F32.1' }),
      400,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'conditionConfirmed',
      'diagnosis',
      'recommendationCodes',
    ]);
    const { response: badDate } = await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/appointment`).set(as(clinician)).send({ appointmentDate: '05/03/2026' }),
      400,
    );
    expect(badDate.body.errors).toEqual([
      { field: 'appointmentDate', problem: 'appointmentDate must be a date written YYYY-MM-DD, e.g. 2026-12-03' },
    ]);
    expect(await service.store().readStream(referralStream(referralId))).toHaveLength(before);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('refuses a list cursor it did not issue (400 problem+json), saying to send the nextCursor unchanged', async () => {
    const { response } = await refusedWritingNothing(
      service,
      () => http().get(`/api/v1/sites/${SITE}/referrals?after=not-a-cursor`).set(as(clinician)),
      400,
    );
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toMatch(/nextCursor/);
  });

  it('refuses an illegal transition (422), naming the states that allow it', async () => {
    const snapshot = await flushedSnapshot(service);
    const { response } = await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/acceptance`).set(as(clinician)),
      422,
    );
    expect(response.body).toMatchObject({
      code: 'illegal-transition',
      detail: 'A referral can be accepted only while it is sent; this one is requested.',
      details: { allowedStates: ['sent'] },
    });
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('refuses a provider of the wrong specialty (422)', async () => {
    const snapshot = await flushedSnapshot(service);
    const { response } = await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/provider`).set(as(clinician)).send({ providerId: EXTERNAL.providerId }),
      422,
    );
    expect(response.body.code).toBe('provider-specialty-mismatch');
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('answers 404 for a provider or referral not on file', async () => {
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/provider`).set(as(clinician)).send({ providerId: 'nobody' }),
      404,
    );
    await refusedWritingNothing(service, () => http().get(`/api/v1/referrals/${randomUUID()}`).set(as(clinician)), 404);
  });

  it("refuses staff of another site (403), on reads, commands and the site's lists", async () => {
    const snapshot = await flushedSnapshot(service);
    await refusedWritingNothing(service, () => http().get(`/api/v1/referrals/${referralId}`).set(as(clinicianElsewhere)), 403);
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/provider`).set(as(clinicianElsewhere)).send({ providerId: INTERNAL.providerId }),
      403,
    );
    // Learning nothing of the directory: a provider it does not hold is the same 403, not a 404.
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/provider`).set(as(clinicianElsewhere)).send({ providerId: 'nobody' }),
      403,
    );
    await refusedWritingNothing(service, () => http().get(`/api/v1/sites/${SITE}/referrals`).set(as(clinicianElsewhere)), 403);
    const siteAdminElsewhere = await token('site-admin', [OTHER_SITE]);
    await refusedWritingNothing(
      service,
      () =>
        http()
          .post('/api/v1/providers')
          .set(as(siteAdminElsewhere))
          .send({ ...INTERNAL, providerId: 'sneaky' }),
      403,
    );
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });

  it('lets an auditor read but not act', async () => {
    await http().get(`/api/v1/referrals/${referralId}`).set(as(auditor)).expect(200);
    await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${referralId}/cancellation`).set(as(auditor)).send({ reasonCode: 'duplicate' }),
      403,
    );
  });
});

describe('deadlines and the lists', () => {
  it('raises ReferralOverdue when the due date passes, once per level, and escalates after the interval', async () => {
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    const { referralId } = await referralOf(clientId, 'depression');
    const overdueOf = async () => (await list('referrals/overdue')).find((row) => row.referralId === referralId);

    service.clock.set('2026-03-16T08:59:59.000Z');
    await service.scheduler().tick();
    expect(await overdueOf()).toBeUndefined();

    service.clock.set('2026-03-16T09:00:00.000Z');
    await service.scheduler().tick();
    await service.scheduler().tick();
    expect(await overdueOf()).toMatchObject({ escalationLevel: 1 });
    const stream = await service.store().readStream(referralStream(referralId));
    expect(stream.filter((event) => event.type === 'ReferralOverdue')).toHaveLength(1);

    service.clock.set('2026-03-17T09:00:00.000Z');
    await service.scheduler().tick();
    expect(await overdueOf()).toMatchObject({ escalationLevel: 2 });
  }, 30_000);

  it("shows each provider's load against its capacity, and assigns no more than it takes", async () => {
    const small = { ...INTERNAL, providerId: 'north-medication-clinic', name: 'North Medication Clinic', capacity: 1 };
    await http().post('/api/v1/providers').set(as(admin)).send(small).expect(201);
    const clientId = randomUUID();
    await delivered(conditionIdentified(clientId, 'depression', SITE, START.toISOString()));
    await delivered(conditionIdentified(clientId, 'bipolar', SITE, START.toISOString()));
    const first = await referralOf(clientId, 'depression');
    const second = await referralOf(clientId, 'bipolar');
    await http()
      .post(`/api/v1/referrals/${first.referralId}/provider`)
      .set(as(clinician))
      .send({ providerId: small.providerId })
      .expect(200);
    await http().post(`/api/v1/referrals/${first.referralId}/sending`).set(as(clinician)).expect(200);
    await service.settled();

    const response = await http().get(`/api/v1/sites/${SITE}/providers`).set(as(clinician)).expect(200);
    const provider = response.body.items.find((item: { providerId: string }) => item.providerId === small.providerId);
    expect(provider).toMatchObject({
      kind: 'internal',
      name: 'North Medication Clinic',
      load: { openReferrals: 1, capacity: 1, isAtCapacity: true },
    });
    const { response: refused } = await refusedWritingNothing(
      service,
      () => http().post(`/api/v1/referrals/${second.referralId}/provider`).set(as(clinician)).send({ providerId: small.providerId }),
      422,
    );
    expect(refused.body).toMatchObject({ code: 'provider-at-capacity', detail: expect.stringContaining('Choose another provider') });
  }, 30_000);
});
