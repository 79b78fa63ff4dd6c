import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { defer, lastValueFrom } from 'rxjs';
import { HEADERS, type MessagePublisher, type OutgoingMessage } from './bus.js';
import { type Inbox } from './inbox.js';
import { envelopeCheck } from './message-check.js';
import { PermanentDeliveryFailure } from './permanent-failure.js';
import { ReliableDeliveryInterceptor } from './reliable-delivery.interceptor.js';
import { EVENT_ID, registered } from './testing/client-registered.js';

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

const event = { eventId: 'evt-1', type: 'ClientAdmitted', clientId: 'c-1' };

/** A Kafka-shaped context: Buffers for key and headers, as kafkajs hands them over. */
function kafkaLikeContext(
  payload: unknown,
  headers: Record<string, Buffer> = {},
  { topic = 'intake.events', value = Buffer.from(JSON.stringify(payload)) } = {},
): ExecutionContext {
  const transport = {
    getTopic: () => topic,
    getPartition: () => 2,
    getMessage: () => ({
      key: Buffer.from('c-1'),
      value,
      headers: { [HEADERS.type]: Buffer.from('ClientAdmitted'), ...headers },
      offset: '41',
    }),
  };
  return {
    getType: () => 'rpc',
    switchToRpc: () => ({ getContext: () => transport, getData: () => payload }),
  } as unknown as ExecutionContext;
}

function handlerThat(run: () => unknown): CallHandler & { calls: number } {
  const handler = {
    calls: 0,
    handle: () =>
      defer(async () => {
        handler.calls++;
        return run();
      }),
  };
  return handler;
}

describe('reliable delivery', () => {
  let inbox: MemoryInbox;
  let publisher: RecordingPublisher;
  // These tests are about retries and the inbox: test events, checked for their envelope only.
  const interceptor = (maxAttempts = 3) =>
    new ReliableDeliveryInterceptor({ group: 'billing', inbox, publisher, maxAttempts, retryBaseMs: 1, check: envelopeCheck });
  const deliver = (handler: CallHandler, context = kafkaLikeContext(event), maxAttempts = 3) =>
    lastValueFrom(interceptor(maxAttempts).intercept(context, handler), { defaultValue: undefined });

  beforeEach(() => {
    inbox = new MemoryInbox();
    publisher = new RecordingPublisher();
  });

  it('runs the handler and remembers the event id for its group', async () => {
    const handler = handlerThat(() => 'done');
    await expect(deliver(handler)).resolves.toBe('done');
    expect(handler.calls).toBe(1);
    expect(await inbox.has('billing', 'evt-1')).toBe(true);
  });

  it('gives a redelivered event no second effect', async () => {
    const handler = handlerThat(() => 'done');
    await deliver(handler);
    await deliver(handler);
    expect(handler.calls).toBe(1);
  });

  it('recognises a redelivery by the event id header when the payload has none', async () => {
    const handler = handlerThat(() => undefined);
    const context = kafkaLikeContext({ type: 'ClientAdmitted', note: 'legacy' }, { [HEADERS.eventId]: Buffer.from('evt-9') });
    await deliver(handler, context);
    await deliver(handler, context);
    expect(handler.calls).toBe(1);
  });

  it('retries a failing handler and succeeds without a dead letter when a later attempt works', async () => {
    let failures = 2;
    const handler = handlerThat(() => {
      if (failures-- > 0) throw new Error('read model busy');
      return 'ok';
    });
    await expect(deliver(handler)).resolves.toBe('ok');
    expect(handler.calls).toBe(3);
    expect(publisher.published).toEqual([]);
  });

  it('parks a message that keeps failing on <topic>.dlq with the error, the attempts and where it came from, and completes so the partition moves on', async () => {
    const handler = handlerThat(() => {
      throw new Error('unknown level of care "9.9"\n    at handle (consumer.ts:1:1)');
    });
    await expect(deliver(handler, kafkaLikeContext(event), 4)).resolves.toBeUndefined();
    expect(handler.calls).toBe(4);
    expect(publisher.published).toHaveLength(1);
    const [deadLetter] = publisher.published;
    expect(deadLetter).toEqual({
      topic: 'intake.events.dlq',
      key: 'c-1',
      value: JSON.stringify(event),
      headers: {
        [HEADERS.type]: 'ClientAdmitted',
        [HEADERS.error]: 'unknown level of care "9.9"',
        [HEADERS.attempts]: '4',
        [HEADERS.originalTopic]: 'intake.events',
        [HEADERS.originalPartition]: '2',
        [HEADERS.originalOffset]: '41',
        [HEADERS.consumerGroup]: 'billing',
      },
    });
    expect(await inbox.has('billing', 'evt-1')).toBe(false);
  });

  it('parks a permanent failure at once, without retrying: a broken rule, a 4xx refusal, a PermanentDeliveryFailure', async () => {
    const ruleBroken = Object.assign(new Error('the client is on a safety hold'), { name: 'RuleBroken' });
    const unprocessable = Object.assign(new Error('level of care 9.9 does not exist'), { getStatus: () => 422 });
    for (const failure of [ruleBroken, unprocessable, new PermanentDeliveryFailure('the referral names no provider')]) {
      publisher.published.length = 0;
      const handler = handlerThat(() => {
        throw failure;
      });
      await expect(deliver(handler, kafkaLikeContext(event), 5)).resolves.toBeUndefined();
      expect(handler.calls).toBe(1);
      expect(publisher.published).toHaveLength(1);
      expect(publisher.published[0].headers).toMatchObject({ [HEADERS.error]: failure.message, [HEADERS.attempts]: '1' });
    }
  });

  it('retries a conflict or a not-found: another delivery may settle it', async () => {
    for (const status of [404, 409]) {
      publisher.published.length = 0;
      const handler = handlerThat(() => {
        throw Object.assign(new Error(`status ${status}`), { getStatus: () => status });
      });
      await deliver(handler, kafkaLikeContext(event), 3);
      expect(handler.calls).toBe(3);
      expect(publisher.published[0].headers[HEADERS.attempts]).toBe('3');
    }
  });

  it('fails the delivery when the dead letter cannot be published, so the transport delivers the message again', async () => {
    publisher.publish = async () => {
      throw new Error('broker down');
    };
    const handler = handlerThat(() => {
      throw new Error('poison');
    });
    await expect(deliver(handler)).rejects.toThrow('broker down');
  });

  it('parks a message without any event id at once, since a redelivery of it could not be recognised', async () => {
    const handler = handlerThat(() => 'ran');
    await deliver(handler, kafkaLikeContext({ note: 'no id' }));
    expect(handler.calls).toBe(0);
    expect(publisher.published[0].headers[HEADERS.error]).toMatch(/no event id/);
  });

  it('leaves HTTP requests alone', async () => {
    const handler = handlerThat(() => 'http');
    const http = {
      getType: () => 'http',
      switchToRpc: () => ({ getContext: () => ({}), getData: () => ({}) }),
    } as unknown as ExecutionContext;
    await expect(lastValueFrom(interceptor().intercept(http, handler))).resolves.toBe('http');
    expect(inbox.seen.size).toBe(0);
  });
});

