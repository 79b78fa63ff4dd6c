import { randomUUID } from 'node:crypto';
import { type IntegrationEvent } from '@continuum/contracts';
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { HEADERS, type MessagePublisher, type OutgoingMessage } from './bus.js';
import { type CheckpointStore } from './checkpoint-store.js';
import { Relay } from './relay.js';

class MemoryCheckpoints implements CheckpointStore {
  readonly saved = new Map<string, number>();
  async load(name: string) {
    return this.saved.get(name);
  }
  async save(name: string, position: number) {
    this.saved.set(name, position);
  }
}

class RecordingPublisher implements MessagePublisher {
  readonly published: OutgoingMessage[] = [];
  readonly calls: number[] = [];
  failuresLeft = 0;
  async publish(messages: OutgoingMessage[]) {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('broker unreachable');
    }
    this.calls.push(messages.length);
    this.published.push(...messages);
  }
  async close() {}
}

const map = (recorded: RecordedEvent): IntegrationEvent | undefined =>
  recorded.type === 'InternalNoteAdded'
    ? undefined
    : {
        eventId: recorded.eventId,
        type: recorded.type,
        schemaVersion: 1,
        source: 'intake',
        occurredAt: recorded.metadata.occurredAt,
        clientId: recorded.metadata.clientId ?? '',
        siteId: recorded.metadata.siteId,
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.metadata.causationId,
        data: { clientId: recorded.metadata.clientId },
      };

