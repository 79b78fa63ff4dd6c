import { type LoggerService } from '@nestjs/common';
import { type IntegrationEvent } from '@continuum/contracts';
import {
  type EventStore,
  hasLeases,
  type RecordedEvent,
  SingleActive,
  singleActiveLeaseMs,
  type Subscription,
  type SubscriptionMessage,
} from '@continuum/event-store';
import { backoffDelay, sleep } from './backoff.js';
import { HEADERS, type MessagePublisher, type OutgoingMessage } from './bus.js';
import { type CheckpointStore } from './checkpoint-store.js';

// The transactional outbox without an outbox table: the event store IS the outbox. A service
// appends its domain events and nothing else; the relay follows its streams from a durable
// checkpoint and publishes. There is no dual write to get half right, and the checkpoint
// moves only after the bus acknowledged, so a crash republishes at most the unacknowledged
// tail (at-least-once; consumers deduplicate on eventId through their inbox).

export type RelayOptions = {
  /** Names the checkpoint: one per service and topic, e.g. `intake`. */
  name: string;
  store: EventStore;
  streamPrefixes: string[];
  /**
   * Domain event → integration event; undefined for events that stay inside the service. It
   * may read the store (e.g. fold the event's stream for a fact the event itself does not repeat).
   */
  map: RelayMapping;
  topic: string;
  publisher: MessagePublisher;
  checkpoints: CheckpointStore;
  /** Most messages per publish() call. Default 100. */
  batchSize?: number;
  /** First delay after a failed publish, doubling up to 30 s. Default 200 ms. */
  retryBaseMs?: number;
  /** A publish waiting longer than this for the bus is stalled: the relay warns, readiness turns down. Default 5 s. */
  stallMs?: number;
  logger?: LoggerService;
  /**
   * On a store that keeps leases (SQLite, PostgreSQL) one instance of the service relays at a
   * time, saving its position under the lease; a standby takes over this long after the active
   * one stopped renewing (docs/architecture/single-active.md). Default SINGLE_ACTIVE_LEASE_MS (5 s).
   */
  leaseMs?: number;
  /**
   * While events keep coming, the position is saved under the lease at most this often; an
   * idle relay saves it at once. Default 1 s. See saveLeasedPosition().
   */
  leasedPositionEveryMs?: number;
};

export type RelayMapping = (
  recorded: RecordedEvent,
  store: EventStore,
) => IntegrationEvent | undefined | Promise<IntegrationEvent | undefined>;

type Pending = { position: number; message?: OutgoingMessage };

const NOTHING_MORE_YET = Symbol('nothing more yet');
/** A relay with nothing to publish for this long is idle: see saveLeasedPosition(). */
const IDLE_MS = 100;

/** `traceparent`: the trace context the event was appended in (its metadata's), carried on to the consumer. */
export function toOutgoingMessage(topic: string, event: IntegrationEvent, traceparent?: string): OutgoingMessage {
  return {
    topic,
    key: event.clientId,
    value: JSON.stringify(event),
    headers: {
      [HEADERS.eventId]: event.eventId,
      [HEADERS.type]: event.type,
      [HEADERS.schemaVersion]: String(event.schemaVersion),
      [HEADERS.correlationId]: event.correlationId,
      [HEADERS.causationId]: event.causationId,
      [HEADERS.siteId]: event.siteId,
      ...(traceparent === undefined ? {} : { [HEADERS.traceparent]: traceparent }),
    },
  };
}

export class Relay {
  private readonly batchSize: number;
  private readonly retryBaseMs: number;
  private acknowledged: number | undefined;
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();
  private failed = false;
  private readonly stallMs: number;
  /** When the publish now waiting for the bus began; undefined while none waits. */
  private publishingSince: number | undefined;
  private lastPublishError: string | undefined;
  /** Set while started on a store that keeps leases: this instance relays only while it holds the lease. */
  private singleActive: SingleActive | undefined;
  /** The lease the relaying now under way runs under (kept until it has stopped and saved). */
  private relayingUnder: SingleActive | undefined;
  /** The acknowledged position not yet saved under the lease, and when it last was. */
  private unsavedLeasedPosition: number | undefined;
  private leasedPositionSavedAt = 0;
  private readonly leasedPositionEveryMs: number;

