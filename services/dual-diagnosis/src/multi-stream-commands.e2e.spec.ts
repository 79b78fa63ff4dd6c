import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { type Decider, type DomainEvent, RuleBroken } from '@continuum/decider';
import { BUS_ADMIN, type BusAdmin, MESSAGE_PUBLISHER, type MessagePublisher, type OutgoingMessage } from '@continuum/messaging';
import { eventually } from '@continuum/platform';
import { type StoreSnapshot, appendedSince, storeSnapshot } from '@continuum/service-testing';
import { DualDiagnosisCommands } from './application/dual-diagnosis.commands.js';
import { ReferralRequests, referralIdForConditionEpisode, referralIdForRequest } from './application/referral-requests.js';
import {
  type ClientCommand,
  type ReferralCommand,
  type ReferralState,
  clientFileDecider,
  clientFileStream,
  isOpened,
  referralStream,
} from './domain/index.js';
import { type DualDiagnosisTestApp, bearer as as, startDualDiagnosisTestApp, tokenFor as token } from './testing/dual-diagnosis-app.js';
import {
  conditionIdentified,
  consentGranted,
  referralRequested,
  safetyHoldPlaced,
  safetyHoldReleased,
} from './testing/integration-events.js';

// "A refused request writes nothing, anywhere": each reaction that writes the client's file
// and one or more referrals runs as one command (runCommands). A refusal injected at any of
// its steps (the step's decider throws, as a broken rule would) leaves every stream it names
// as it was, adds nothing to the store's log, and so gives the relay nothing to publish. Once
// the refusal is gone, the same event does every step at once.

const SITE = 'site-north';
const START = new Date('2026-03-02T09:00:00.000Z');
const EXTERNAL = {
  providerId: 'harbour-trauma',
  siteId: SITE,
  name: 'Harbour Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 50,
};

let service: DualDiagnosisTestApp;
let clinician: string;
let published: OutgoingMessage[];

beforeAll(async () => {
  service = await startDualDiagnosisTestApp('dual-diagnosis-multi-stream', { now: START });
  clinician = await token('clinician', [SITE]);
  await service
    .http()
    .post('/api/v1/providers')
    .set(as(await token('site-admin', [SITE])))
    .send(EXTERNAL)
    .expect(201);
  // Everything the relay (or anyone in the app) publishes, to show that a refusal publishes nothing.
  const publisher = service.app.get<MessagePublisher>(MESSAGE_PUBLISHER);
  const publish = publisher.publish.bind(publisher);
  jest.spyOn(publisher, 'publish').mockImplementation(async (messages) => {
    published.push(...messages);
    await publish(messages);
  });
}, 30_000);

type Refusal = { mockRestore(): void };
let refusals: Refusal[] = [];

beforeEach(() => (published = []));
afterEach(() => {
  for (const refusal of refusals) refusal.mockRestore();
  refusals = [];
});
afterAll(() => service.close());

const requests = () => service.app.get(ReferralRequests);
const referralDeciderOfApp = () => service.app.get(DualDiagnosisCommands).decider;

/** What the relay published about the client on dual-diagnosis's topic since the test began (once it went quiet). */
async function publishedAbout(clientId: string): Promise<string[]> {
  await service.quiet();
  return published
    .filter((message) => message.topic === TOPICS.dualDiagnosis && message.key === clientId)
    .map((message) => (JSON.parse(message.value) as IntegrationEvent).type);
}

const snapshot = (streams: string[]) => storeSnapshot(service.store(), streams);

/** No stream changed, the global log holds nothing new, and the relay published nothing about the client. */
async function expectNothingWrittenOrPublished(before: StoreSnapshot, clientId: string): Promise<void> {
  expect(await snapshot(Object.keys(before.streams))).toEqual(before);
  expect(await appendedSince(service.store(), before)).toEqual([]);
  // The same spy sees the relay publish once the refusal is gone (each test checks it at its end).
  expect(await publishedAbout(clientId)).toEqual([]);
}

/** The step's decider refuses the commands `isTarget` picks, as a broken rule would; every other command is decided as usual. */
function refuse<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  isTarget: (command: Command, state: State) => boolean,
) {
  const decide = decider.decide.bind(decider);
  const refusal = jest.spyOn(decider, 'decide').mockImplementation((command, state, now) => {
    if (isTarget(command, state)) throw new RuleBroken('refused for this spec', 'injected-refusal');
    return decide(command, state, now);
  });
  refusals.push(refusal);
  return refusal;
}

const fileCommand = (type: ClientCommand['type']) => (command: ClientCommand) => command.type === type;
const referralCommand = (type: ReferralCommand['type'], referralId: string) => (command: ReferralCommand, state: ReferralState) =>
  command.type === type &&
  (command.type === 'OpenReferral' ? command.data.referralId === referralId : isOpened(state) && state.referralId === referralId);

