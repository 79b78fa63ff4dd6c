import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import {
  HEADERS,
  type Inbox,
  type MessagePublisher,
  type OutgoingMessage,
  ReliableDeliveryInterceptor,
  deadLetterTopic,
  envelopeCheck,
} from '@continuum/messaging';
import { defer, lastValueFrom } from 'rxjs';
import { type CareEpisodes } from '../application/care-episodes.js';
import { type EpisodeLedger } from '../application/episode-ledger.js';
import { type IntegratedCare } from '../application/integrated-care.js';
import { type OutsideSends } from '../application/outside-sends.js';
import { type WorsenedScreenings } from '../application/worsened-screenings.js';
import { clientAdmitted, consentGranted, referralCompleted, screeningWorsened } from '../testing/fixtures.js';
import { DualDiagnosisEventsConsumer } from './dual-diagnosis-events.consumer.js';
import { IntakeEventsConsumer } from './intake-events.consumer.js';

// treatment-plan's consumers check each event's contract themselves, before their type filter.
// Every delivery is checked before it reaches them (docs/architecture/messaging.md#what-a-consumer-checks-first);
// should one that breaks the contract get through all the same (a newer contract version,
// another check configured), their own refusal is permanent: the message is parked on the
// dead-letter topic after its first attempt, not retried, and nothing is acted on. Here the
// delivery's check lets everything through (`envelopeCheck`), so that the consumers' own
// checks are what is tested.

const CLIENT = '9d2f6c1e-7b3a-4c5d-8e9f-a0b1c2d3e4f5';
const MAX_ATTEMPTS = 5;

class MemoryInbox implements Inbox {
  readonly seen = new Set<string>();
  async has(group: string, eventId: string) {
    return this.seen.has(`${group}/${eventId}`);
  }
  async record(group: string, eventId: string) {
    this.seen.add(`${group}/${eventId}`);
  }
}

class RecordingPublisher implements MessagePublisher {
  readonly published: OutgoingMessage[] = [];
  async publish(messages: OutgoingMessage[]) {
    this.published.push(...messages);
  }
  async close() {}
}

/** What the application layer was asked to do. */
const acted: string[] = [];
const record = (name: string) => async (): Promise<void> => {
  acted.push(name);
};

const intake = new IntakeEventsConsumer(
  { admit: record('admit') } as unknown as CareEpisodes,
  { noteSafetyHold: record('noteSafetyHold'), liftSafetyHold: record('liftSafetyHold') } as unknown as EpisodeLedger,
  { recommendReview: record('recommendReview') } as unknown as WorsenedScreenings,
  { consentGranted: record('consentGranted') } as unknown as OutsideSends,
);
const dualDiagnosis = new DualDiagnosisEventsConsumer({ addGoalFor: record('addGoalFor') } as unknown as IntegratedCare);

let publisher: RecordingPublisher;
let inbox: MemoryInbox;
let attempts: number;

beforeEach(() => {
  acted.length = 0;
  publisher = new RecordingPublisher();
  inbox = new MemoryInbox();
  attempts = 0;
});

/** Delivers the event on `topic` to the consumer's handler through the interceptor every consumer runs behind. */
async function deliver(topic: string, event: unknown, handle: (event: IntegrationEvent) => Promise<void>): Promise<void> {
  const interceptor = new ReliableDeliveryInterceptor({
    group: 'treatment-plan',
    inbox,
    publisher,
    maxAttempts: MAX_ATTEMPTS,
    retryBaseMs: 1,
    check: envelopeCheck,
  });
  const value = JSON.stringify(event);
  const transport = {
    getTopic: () => topic,
    getPartition: () => 0,
    getMessage: () => ({ key: CLIENT, value, headers: {}, offset: '7' }),
  };
  const context = {
    getType: () => 'rpc',
    switchToRpc: () => ({ getContext: () => transport, getData: () => event }),
  } as unknown as ExecutionContext;
  const handler: CallHandler = {
    handle: () =>
      defer(async () => {
        attempts++;
        return handle(event as IntegrationEvent);
      }),
  };
  await lastValueFrom(interceptor.intercept(context, handler), { defaultValue: undefined });
}