  constructor(private readonly options: RelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.retryBaseMs = options.retryBaseMs ?? 200;
    this.stallMs = options.stallMs ?? 5000;
    this.leasedPositionEveryMs = options.leasedPositionEveryMs ?? 1000;
  }

  /**
   * Whether the relay is stuck behind the bus: a publish has waited `stallMs` or more for an
   * acknowledgement (kafkajs alone retries for about 40 s before it gives up), with the last
   * error the bus gave, if any.
   */
  stall(now = Date.now()): { waitingMs: number; lastError?: string } | undefined {
    if (this.publishingSince === undefined) return undefined;
    const waitingMs = now - this.publishingSince;
    return waitingMs >= this.stallMs ? { waitingMs, ...(this.lastPublishError ? { lastError: this.lastPublishError } : {}) } : undefined;
  }

  /**
   * Resumes from the saved checkpoint and publishes in the background until stop(); on a store
   * that keeps leases, only while this instance holds the relay's lease (a standby waits).
   */
  async start(): Promise<void> {
    if (this.running || this.singleActive) return;
    const store = this.options.store;
    if (!hasLeases(store)) return this.startRelaying();
    this.singleActive = new SingleActive({
      leases: store,
      name: this.leaseName(),
      leaseMs: this.options.leaseMs ?? singleActiveLeaseMs(),
      activate: () => this.startRelaying(),
      deactivate: () => this.stopRelaying(),
      onError: (error) =>
        this.options.logger?.warn(
          { message: 'relay could not renew its lease; trying again', relay: this.options.name, error: errorText(error) },
          'Relay',
        ),
    });
    await this.singleActive.start();
  }

  /** Stops after the publish in flight (its checkpoint is saved if it was acknowledged), and gives the lease up. */
  async stop(): Promise<void> {
    const singleActive = this.singleActive;
    this.singleActive = undefined;
    await singleActive?.stop();
    await this.stopRelaying();
  }

  /** False on a standby instance (another holds the relay's lease) and while not started. */
  isActive(): boolean {
    return this.running !== undefined && (this.singleActive?.isActive() ?? true);
  }

  private leaseName(): string {
    return `relay:${this.options.name}`;
  }

  private async startRelaying(): Promise<void> {
    if (this.running) return;
    this.stopping = new AbortController();
    const store = this.options.store;
    // A relay that ran before leases existed saved its position only in its own checkpoints.
    const leased = this.singleActive && hasLeases(store) ? await store.leasedPosition(this.leaseName()) : undefined;
    this.acknowledged = leased ?? (await this.options.checkpoints.load(this.options.name));
    this.unsavedLeasedPosition = undefined;
    this.relayingUnder = this.singleActive && hasLeases(store) ? this.singleActive : undefined;
    const subscription = this.options.store.subscribeToAll({
      after: this.acknowledged,
      filter: { streamPrefixes: this.options.streamPrefixes },
    });
    this.subscription = subscription;
    this.failed = false;
    this.running = this.run(subscription).catch((error: unknown) => {
      this.failed = true;
      this.options.logger?.error(
        {
          message: 'relay stopped on an unexpected error; restart the service to resume from the checkpoint',
          relay: this.options.name,
          error: errorText(error),
        },
        'Relay',
      );
    });
  }

  private async stopRelaying(): Promise<void> {
    this.stopping.abort();
    await this.subscription?.close();
    await this.running;
    this.running = undefined;
    this.subscription = undefined;
    // What was acknowledged since the last save, so that the next holder starts from there
    // (refused, writing nothing, when the lease is already lost). A save that fails must not
    // stop the stop: the lease is still given up, and the next holder republishes a little more.
    await this.savePositionUnderLease().catch((error: unknown) =>
      this.options.logger?.warn(
        {
          message: 'relay could not save its position on stopping; the next holder republishes from the last save',
          relay: this.options.name,
          error: errorText(error),
        },
        'Relay',
      ),
    );
    this.relayingUnder = undefined;
  }