/** Delivers events as intake's or treatment-plan's relay would, and waits until the service handled them and projected the result. */
async function delivered(...events: IntegrationEvent[]): Promise<void> {
  for (const event of events) await service.publish(event);
  await service.quiet();
  await service.settled();
}

const typesIn = (stream: string) => service.typesIn(stream);

describe('a co-occurring condition: linked in the client file, and its referral opened', () => {
  it.each([
    ['the link in the client file', () => refuse(clientFileDecider, fileCommand('LinkReferral'))],
    ['the opening of the referral', (referralId: string) => refuse(referralDeciderOfApp(), referralCommand('OpenReferral', referralId))],
  ])(
    'writes and publishes nothing when %s is refused, and both once it is not',
    async (_step, injectRefusal) => {
      const clientId = randomUUID();
      const finding = conditionIdentified(clientId, 'depression', SITE, START.toISOString());
      const referralId = referralIdForConditionEpisode(clientId, 'depression', 1);
      const before = await snapshot([clientFileStream(clientId), referralStream(referralId)]);

      const refusal = injectRefusal(referralId);
      await expect(requests().conditionIdentified(finding)).rejects.toThrow('refused for this spec');
      expect(refusal).toHaveBeenCalled();
      await expectNothingWrittenOrPublished(before, clientId);

      refusal.mockRestore();
      expect(await requests().conditionIdentified(finding)).toBe(referralId);
      expect(await typesIn(clientFileStream(clientId))).toEqual(['ReferralLinked']);
      expect(await typesIn(referralStream(referralId))).toEqual(['ReferralOpened']);
      expect(await publishedAbout(clientId)).toEqual(['ReferralOpened']);
    },
    30_000,
  );
});

describe("a treatment plan's request: linked in the client file, and its referral opened", () => {
  it.each([
    ['the link in the client file', () => refuse(clientFileDecider, fileCommand('LinkReferral'))],
    ['the opening of the referral', (referralId: string) => refuse(referralDeciderOfApp(), referralCommand('OpenReferral', referralId))],
  ])(
    'writes and publishes nothing when %s is refused, and both once it is not',
    async (_step, injectRefusal) => {
      const clientId = randomUUID();
      const request = referralRequested(clientId, {}, START.toISOString());
      const referralId = referralIdForRequest(request.data.requestId);
      const before = await snapshot([clientFileStream(clientId), referralStream(referralId)]);

      const refusal = injectRefusal(referralId);
      await expect(requests().referralRequested(request)).rejects.toThrow('refused for this spec');
      expect(refusal).toHaveBeenCalled();
      await expectNothingWrittenOrPublished(before, clientId);

      refusal.mockRestore();
      expect(await requests().referralRequested(request)).toBe(referralId);
      expect(await typesIn(clientFileStream(clientId))).toEqual(['ReferralLinked']);
      expect(await typesIn(referralStream(referralId))).toEqual(['ReferralOpened']);
      expect(await publishedAbout(clientId)).toEqual(['ReferralOpened']);
    },
    30_000,
  );
});

/** A client with two referrals to the external trauma clinic, both waiting for a consent that names it. */
async function clientWaitingForConsent(): Promise<{ clientId: string; referralIds: [string, string] }> {
  const clientId = randomUUID();
  await delivered(
    conditionIdentified(clientId, 'ptsd', SITE, START.toISOString()),
    conditionIdentified(clientId, 'trauma', SITE, START.toISOString()),
  );
  const referralIds = [referralIdForConditionEpisode(clientId, 'ptsd', 1), referralIdForConditionEpisode(clientId, 'trauma', 1)] as [
    string,
    string,
  ];
  for (const referralId of referralIds) {
    await service
      .http()
      .post(`/api/v1/referrals/${referralId}/provider`)
      .set(as(clinician))
      .send({ providerId: EXTERNAL.providerId })
      .expect(200);
    const waiting = await service.http().post(`/api/v1/referrals/${referralId}/sending`).set(as(clinician)).expect(200);
    expect(waiting.body.status).toBe('awaiting-consent');
  }
  await service.quiet();
  return { clientId, referralIds };
}