function expectParkedAtOnce(topic: string, event: { eventId: string }, reason: RegExp): void {
  expect(attempts).toBe(1);
  expect(publisher.published).toHaveLength(1);
  const [parked] = publisher.published;
  expect(parked!.topic).toBe(deadLetterTopic(topic));
  expect(parked!.headers[HEADERS.attempts]).toBe('1');
  expect(parked!.headers[HEADERS.error]).toMatch(reason);
  expect(JSON.parse(parked!.value)).toMatchObject({ eventId: event.eventId });
  expect(acted).toEqual([]);
}

describe("intake's events that break their contract", () => {
  const handle = (event: IntegrationEvent) => intake.handle(event);

  it('parks a worsened screening with a reason off the list after one attempt, naming the field and not the value', async () => {
    const worsened = screeningWorsened(CLIENT, { reasons: ['felt-worse' as 'score-up'] });
    await deliver(TOPICS.intake, worsened, handle);
    expectParkedAtOnce(TOPICS.intake, worsened, /^ScreeningWorsened .* does not meet its contract: data\.reasons\[0\]: expected one of/);
    expect(publisher.published[0]!.headers[HEADERS.error]).not.toMatch(/felt-worse/);
  });

  it('parks a worsened screening of a version treatment-plan does not read after one attempt', async () => {
    const worsened = { ...screeningWorsened(CLIENT), schemaVersion: 2 };
    await deliver(TOPICS.intake, worsened, handle);
    expectParkedAtOnce(TOPICS.intake, worsened, /schemaVersion: treatment-plan reads ScreeningWorsened version 1 only/);
  });

  it('parks an admission without its level of care after one attempt, opening no episode', async () => {
    const admitted = clientAdmitted();
    const { level: _level, ...withoutLevel } = admitted.data;
    const broken = { ...admitted, data: withoutLevel };
    await deliver(TOPICS.intake, broken, handle);
    expectParkedAtOnce(TOPICS.intake, broken, /^ClientAdmitted .* does not meet its contract: data\.level: is required/);
  });

  it('parks a broken event of a type treatment-plan does not act on, rather than let its type filter pass it as handled', async () => {
    const broken = { ...clientAdmitted(), type: 'ClientRegistered' };
    await deliver(TOPICS.intake, broken, handle);
    expectParkedAtOnce(TOPICS.intake, broken, /^ClientRegistered .* does not meet its contract/);
    expect(await inbox.has('treatment-plan', broken.eventId)).toBe(false);
  });

  it('acts on one that meets its contract, once', async () => {
    const admitted = clientAdmitted();
    await deliver(TOPICS.intake, admitted, handle);
    expect(attempts).toBe(1);
    expect(publisher.published).toEqual([]);
    expect(acted).toEqual(['admit']);
    expect(await inbox.has('treatment-plan', admitted.eventId)).toBe(true);
  });

  it('parks a consent without its categories after one attempt, copying nothing and sending nothing', async () => {
    const granted = consentGranted(CLIENT);
    const { categories: _categories, ...withoutCategories } = granted.data;
    const broken = { ...granted, data: withoutCategories };
    await deliver(TOPICS.intake, broken, handle);
    expectParkedAtOnce(TOPICS.intake, broken, /^ConsentGranted .* does not meet its contract: data\.categories: is required/);
  });

  it('copies a consent on the 2024 form that meets its contract, once', async () => {
    const granted = consentGranted(CLIENT);
    await deliver(TOPICS.intake, granted, handle);
    expect(publisher.published).toEqual([]);
    expect(acted).toEqual(['consentGranted']);
  });
});

describe("dual-diagnosis's completed referral that breaks its contract", () => {
  it('is parked after one attempt, adding no goal to any plan', async () => {
    const completed = referralCompleted({
      clientId: CLIENT,
      episodeId: '6a0c3b1e-2d4f-5a6b-8c7d-9e0f1a2b3c4d',
      conditionCode: 'depression',
      conditionConfirmed: true,
      recommendationCodes: ['ssri-trial'],
    });
    const broken = { ...completed, data: { ...completed.data, conditionConfirmed: 'yes' } };
    await deliver(TOPICS.dualDiagnosis, broken, (event) => dualDiagnosis.handle(event));
    expectParkedAtOnce(TOPICS.dualDiagnosis, broken, /^ReferralCompleted .* does not meet its contract: data\.conditionConfirmed/);
  });
});