  /**
   * False before start(), after stop(), and after an error it cannot retry (e.g. a mapping that
   * refuses an event). A standby instance, waiting for the lease, is running.
   */
  isRunning(): boolean {
    if (this.singleActive && !this.singleActive.isActive()) return true;
    return this.running !== undefined && !this.failed;
  }

  /** The last store position the bus acknowledged (undefined before the first). */
  position(): number | undefined {
    return this.acknowledged;
  }

  /** How many of the relay's events the store holds beyond the acknowledged position (for readiness). */
  async behind(limit = 10_000): Promise<number> {
    const store = this.options.store;
    // A standby counts from where the active instance has got to.
    const after =
      this.singleActive && !this.singleActive.isActive() && hasLeases(store)
        ? await store.leasedPosition(this.leaseName())
        : this.acknowledged;
    let count = 0;
    for await (const _ of store.readAll({
      after,
      filter: { streamPrefixes: this.options.streamPrefixes },
      maxCount: limit,
    }))
      count++;
    return count;
  }

  private async run(subscription: Subscription): Promise<void> {
    const iterator = subscription[Symbol.asyncIterator]();
    let next: Promise<IteratorResult<SubscriptionMessage>> | undefined;
    const stopped = new Promise<typeof NOTHING_MORE_YET>((resolve) =>
      this.stopping.signal.addEventListener('abort', () => resolve(NOTHING_MORE_YET), { once: true }),
    );
    while (!this.stopping.signal.aborted) {
      const gathered: SubscriptionMessage[] = [];
      // Wait for the first event; then take whatever else is already there, without waiting,
      // so a burst goes out in one acknowledged round trip and a lone event goes out at once.
      // "Already there" is what arrives before one turn of the event loop, counted from the
      // batch's first event: a turn per event would keep the batch open for as long as a writer
      // commits once a turn, and nothing would be published until it paused. The events are
      // mapped once gathered: a mapping that reads the store (a network round trip on PostgreSQL
      // or KurrentDB) would otherwise use the turn up, and every batch would be one event.
      // Quiet for IDLE_MS with a position not yet under the lease: it is saved there now.
      let waitFor: Promise<unknown> = this.unsavedLeasedPosition === undefined ? stopped : Promise.race([stopped, after(IDLE_MS)]);
      let ended = false;
      while (gathered.length < this.batchSize) {
        next ??= iterator.next();
        const result = await Promise.race([next, waitFor]);
        if (result === NOTHING_MORE_YET) {
          if (gathered.length > 0 || this.stopping.signal.aborted) break;
          if (!(await this.saveLeasedPosition())) return;
          waitFor = stopped;
          continue;
        }
        next = undefined;
        const { done, value } = result as IteratorResult<SubscriptionMessage>;
        if (done) {
          ended = true;
          break;
        }
        if (gathered.length === 0) waitFor = Promise.race([stopped, immediately()]);
        gathered.push(value);
      }
      const batch: Pending[] = [];
      for (const message of gathered) batch.push(await this.pendingOf(message));
      await this.publishAndSave(batch);
      if (ended) return;
    }
  }

  private async pendingOf(message: SubscriptionMessage): Promise<Pending> {
    if (message.kind === 'caught-up') return { position: message.position };
    const event = await this.options.map(message.event, this.options.store);
    return {
      position: message.event.position,
      message: event && toOutgoingMessage(this.options.topic, event, message.event.metadata.traceparent),
    };
  }

  private async publishAndSave(batch: Pending[]): Promise<void> {
    if (batch.length === 0) return;
    const position = Math.max(...batch.map((pending) => pending.position));
    const messages = batch.flatMap((pending) => (pending.message ? [pending.message] : []));
    if (messages.length > 0 && !(await this.publishUntilAcknowledged(messages))) return;
    if (this.acknowledged !== undefined && position <= this.acknowledged) return;
    await this.options.checkpoints.save(this.options.name, position);
    this.acknowledged = position;
    if (this.relayingUnder) {
      this.unsavedLeasedPosition = position;
      if (Date.now() - this.leasedPositionSavedAt >= this.leasedPositionEveryMs) await this.saveLeasedPosition();
    }
  }