async function append(store: EventStore, stream: string, type: string, clientId = stream.split('-').slice(1).join('-')) {
  const eventId = randomUUID();
  await store.appendToStream(
    stream,
    [
      {
        eventId,
        type,
        data: {},
        metadata: {
          schemaVersion: 1,
          clientId,
          siteId: 'site-1',
          actor: { userId: 'u-1', role: 'clinician' },
          occurredAt: '2025-01-01T00:00:00.000Z',
          correlationId: 'corr-1',
          causationId: 'cause-1',
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return eventId;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('relay', () => {
  let store: SqliteEventStore;
  let checkpoints: MemoryCheckpoints;
  let publisher: RecordingPublisher;
  const relayOf = (options: Partial<ConstructorParameters<typeof Relay>[0]> = {}) =>
    new Relay({
      name: 'intake',
      store,
      streamPrefixes: ['client-'],
      map,
      topic: 'intake.events',
      publisher,
      checkpoints,
      retryBaseMs: 1,
      ...options,
    });

  beforeEach(async () => {
    store = await SqliteEventStore.open({ path: ':memory:', pollIntervalMs: 5 });
    checkpoints = new MemoryCheckpoints();
    publisher = new RecordingPublisher();
  });
  afterEach(() => store.close());

  it("publishes the service's events keyed by client with id, type, version, correlation, causation and site headers", async () => {
    const eventId = await append(store, 'client-c1', 'ClientAdmitted');
    const relay = relayOf();
    await relay.start();
    await until(() => publisher.published.length === 1);
    await relay.stop();
    const [message] = publisher.published;
    expect(message).toMatchObject({
      topic: 'intake.events',
      key: 'c1',
      headers: {
        [HEADERS.eventId]: eventId,
        [HEADERS.type]: 'ClientAdmitted',
        [HEADERS.schemaVersion]: '1',
        [HEADERS.correlationId]: 'corr-1',
        [HEADERS.causationId]: 'cause-1',
        [HEADERS.siteId]: 'site-1',
      },
    });
    expect(JSON.parse(message.value)).toMatchObject({ eventId, type: 'ClientAdmitted', clientId: 'c1' });
  });

  it('leaves out other streams and the events the mapping keeps inside the service, yet moves past them', async () => {
    await append(store, 'provider-p1', 'ProviderListed', 'p1');
    await append(store, 'client-c1', 'InternalNoteAdded');
    const published = await append(store, 'client-c1', 'ClientAdmitted');
    const relay = relayOf();
    await relay.start();
    await until(() => relay.position() === 3);
    await relay.stop();
    expect(publisher.published.map((message) => message.headers[HEADERS.eventId])).toEqual([published]);
    expect(await relay.behind()).toBe(0);
  });

  it('sends a burst already in the store in few acknowledged batches, never larger than the batch size', async () => {
    for (let index = 0; index < 25; index++) await append(store, `client-c${index % 3}`, 'ClientAdmitted');
    const relay = relayOf({ batchSize: 10 });
    await relay.start();
    await until(() => publisher.published.length === 25);
    await relay.stop();
    expect(Math.max(...publisher.calls)).toBeLessThanOrEqual(10);
    expect(publisher.calls.length).toBeLessThanOrEqual(4);
  });

  it('sends a burst in few batches even when mapping an event waits on the store (a network round trip)', async () => {
    for (let index = 0; index < 25; index++) await append(store, `client-c${index % 3}`, 'ClientAdmitted');
    const slowMap = async (event: RecordedEvent) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return map(event);
    };
    const relay = relayOf({ batchSize: 10, map: slowMap });
    await relay.start();
    await until(() => publisher.published.length === 25);
    await relay.stop();
    // The one turn a batch waits for more starts once its first event is mapped: counted from
    // before, the mapping used it up and every event went out alone (25 publishes).
    expect(publisher.calls.length).toBeLessThanOrEqual(4);
  });

  it('publishes while appends keep coming, one after another, instead of gathering them into one late batch', async () => {
    const relay = relayOf({ batchSize: 500 });
    await relay.start();
    let appended = 0;
    const appendedAtEachPublish: number[] = [];
    const publish = publisher.publish.bind(publisher);
    publisher.publish = async (messages) => {
      appendedAtEachPublish.push(appended);
      return publish(messages);
    };
    for (; appended < 200; appended++) await append(store, `client-c${appended % 3}`, 'ClientAdmitted');
    await until(() => publisher.published.length === 200);
    await relay.stop();
    // Each publish takes what one turn of the event loop committed: the first goes out with the
    // first few appends, not once the appender pauses or the batch is full.
    expect(appendedAtEachPublish[0]).toBeLessThan(10);
    expect(Math.max(...publisher.calls)).toBeLessThan(10);
  });

  it('keeps each client in store order', async () => {
    const expected: string[] = [];
    for (let index = 0; index < 30; index++) expected.push(await append(store, `client-c${index % 2}`, 'ClientAdmitted'));
    const relay = relayOf({ batchSize: 7 });
    await relay.start();
    await until(() => publisher.published.length === 30);
    await relay.stop();
    expect(publisher.published.map((message) => message.headers[HEADERS.eventId])).toEqual(expected);
  });

  it('retries a failed publish until the bus acknowledges, skipping nothing, and only then saves the checkpoint', async () => {
    const eventId = await append(store, 'client-c1', 'ClientAdmitted');
    publisher.failuresLeft = 3;
    const relay = relayOf();
    await relay.start();
    await until(() => publisher.published.length === 1);
    await until(() => checkpoints.saved.get('intake') === 1);
    await relay.stop();
    expect(publisher.published.map((message) => message.headers[HEADERS.eventId])).toEqual([eventId]);
  });

  it('does not save the checkpoint while the bus refuses, so a restart publishes the event again', async () => {
    await append(store, 'client-c1', 'ClientAdmitted');
    publisher.failuresLeft = Number.POSITIVE_INFINITY;
    const relay = relayOf({ retryBaseMs: 5 });
    await relay.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await relay.stop();
    expect(checkpoints.saved.has('intake')).toBe(false);
    publisher.failuresLeft = 0;
    const restarted = relayOf();
    await restarted.start();
    await until(() => publisher.published.length === 1);
    await restarted.stop();
  });

  it('says it is stalled, with the bus’s last error, once a publish has waited the stall limit, and warns; not before, and not once published', async () => {
    await append(store, 'client-c1', 'ClientAdmitted');
    publisher.failuresLeft = Number.POSITIVE_INFINITY;
    const warnings: string[] = [];
    const logger = {
      log: () => undefined,
      error: () => undefined,
      warn: (entry: { message: string }) => void warnings.push(entry.message),
    };
    const relay = relayOf({ retryBaseMs: 5, stallMs: 300, logger });
    const startedAt = Date.now();
    await relay.start();
    await until(() => warnings.length > 0);
    expect(relay.stall()).toBeUndefined();
    await until(() => warnings.some((warning) => /has waited 300 ms for the bus/.test(warning)));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(relay.stall()).toEqual({ waitingMs: expect.any(Number), lastError: 'broker unreachable' });
    expect(relay.stall()!.waitingMs).toBeGreaterThanOrEqual(300);
    publisher.failuresLeft = 0;
    await until(() => publisher.published.length === 1);
    expect(relay.stall()).toBeUndefined();
    await relay.stop();
  });

  it('resumes after the saved checkpoint: a restart republishes nothing already acknowledged and picks up live events', async () => {
    await append(store, 'client-c1', 'ClientAdmitted');
    await append(store, 'client-c2', 'ClientAdmitted');
    const first = relayOf();
    await first.start();
    await until(() => publisher.published.length === 2);
    await first.stop();
    const later = await append(store, 'client-c3', 'ClientAdmitted');
    const second = relayOf();
    await second.start();
    await until(() => publisher.published.length === 3);
    const live = await append(store, 'client-c4', 'ClientAdmitted');
    await until(() => publisher.published.length === 4);
    await second.stop();
    expect(publisher.published.slice(2).map((message) => message.headers[HEADERS.eventId])).toEqual([later, live]);
  });
});

describe('relay that meets an event its mapping refuses', () => {
  it('stops rather than skip it, and says it is no longer running', async () => {
    const store = await SqliteEventStore.open({ path: ':memory:', pollIntervalMs: 5 });
    const publisher = new RecordingPublisher();
    const relay = new Relay({
      name: 'intake',
      store,
      streamPrefixes: ['client-'],
      map: () => {
        throw new Error('does not meet its contract');
      },
      topic: 'intake.events',
      publisher,
      checkpoints: new MemoryCheckpoints(),
    });
    await append(store, 'client-c1', 'ClientAdmitted');
    await relay.start();
    await until(() => !relay.isRunning());
    expect(publisher.published).toEqual([]);
    expect(relay.position()).toBeUndefined();
    await relay.stop();
    await store.close();
  });
});
