import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Injectable, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { lastValueFrom, throwError } from 'rxjs';
import { HEADERS, type OutgoingMessage } from '@continuum/messaging';
import { EmbeddedBus } from './embedded-bus.js';
import { EmbeddedBusContext } from './embedded-bus-context.js';
import { partitionForKey } from './partitioner.js';
import { type Handled, startRecordingMember } from './testing/recording-member.js';
import { sleep, waitUntil } from './testing/wait-until.js';

const TOPIC = 'continuum.treatment-plan.events.v1';
const GROUP = 'aftercare-treatment-plan';

type Received = {
  payload: unknown;
  topic: string;
  partition: number;
  key: string;
  headers: Record<string, string>;
  offset: string;
  group: string;
};

/** What the consumer below saw, and how it is told to fail. */
@Injectable()
class ConsumerScript {
  readonly received: Received[] = [];
  /** Attempts left to fail, per key: a throwing handler. */
  readonly throwsFor = new Map<string, number>();
  /** Attempts left to fail, per key: a handler whose returned stream errors. */
  readonly errorsStreamFor = new Map<string, number>();
}

@Controller()
class TreatmentPlanConsumer {
  constructor(private readonly script: ConsumerScript) {}

  // <string> picks Nest 12's untyped overload: the typed one (chosen for a literal topic)
  // types every argument after the payload as unknown, which a typed @Ctx() cannot satisfy.
  @EventPattern<string>(TOPIC)
  async onEvent(@Payload() payload: unknown, @Ctx() context: EmbeddedBusContext) {
    const message = context.getMessage();
    this.script.received.push({
      payload,
      topic: context.getTopic(),
      partition: context.getPartition(),
      key: message.key,
      headers: message.headers,
      offset: message.offset,
      group: context.getConsumerGroup(),
    });
    if (takeOne(this.script.throwsFor, message.key)) throw new Error('the care-plan service is not reachable; try again');
    if (takeOne(this.script.errorsStreamFor, message.key)) return throwError(() => new Error('the projection store refused the write'));
    return undefined;
  }
}

function takeOne(failures: Map<string, number>, key: string): boolean {
  const left = failures.get(key) ?? 0;
  if (left > 0) failures.set(key, left - 1);
  return left > 0;
}

function event(key: string, sequence: number): OutgoingMessage {
  return {
    topic: TOPIC,
    key,
    value: JSON.stringify({ type: 'LevelOfCareChanged', clientId: key, sequence }),
    headers: { [HEADERS.eventId]: `${key}-${sequence}`, [HEADERS.type]: 'LevelOfCareChanged' },
  };
}