  /**
   * Saves the acknowledged position under the lease, if it moved since the last save; false,
   * and the relay stops here, when this instance no longer holds the lease.
   *
   * Not after every batch: the position lives in the event store's file, synced at every
   * commit, and a sync per published batch on the event loop was a third of the relay's cost
   * under load. It only tells the next holder where to start, and every consumer's inbox drops
   * what is published twice; so a relay that keeps publishing saves it once a second, one idle
   * for IDLE_MS or one that stops at once: the next holder republishes nothing after a quiet
   * moment, and at most a second of events after a crash under load (at-least-once, as ever).
   */
  private async saveLeasedPosition(): Promise<boolean> {
    if (await this.savePositionUnderLease()) return true;
    const { options } = this;
    options.logger?.warn({ message: 'relay lost its lease; the instance holding it goes on', relay: options.name }, 'Relay');
    this.stopping.abort();
    this.relayingUnder?.leaseLost();
    return false;
  }

  /** False when the lease is no longer this instance's: nothing was written. */
  private async savePositionUnderLease(): Promise<boolean> {
    const { relayingUnder: lease, options } = this;
    const position = this.unsavedLeasedPosition;
    if (!lease || position === undefined || !hasLeases(options.store)) return true;
    this.unsavedLeasedPosition = undefined;
    this.leasedPositionSavedAt = Date.now();
    return options.store.saveLeasedPosition(this.leaseName(), lease.holder, position);
  }

  /** Never skips: retries until the bus acknowledges or the relay is stopped (false). */
  private async publishUntilAcknowledged(messages: OutgoingMessage[]): Promise<boolean> {
    this.publishingSince = Date.now();
    this.lastPublishError = undefined;
    // The transport may take long to give up on an unreachable bus: say so while it is still trying.
    const stallWarning = setTimeout(() => {
      this.options.logger?.warn(
        {
          message: `relay has waited ${this.stallMs} ms for the bus to acknowledge; still trying (check the bus is reachable)`,
          relay: this.options.name,
          topic: this.options.topic,
          firstEventId: messages[0].headers[HEADERS.eventId],
          messages: messages.length,
        },
        'Relay',
      );
    }, this.stallMs);
    stallWarning.unref();
    try {
      return await this.retryUntilAcknowledged(messages);
    } finally {
      clearTimeout(stallWarning);
      this.publishingSince = undefined;
    }
  }

  private async retryUntilAcknowledged(messages: OutgoingMessage[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.publisher.publish(messages);
        this.lastPublishError = undefined;
        if (attempt > 1)
          this.options.logger?.log({ message: 'relay published after retrying', relay: this.options.name, attempts: attempt }, 'Relay');
        return true;
      } catch (error) {
        this.lastPublishError = errorText(error);
        const delayMs = backoffDelay(attempt, this.retryBaseMs);
        // Ids only: the message values are clinical content.
        this.options.logger?.warn(
          {
            message: 'relay could not publish; retrying (check the bus is reachable)',
            relay: this.options.name,
            topic: this.options.topic,
            firstEventId: messages[0].headers[HEADERS.eventId],
            messages: messages.length,
            attempt,
            retryInMs: delayMs,
            error: errorText(error),
          },
          'Relay',
        );
        await sleep(delayMs, this.stopping.signal);
        if (this.stopping.signal.aborted) return false;
      }
    }
  }
}

/** Resolves after `ms` of waiting. */
function after(ms: number): Promise<typeof NOTHING_MORE_YET> {
  return new Promise((resolve) => setTimeout(() => resolve(NOTHING_MORE_YET), ms).unref());
}

/** Resolves after the current I/O turn: whatever the subscription already holds settles first. */
function immediately(): Promise<typeof NOTHING_MORE_YET> {
  return new Promise((resolve) => setImmediate(() => resolve(NOTHING_MORE_YET)));
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 500);
}