describe('reliable delivery of the network’s integration events', () => {
  const topic = 'continuum.intake.events.v1';
  let inbox: MemoryInbox;
  let publisher: RecordingPublisher;
  let logged: { level: string; entry: Record<string, unknown> }[];
  let interceptor: ReliableDeliveryInterceptor;

  beforeEach(() => {
    inbox = new MemoryInbox();
    publisher = new RecordingPublisher();
    logged = [];
    const record = (level: string) => (entry: Record<string, unknown>) => void logged.push({ level, entry });
    // No `check`: the default, the integration event contracts.
    interceptor = new ReliableDeliveryInterceptor({
      group: 'treatment-plan',
      inbox,
      publisher,
      maxAttempts: 5,
      retryBaseMs: 1,
      logger: { log: record('info'), warn: record('warn'), error: record('error') },
    });
  });
  const deliver = (handler: CallHandler, context: ExecutionContext) =>
    lastValueFrom(interceptor.intercept(context, handler), { defaultValue: undefined });

  it('parks `{"eventId":…,"foo":1}` at once with the envelope problems, before any handler could skip it by type', async () => {
    const handler = handlerThat(() => 'ran');
    await deliver(handler, kafkaLikeContext({ eventId: EVENT_ID, foo: 1 }, {}, { topic }));
    expect(handler.calls).toBe(0);
    expect(publisher.published).toHaveLength(1);
    expect(publisher.published[0].topic).toBe(`${topic}.dlq`);
    expect(publisher.published[0].headers[HEADERS.error]).toMatch(/^contract: .*type: is required/);
    expect(publisher.published[0].headers[HEADERS.attempts]).toBe('0');
    expect(logged.filter(({ level }) => level === 'error')).toHaveLength(1);
  });

  it('parks a value that is not JSON, recognised by its event id header, with the reason', async () => {
    const handler = handlerThat(() => 'ran');
    const bytes = Buffer.from([0xff, 0x00, 0x7b, 0x01]);
    await deliver(handler, kafkaLikeContext(bytes.toString('utf8'), { [HEADERS.eventId]: Buffer.from(EVENT_ID) }, { topic, value: bytes }));
    expect(handler.calls).toBe(0);
    expect(publisher.published[0].headers).toMatchObject({
      [HEADERS.eventId]: EVENT_ID,
      [HEADERS.error]: 'envelope: the message value is not JSON, not an integration event object',
    });
  });

  it('hands an event that meets its contract to the handler', async () => {
    const handler = handlerThat(() => 'ran');
    await expect(deliver(handler, kafkaLikeContext(registered(), {}, { topic }))).resolves.toBe('ran');
    expect(publisher.published).toEqual([]);
  });

  it('skips an unknown type from the topic’s producer, logging it at info and counting it per type', async () => {
    const handler = handlerThat(() => 'ran');
    const unknown = (eventId: string) => kafkaLikeContext(registered({ eventId, type: 'ClientMoved', data: {} }), {}, { topic });
    await deliver(handler, unknown(EVENT_ID));
    await deliver(handler, unknown('00000000-0000-4000-8000-000000000998'));
    expect(handler.calls).toBe(0);
    expect(publisher.published).toEqual([]);
    expect(logged.map(({ level }) => level)).toEqual(['info', 'info']);
    expect(logged[1].entry).toMatchObject({ type: 'ClientMoved', source: 'intake', topic, skippedOfThisType: 2 });
    expect(interceptor.skippedUnknownTypes()).toEqual({ [`${topic} ClientMoved`]: 2 });
  });
});