describe('the embedded bus as a Nest transport', () => {
  let folder: string;
  let path: string;
  let bus: EmbeddedBus;
  const apps: INestMicroservice[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'embedded-bus-server-'));
    path = join(folder, 'bus.db');
    bus = EmbeddedBus.open({ path, pollIntervalMs: 10, redeliveryDelayMs: 20, heartbeatIntervalMs: 50 });
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await bus.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function startService(group = GROUP): Promise<ConsumerScript> {
    const moduleRef = await Test.createTestingModule({ controllers: [TreatmentPlanConsumer], providers: [ConsumerScript] }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: bus.server({ group }), logger: false });
    apps.push(app);
    await app.listen();
    return moduleRef.get(ConsumerScript);
  }

  it('hands an emitted event to its @EventPattern handler, parsed, with the topic, partition, key, headers, offset and group', async () => {
    const script = await startService();
    const value = { type: 'EpisodeOpened', clientId: 'client-7', level: '2.1' };

    await lastValueFrom(bus.client().emit(TOPIC, { key: 'client-7', value, headers: { [HEADERS.eventId]: 'event-1' } }), {
      defaultValue: undefined,
    });

    await waitUntil('the handler received the event', () => script.received.length === 1);
    expect(script.received[0]).toEqual({
      payload: value,
      topic: TOPIC,
      partition: partitionForKey('client-7', 4),
      key: 'client-7',
      headers: { [HEADERS.eventId]: 'event-1' },
      offset: '0',
      group: GROUP,
    });
    await waitUntil('the offset is committed', async () => (await bus.admin().consumerLag(GROUP, [TOPIC])) === 0);
  });

  it('hands a value that is not JSON to the handler as the raw text', async () => {
    const script = await startService();
    await bus.publisher().publish([{ topic: TOPIC, key: 'client-1', value: 'not json {', headers: {} }]);

    await waitUntil('the handler received the text', () => script.received.length === 1);
    expect(script.received[0].payload).toBe('not json {');
  });

  it('delivers the same message again while the handler throws, holding back the messages behind it and the offset', async () => {
    const script = await startService();
    script.throwsFor.set('client-1', 3);
    await bus.publisher().publish([event('client-1', 1), event('client-1', 2)]);

    await waitUntil('the second attempt failed', () => script.received.length >= 2);
    expect(await bus.admin().consumerLag(GROUP, [TOPIC])).toBe(2);
    await waitUntil('both messages were handled', () => script.received.length === 5);
    expect(script.received.map((r) => `${(r.payload as { sequence: number }).sequence}@${r.offset}`)).toEqual([
      '1@0',
      '1@0',
      '1@0',
      '1@0',
      '2@1',
    ]);
    await waitUntil('both offsets are committed', async () => (await bus.admin().consumerLag(GROUP, [TOPIC])) === 0);
  });

  it('treats a handler whose returned stream errors as a failure, and delivers the message again', async () => {
    const script = await startService();
    script.errorsStreamFor.set('client-2', 1);
    await bus.publisher().publish([event('client-2', 1)]);

    await waitUntil('the message came twice', () => script.received.length === 2);
    expect(script.received.map((r) => r.offset)).toEqual(['0', '0']);
    await waitUntil('the offset is committed', async () => (await bus.admin().consumerLag(GROUP, [TOPIC])) === 0);
  });

  it('gives every group its own copy of each message', async () => {
    const aftercare = await startService('aftercare-treatment-plan');
    const dualDiagnosis = await startService('dual-diagnosis-treatment-plan');
    await bus.publisher().publish([event('client-1', 1), event('client-2', 1), event('client-3', 1)]);

    await waitUntil('both groups received all three', () => aftercare.received.length === 3 && dualDiagnosis.received.length === 3);
  });

  it('refuses request/response and says integration events are fire-and-forget', () => {
    expect(() => bus.client().send(TOPIC, { key: 'client-1', value: {} })).toThrow(/fire-and-forget/);
  });
});