describe('a consent: copied into the client file, and each waiting referral sent with its disclosure record', () => {
  it.each([
    ['the copy of the consent', () => refuse(clientFileDecider, fileCommand('CopyConsent'))],
    ['the first referral sent', ([first]: string[]) => refuse(referralDeciderOfApp(), referralCommand('SendReferral', first!))],
    ['the second referral sent', ([, second]: string[]) => refuse(referralDeciderOfApp(), referralCommand('SendReferral', second!))],
  ])(
    'writes and publishes nothing when %s is refused, and every step once it is not',
    async (_step, injectRefusal) => {
      const { clientId, referralIds } = await clientWaitingForConsent();
      const consent = consentGranted(clientId, EXTERNAL.providerId, {}, SITE, START.toISOString());
      const before = await snapshot([clientFileStream(clientId), ...referralIds.map(referralStream)]);
      published = [];

      const refusal = injectRefusal(referralIds);
      await expect(requests().consentGranted(consent)).rejects.toThrow('refused for this spec');
      expect(refusal).toHaveBeenCalled();
      await expectNothingWrittenOrPublished(before, clientId);

      refusal.mockRestore();
      await requests().consentGranted(consent);
      expect((await typesIn(clientFileStream(clientId))).at(-1)).toBe('ConsentCopied');
      for (const referralId of referralIds)
        expect((await typesIn(referralStream(referralId))).slice(-2)).toEqual(['DisclosureRecorded', 'ReferralSent']);
      expect(await publishedAbout(clientId)).toEqual(['ReferralSent', 'ReferralSent']);
    },
    30_000,
  );

  it('parks a consent whose second send is refused on every delivery on the dead-letter topic, having written and published nothing', async () => {
    const { clientId, referralIds } = await clientWaitingForConsent();
    const consent = consentGranted(clientId, EXTERNAL.providerId, {}, SITE, START.toISOString());
    const before = await snapshot([clientFileStream(clientId), ...referralIds.map(referralStream)]);
    published = [];

    refuse(referralDeciderOfApp(), referralCommand('SendReferral', referralIds[1]));
    await service.publish(consent);
    const admin = service.app.get<BusAdmin>(BUS_ADMIN);
    const parked = await eventually(
      async () =>
        (await admin.readDeadLetters(TOPICS.intake, { limit: 1000 })).find(
          (message) => (JSON.parse(message.value) as IntegrationEvent).eventId === consent.eventId,
        ),
      'the consent parked on the dead-letter topic',
    );
    expect(parked.headers['continuum-dlq-error']).toContain('refused for this spec');
    await expectNothingWrittenOrPublished(before, clientId);
  }, 30_000);
});

/** A client with two open (routine) referrals. */
async function clientWithOpenReferrals(): Promise<{ clientId: string; referralIds: [string, string] }> {
  const clientId = randomUUID();
  await delivered(
    conditionIdentified(clientId, 'depression', SITE, START.toISOString()),
    conditionIdentified(clientId, 'anxiety', SITE, START.toISOString()),
  );
  const referralIds = [referralIdForConditionEpisode(clientId, 'depression', 1), referralIdForConditionEpisode(clientId, 'anxiety', 1)] as [
    string,
    string,
  ];
  for (const referralId of referralIds) expect(await typesIn(referralStream(referralId))).toEqual(['ReferralOpened']);
  return { clientId, referralIds };
}

describe('a safety hold: flagged in the client file, and each open referral made emergent', () => {
  it.each([
    ['the flag in the client file', () => refuse(clientFileDecider, fileCommand('FlagImminentRisk'))],
    ['the first urgency raised', ([first]: string[]) => refuse(referralDeciderOfApp(), referralCommand('RaiseUrgency', first!))],
    ['the second urgency raised', ([, second]: string[]) => refuse(referralDeciderOfApp(), referralCommand('RaiseUrgency', second!))],
  ])(
    'writes and publishes nothing when %s is refused, and every step once it is not',
    async (_step, injectRefusal) => {
      const { clientId, referralIds } = await clientWithOpenReferrals();
      const hold = safetyHoldPlaced(clientId, SITE, START.toISOString());
      const before = await snapshot([clientFileStream(clientId), ...referralIds.map(referralStream)]);
      published = [];

      const refusal = injectRefusal(referralIds);
      await expect(requests().safetyHoldPlaced(hold)).rejects.toThrow('refused for this spec');
      expect(refusal).toHaveBeenCalled();
      await expectNothingWrittenOrPublished(before, clientId);

      refusal.mockRestore();
      await requests().safetyHoldPlaced(hold);
      expect((await typesIn(clientFileStream(clientId))).at(-1)).toBe('ImminentRiskFlagged');
      for (const referralId of referralIds) expect(await typesIn(referralStream(referralId))).toEqual(['ReferralOpened', 'UrgencyRaised']);
      // UrgencyRaised stays inside the service (the referral's next published event carries the new urgency): the store is the evidence here.
      expect(await publishedAbout(clientId)).toEqual([]);
    },
    30_000,
  );

  it('leaves a referral opened after the release alone when the hold is delivered again, as the first delivery saw the file', async () => {
    const { clientId, referralIds } = await clientWithOpenReferrals();
    const hold = safetyHoldPlaced(clientId, SITE, START.toISOString());
    await requests().safetyHoldPlaced(hold);
    await requests().safetyHoldReleased(safetyHoldReleased(clientId, SITE, START.toISOString()));
    await delivered(conditionIdentified(clientId, 'bipolar', SITE, START.toISOString()));
    const later = referralStream(referralIdForConditionEpisode(clientId, 'bipolar', 1));
    const before = await snapshot([clientFileStream(clientId), ...referralIds.map(referralStream), later]);

    await requests().safetyHoldPlaced(hold);
    expect(await snapshot(Object.keys(before.streams))).toEqual(before);
    expect(await typesIn(later)).toEqual(['ReferralOpened']);
  }, 30_000);
});
