import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { defer, lastValueFrom } from 'rxjs';
import { HEADERS, type MessagePublisher, type OutgoingMessage } from './bus.js';
import { type Inbox } from './inbox.js';
import { ReliableDeliveryInterceptor } from './reliable-delivery.interceptor.js';

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
function kafkaLikeContext(payload: unknown, headers: Record<string, Buffer> = {}): ExecutionContext {
  const transport = {
    getTopic: () => 'intake.events',
    getPartition: () => 2,
    getMessage: () => ({
      key: Buffer.from('c-1'),
      value: Buffer.from(JSON.stringify(payload)),
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
  const interceptor = (maxAttempts = 3) =>
    new ReliableDeliveryInterceptor({ group: 'billing', inbox, publisher, maxAttempts, retryBaseMs: 1 });
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
    const context = kafkaLikeContext({ note: 'legacy' }, { [HEADERS.eventId]: Buffer.from('evt-9') });
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