describe('a consumer group on the embedded bus', () => {
  let folder: string;
  let path: string;
  let bus: EmbeddedBus;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'embedded-bus-group-'));
    path = join(folder, 'bus.db');
    bus = EmbeddedBus.open({ path, pollIntervalMs: 10, heartbeatIntervalMs: 50 });
  });

  afterEach(async () => {
    await bus.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const ownersOf = (group: string) => new Set(bus.assignments(group).map((lease) => lease.memberId));
  const isBalanced = (group: string) => {
    const leases = bus.assignments(group);
    const perMember = new Map<string, number>();
    for (const lease of leases) perMember.set(lease.memberId, (perMember.get(lease.memberId) ?? 0) + 1);
    return leases.length === 4 && perMember.size === 2 && [...perMember.values()].every((count) => count === 2);
  };

  it('splits the partitions between two members, which together handle every message exactly once and in order per client', async () => {
    const handled: Handled[] = [];
    const first = await startRecordingMember(bus, { group: GROUP, topic: TOPIC, handled });
    const second = await startRecordingMember(bus, { group: GROUP, topic: TOPIC, handled });
    await waitUntil('each member owns two partitions', () => isBalanced(GROUP));

    const keys = Array.from({ length: 50 }, (_, index) => `client-${index}`);
    for (let sequence = 1; sequence <= 4; sequence++) await bus.publisher().publish(keys.map((key) => event(key, sequence)));

    await waitUntil('200 messages were handled', () => handled.length >= 200);
    await sleep(100);
    expect(handled).toHaveLength(200);
    expect(new Set(handled.map((h) => `${h.key}/${h.sequence}`)).size).toBe(200);
    for (const key of keys) expect(handled.filter((h) => h.key === key).map((h) => h.sequence)).toEqual([1, 2, 3, 4]);
    for (const member of [first, second]) {
      const partitions = new Set(handled.filter((h) => h.memberId === member.memberId).map((h) => h.partition));
      expect(partitions.size).toBe(2);
    }
    expect(await bus.admin().consumerLag(GROUP, [TOPIC])).toBe(0);
  });

  it('hands a closing member’s partitions to the others at once, without waiting for its session to expire', async () => {
    const slowToExpire = EmbeddedBus.open({ path, pollIntervalMs: 10, heartbeatIntervalMs: 50, sessionTimeoutMs: 60_000 });
    try {
      const handled: Handled[] = [];
      const staying = await startRecordingMember(slowToExpire, { group: GROUP, topic: TOPIC, handled });
      const leaving = await startRecordingMember(slowToExpire, { group: GROUP, topic: TOPIC, handled });
      await waitUntil('each member owns two partitions', () => isBalanced(GROUP));

      await leaving.close();

      await waitUntil('the staying member owns all four', () => bus.assignments(GROUP).length === 4 && ownersOf(GROUP).size === 1, 1000);
      expect([...ownersOf(GROUP)]).toEqual([staying.memberId]);
      await bus.publisher().publish(['client-1', 'client-2', 'client-3', 'client-4', 'client-5', 'client-6'].map((key) => event(key, 1)));
      await waitUntil('the staying member handled all six', () => handled.length === 6);
      expect(new Set(handled.map((h) => h.memberId))).toEqual(new Set([staying.memberId]));
    } finally {
      await slowToExpire.close();
    }
  });

  it('resumes after the committed offset when the bus is closed and opened again', async () => {
    const handled: Handled[] = [];
    await startRecordingMember(bus, { group: GROUP, topic: TOPIC, handled });
    await bus.publisher().publish(['client-1', 'client-2', 'client-3'].map((key) => event(key, 1)));
    await waitUntil('the first three were handled', async () => (await bus.admin().consumerLag(GROUP, [TOPIC])) === 0);
    await bus.close();

    bus = EmbeddedBus.open({ path, pollIntervalMs: 10, heartbeatIntervalMs: 50 });
    await bus.publisher().publish(['client-1', 'client-2'].map((key) => event(key, 2)));
    expect(await bus.admin().consumerLag(GROUP, [TOPIC])).toBe(2);
    const afterRestart: Handled[] = [];
    await startRecordingMember(bus, { group: GROUP, topic: TOPIC, handled: afterRestart });

    await waitUntil('the two new messages were handled', () => afterRestart.length === 2);
    await sleep(100);
    expect(afterRestart.map((h) => `${h.key}/${h.sequence}`).sort()).toEqual(['client-1/2', 'client-2/2']);
    expect(await bus.admin().consumerLag(GROUP, [TOPIC])).toBe(0);
  });

  it('counts as lag exactly the messages the group has not yet handled', async () => {
    await bus.publisher().publish(Array.from({ length: 7 }, (_, index) => event(`client-${index}`, 1)));
    expect(await bus.admin().consumerLag(GROUP, [TOPIC])).toBe(7);

    const handled: Handled[] = [];
    await startRecordingMember(bus, { group: GROUP, topic: TOPIC, handled });
    await waitUntil('the lag is zero', async () => (await bus.admin().consumerLag(GROUP, [TOPIC])) === 0);
    expect(handled).toHaveLength(7);
    expect(await bus.admin().consumerLag('a-group-that-never-read', [TOPIC])).toBe(7);
  });
});
