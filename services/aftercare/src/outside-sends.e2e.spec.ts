import { randomUUID } from 'node:crypto';
import { SHORT_DISCLOSURE_NOTICE } from '@continuum/consent';
import { eventually } from '@continuum/platform';
import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { consentFileStream } from './domain/index.js';
import { OUTPATIENT, careTeamChanged, consentGranted, consentRevoked, episodeDischarged, restrictionAgreed } from './testing/fixtures.js';
import { type AftercareTestApp, bearer as as, startAftercareTestApp, tokenFor as token } from './testing/aftercare-app.js';

// Aftercare's sends outside the network through the disclosure gateway, over HTTP and the
// embedded bus (docs/domain/aftercare.md#what-aftercare-discloses): what was stored for each
// path, and that a refusal stored nothing anywhere.

const SITE = 'site-north';
const DISCHARGE_DATE = '2026-03-02';
const PROVIDER = 'provider-op-north';
const RESIDENCE = 'residence-elm';
const GROUP = 'group-na-tuesday';
const at = (date: string) => new Date(`${date}T10:00:00.000Z`);

let service: AftercareTestApp;
let caseManager: string;
const http = () => service.http();

async function typesInStream(stream: string): Promise<string[]> {
  return (await service.store().readStream(stream)).map((event) => event.type);
}

async function waitForStream(stream: string, type: string, count = 1): Promise<void> {
  await eventually(
    async () => ((await typesInStream(stream)).filter((t) => t === type).length >= count ? true : undefined),
    `${type} in ${stream}`,
  );
}

/** A client discharged on DISCHARGE_DATE, with the plan created and the discharge noted in the consent file. */
async function discharge(clientId = randomUUID()) {
  const discharged = episodeDischarged({ clientId, dischargeDate: DISCHARGE_DATE, dischargedAt: `${DISCHARGE_DATE}T09:00:00.000Z` });
  // The case manager is on the episode's care team: they read the plan's clinical detail.
  await service.tellCareTeam(careTeamChanged(discharged.data, [{ userId: 'case-manager-3', teamRole: 'case-manager' }]));
  await service.publish(discharged);
  const planId = discharged.data.episodeId;
  await service.waitFor(planId, 'AftercarePlanCreated');
  await service.settled();
  return { clientId, planId };
}

async function grant(clientId: string, recipientId: string, overrides: Parameters<typeof consentGranted>[3] = {}, count = 1) {
  const granted = consentGranted(clientId, recipientId, service.clock.now().toISOString(), overrides);
  await service.publishFromIntake(granted);
  await waitForStream(consentFileStream(clientId), 'ConsentCopied', count);
  return granted;
}

const stepDown = (planId: string) =>
  http()
    .put(`/api/v1/aftercare-plans/${planId}/step-down`)
    .set(as(caseManager))
    .send({ level: OUTPATIENT, providerId: PROVIDER, startDate: '2026-03-03' });

const plan = async (planId: string) => (await http().get(`/api/v1/aftercare-plans/${planId}`).set(as(caseManager))).body.plan;

beforeAll(async () => {
  service = await startAftercareTestApp('aftercare-outside-sends-e2e', { now: at(DISCHARGE_DATE) });
  caseManager = await token('case-manager', [SITE], 'case-manager-3');
}, 30_000);

afterAll(() => service.close());

beforeEach(() => service.clock.set(at('2026-03-03')));

describe('a step-down without a consent', () => {
  it('is recorded with its send held awaiting consent, listed for case managers, and sent with its DisclosureRecorded when a covering consent arrives', async () => {
    const { clientId, planId } = await discharge();
    const held = await stepDown(planId);
    expect(held.status).toBe(200);
    expect(held.body.events.map((event: { type: string }) => event.type)).toEqual(['StepDownLevelSet', 'SendAwaitingConsent']);
    const [waiting] = (await plan(planId)).outsideSends;
    expect(waiting).toEqual(
      expect.objectContaining({
        kind: 'step-down',
        recipient: { recipientId: PROVIDER, kind: 'provider' },
        status: 'awaiting-consent',
        reasonCode: 'no-consent',
        citation: '42 CFR 2.33(a)',
      }),
    );
    await service.settled();
    const list = await http().get('/api/v1/aftercare/held-sends').query({ siteId: SITE }).set(as(caseManager));
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        planId,
        clientId,
        kind: 'step-down',
        recipientId: PROVIDER,
        reasonCode: 'no-consent',
        status: 'awaiting-consent',
      }),
    );

    service.clock.set(at('2026-03-05'));
    const granted = await grant(clientId, PROVIDER);
    await service.waitFor(planId, 'DisclosureRecorded');
    const recorded = (await service.store().readStream(`aftercare-${planId}`)).find((event) => event.type === 'DisclosureRecorded')!;
    expect(recorded.data).toMatchObject({
      disclosureId: waiting.sendId,
      clientId,
      disclosedAt: at('2026-03-05').toISOString(),
      recipient: { recipientId: PROVIDER, kind: 'provider' },
      purpose: 'TREAT',
      categories: ['demographics', 'diagnosis', 'level-of-care', 'discharge-summary'],
      basis: { kind: 'consent', consentId: granted.data.consentId },
      notice: SHORT_DISCLOSURE_NOTICE,
      consentCopy: { consentId: granted.data.consentId },
      disclosedBy: { userId: 'aftercare', role: 'system' },
      siteId: SITE,
      carriedBy: { kind: 'step-down', id: planId },
    });
    // The copy and the release were caused by the same consent event.
    const copy = (await service.store().readStream(consentFileStream(clientId))).find((event) => event.type === 'ConsentCopied');
    expect(recorded.metadata.causationId).toBe(granted.eventId);
    expect(copy!.metadata.causationId).toBe(granted.eventId);
    expect((await plan(planId)).outsideSends).toEqual([expect.objectContaining({ status: 'sent', consentId: granted.data.consentId })]);
    await service.settled();
    const after = await http().get('/api/v1/aftercare/held-sends').query({ siteId: SITE }).set(as(caseManager));
    expect(after.body.items.filter((item: { planId: string }) => item.planId === planId)).toEqual([]);
  });
});

