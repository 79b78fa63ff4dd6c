import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { type DeliveredMessage } from '@continuum/messaging';
import { GroupMembership, type PartitionRef } from './consumer-group.js';
import { EmbeddedBusContext } from './embedded-bus-context.js';
import { type MessageLog } from './message-log.js';
import { PartitionConsumer } from './partition-consumer.js';

export type EmbeddedBusStatus = 'connected' | 'disconnected';

/** What a server needs from the bus that created it. */
export type EmbeddedBusServerDependencies = {
  /** The connection for offsets, leases and heartbeats. */
  db: Database.Database;
  log: MessageLog;
  /** Registers a wake-up for publishes (`undefined`: to any topic); returns the unregister function. */
  onPublished(listener: (topics: ReadonlySet<string> | undefined) => void): () => void;
  group: string;
  pollIntervalMs: number;
  redeliveryDelayMs: number;
  heartbeatIntervalMs: number;
  sessionTimeoutMs: number;
};

const keyOf = (ref: PartitionRef) => `${ref.partition}@${ref.topic}`;

/**
 * The embedded bus as a Nest transport: `app.connectMicroservice({ strategy: bus.server({ group }) })`.
 * Every instance is one member of its consumer group; members (in this process or others on
 * the same file) share the partitions of the topics that have @EventPattern handlers. Each
 * owned partition is delivered in order, one message at a time, and the group's offset moves
 * only after the handler succeeded, so a failing or crashed handler sees its message again.
 */
export class EmbeddedBusServer extends Server<Record<string, never>, EmbeddedBusStatus> implements CustomTransportStrategy {
  // Handler failures must reach this transport (it redelivers), not only Nest's logger.
  override readonly propagatesEventHandlerErrors = true;

  readonly memberId = randomUUID();
  private readonly membership: GroupMembership;
  private readonly partitionCounts = new Map<string, number>();
  private readonly consumers = new Map<string, PartitionConsumer>();
  /** Partitions being handed over or dropped: their in-flight message finishes first. */
  private readonly stopping = new Map<string, Promise<void>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly dependencies: EmbeddedBusServerDependencies) {
    super();
    this.membership = new GroupMembership(dependencies.db, dependencies.group, this.memberId, dependencies.sessionTimeoutMs);
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      for (const topic of this.messageHandlers.keys()) this.partitionCounts.set(topic, this.dependencies.log.partitionsOf(topic));
      if (this.partitionCounts.size > 0) {
        this.stopListening = this.dependencies.onPublished((topics) => {
          for (const consumer of this.consumers.values()) if (!topics || topics.has(consumer.ref.topic)) consumer.notifyPublished();
        });
        this.rebalance();
        this.heartbeat = setInterval(() => this.rebalance(), this.dependencies.heartbeatIntervalMs);
      }
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Finishes each in-flight message, then gives the partitions back so that other members take over at once. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  /** The partitions this member consumes now. */
  assignedPartitions(): PartitionRef[] {
    return [...this.consumers.values()].map((consumer) => consumer.ref);
  }

  on(): never {
    throw new Error('the embedded bus server emits no events to listen to: subscribe to its `status` observable instead');
  }

  unwrap<T>(): T {
    return this.dependencies.db as T;
  }

  private async closeOnce(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stopListening?.();
    const running = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(running.map((consumer) => consumer.stop()));
    await Promise.all(this.stopping.values());
    if (this.partitionCounts.size > 0 && this.dependencies.db.open) {
      this.reportFailure('leaving the group', () => this.membership.leave());
    }
    this._status$.next('disconnected');
  }

  private rebalance(): void {
    if (this.closing) return;
    let assignment: ReturnType<GroupMembership['heartbeat']> | undefined;
    this.reportFailure('sending a heartbeat', () => (assignment = this.membership.heartbeat(this.partitionCounts)));
    if (!assignment) return;
    const keep = new Set(assignment.keep.map(keyOf));
    const release = new Set(assignment.release.map(keyOf));
    for (const [key, consumer] of this.consumers) {
      if (keep.has(key)) continue;
      this.consumers.delete(key);
      this.stopConsuming(key, consumer, release.has(key));
    }
    for (const ref of assignment.keep) {
      const key = keyOf(ref);
      if (!this.consumers.has(key) && !this.stopping.has(key)) this.startConsuming(key, ref);
    }
    for (const ref of assignment.release) {
      const key = keyOf(ref);
      if (!this.consumers.has(key) && !this.stopping.has(key))
        this.reportFailure('releasing a partition', () => this.membership.release(ref));
    }
  }

  private startConsuming(key: string, ref: PartitionRef): void {
    const { log, pollIntervalMs, redeliveryDelayMs } = this.dependencies;
    const consumer: PartitionConsumer = new PartitionConsumer(ref, this.membership.committedOffset(ref), {
      read: (fromOffset, limit) => log.read(ref.topic, ref.partition, fromOffset, limit),
      deliver: (message) => this.deliver(message),
      commit: (nextOffset) => this.membership.commit(ref, nextOffset),
      reportError: (what, error) =>
        this.logger.error(`embedded bus group ${this.dependencies.group}: failed ${what}: ${describeError(error)}`),
      onLost: () => {
        if (this.consumers.get(key) === consumer) this.consumers.delete(key);
      },
      pollIntervalMs,
      redeliveryDelayMs,
    });
    this.consumers.set(key, consumer);
    consumer.start();
  }

  private stopConsuming(key: string, consumer: PartitionConsumer, shouldRelease: boolean): void {
    const stopped = consumer
      .stop()
      .then(() => {
        if (shouldRelease && !this.closing) this.reportFailure('releasing a partition', () => this.membership.release(consumer.ref));
      })
      .finally(() => this.stopping.delete(key));
    this.stopping.set(key, stopped);
  }

  private async deliver(message: DeliveredMessage): Promise<void> {
    const handler = this.getHandlerByPattern(message.topic);
    if (!handler) throw new Error(`no @EventPattern('${message.topic}') handler is registered on this server; add one or stop subscribing`);
    const payload = parseValue(message.value);
    const context = new EmbeddedBusContext([
      { key: message.key, value: payload, headers: message.headers, offset: message.offset },
      message.partition,
      message.topic,
      this.dependencies.group,
    ]);
    await this.runHandler(handler, payload, context);
  }

  /** As Nest's own servers call a handler (interceptors, pipes and filters run), awaiting its stream. */
  private runHandler(handler: MessageHandler, payload: unknown, context: EmbeddedBusContext): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const started: unknown = this.onProcessingStartHook(this.transportId as symbol, context, async () => {
        const runEndHook = this.createProcessingEndHookRunner(context);
        try {
          await lastValueFrom(this.transformToObservable(await handler(payload, context)), { defaultValue: undefined });
          resolve();
        } catch (error) {
          reject(error);
        } finally {
          runEndHook();
        }
      });
      if (started instanceof Promise) started.catch(reject);
    });
  }

  private reportFailure(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.logger.error(`embedded bus group ${this.dependencies.group}: failed ${what}: ${describeError(error)}`);
    }
  }
}

function parseValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// Only the error's own words: never the message value, which may hold clinical content.
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