describe('with a consent on file', () => {
  it('sends a peer-support referral to the group with its DisclosureRecorded in the same answer', async () => {
    const { clientId, planId } = await discharge();
    await grant(clientId, GROUP, { categories: ['demographics'] });
    const linked = await http()
      .post(`/api/v1/aftercare-plans/${planId}/peer-support`)
      .set(as(caseManager))
      .send({ programme: 'NA', groupId: GROUP, linkedOn: '2026-03-03' });
    expect(linked.status).toBe(201);
    expect(linked.body.events.map((event: { type: string }) => event.type)).toEqual(['PeerSupportLinked', 'DisclosureRecorded']);
    const recorded = (await service.store().readStream(`aftercare-${planId}`)).find((event) => event.type === 'DisclosureRecorded')!;
    expect(recorded.data).toMatchObject({
      recipient: { recipientId: GROUP, kind: 'peer-support' },
      categories: ['demographics'],
      disclosedBy: { userId: 'case-manager-3', role: 'case-manager' },
      carriedBy: { kind: 'peer-support', id: linked.body.linkageId },
    });
  });

  it('holds the step-down when the consent was "until discharge": the discharge ended it', async () => {
    const clientId = randomUUID();
    service.clock.set(at('2026-02-20'));
    await grant(clientId, PROVIDER, { expiry: { kind: 'event', event: 'discharge' } });
    service.clock.set(at('2026-03-03'));
    const { planId } = await discharge(clientId);
    const held = await stepDown(planId);
    expect(held.body.events.map((event: { type: string }) => event.type)).toEqual(['StepDownLevelSet', 'SendAwaitingConsent']);
    expect((await plan(planId)).outsideSends).toEqual([
      expect.objectContaining({ status: 'awaiting-consent', reasonCode: 'consent-expired-by-event' }),
    ]);
  });

  it('holds the step-down once the client revoked the consent', async () => {
    const { clientId, planId } = await discharge();
    const granted = await grant(clientId, PROVIDER);
    await service.publishFromIntake(consentRevoked(clientId, granted.data.consentId, at('2026-03-03').toISOString()));
    await waitForStream(consentFileStream(clientId), 'ConsentRevocationCopied');
    service.clock.set(new Date('2026-03-03T11:00:00.000Z'));
    const held = await stepDown(planId);
    expect(held.body.events.map((event: { type: string }) => event.type)).toEqual(['StepDownLevelSet', 'SendAwaitingConsent']);
    expect((await plan(planId)).outsideSends).toEqual([
      expect.objectContaining({ reasonCode: 'consent-revoked', citation: '42 CFR 2.31(a)(6)' }),
    ]);
  });
});

describe('a restriction', () => {
  it('refuses the recovery residence with 422 and the reasons, writing nothing anywhere, even under a consent naming it', async () => {
    const { clientId, planId } = await discharge();
    await grant(clientId, RESIDENCE);
    await service.publishFromIntake(restrictionAgreed(clientId, [RESIDENCE], at('2026-03-03').toISOString()));
    await waitForStream(consentFileStream(clientId), 'RestrictionCopied');
    service.clock.set(new Date('2026-03-03T11:00:00.000Z'));
    const snapshot = await flushedSnapshot(service);
    const refused = await http()
      .put(`/api/v1/aftercare-plans/${planId}/recovery-residence`)
      .set(as(caseManager))
      .send({ kind: 'sober-living-home', residenceId: RESIDENCE, narrLevel: 'II', moveInDate: '2026-03-04' });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.details.reasons).toEqual([expect.objectContaining({ code: 'agreed-restriction', citation: '42 CFR 2.26(a)' })]);
    expect(await service.typesIn(planId)).toEqual(['AftercarePlanCreated']);
    expect(await appendedSinceFlushed(service, snapshot)).toEqual([]);
  });
});
