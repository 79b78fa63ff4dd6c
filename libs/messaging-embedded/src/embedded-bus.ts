import { type FSWatcher, watch } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import {
  type BusAdmin,
  type DeliveredMessage,
  type MessagePublisher,
  type OutgoingMessage,
  WalSync,
  deadLetterTopic,
} from '@continuum/messaging';
import { openBusDatabase } from './bus-database.js';
import { type Lease, leasesOf } from './consumer-group.js';
import { EmbeddedBusClient } from './embedded-bus-client.js';
import { EmbeddedBusServer } from './embedded-bus-server.js';
import { MessageLog } from './message-log.js';

export type EmbeddedBusOptions = {
  /** The log file (folders are created); every process of the machine opens the same one. */
  path: string;
  /** Partitions of a topic created by this process. Default 4. A topic keeps the count it was created with. */
  partitions?: number;
  /**
   * How often consumers look for messages published by other processes, at the latest: they
   * look at once when the file changes (see watchOtherProcesses()). Default 25 ms.
   */
  pollIntervalMs?: number;
  /** Pause before a failed message is delivered again. Default 100 ms. */
  redeliveryDelayMs?: number;
  /** How often a group member renews its partitions and rebalances. Default 500 ms. */
  heartbeatIntervalMs?: number;
  /** A member silent for this long is presumed dead and loses its partitions. Default 3 × heartbeat. */
  sessionTimeoutMs?: number;
  /** How long a write waits for another process's lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
};

export type EmbeddedBusServerOptions = {
  group: string;
  /** Overrides the bus's redelivery pause for this server. */
  redeliveryDelayMs?: number;
};

/** `undefined`: some topic, perhaps any (another process wrote to the file). */
type PublishListener = (topics: ReadonlySet<string> | undefined) => void;

// Buses on the same file in one process (a relay and a consumer opened by different
// modules) wake each other at once; other processes find new messages by polling.
const publishListenersByFile = new Map<string, Set<PublishListener>>();

/**
 * The embedded event bus: a durable log of topics, partitions and consumer groups in one
 * SQLite file, behind the same ports (MessagePublisher, BusAdmin) and the same Nest
 * transport shape as Kafka, so that services run unchanged on one machine without a broker.
 */
export class EmbeddedBus {
  private readonly log: MessageLog;
  private readonly servers = new Set<EmbeddedBusServer>();
  private readonly fileKey: string;
  private readonly listeners: Set<PublishListener>;
  private readonly pollIntervalMs: number;
  private readonly redeliveryDelayMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly sessionTimeoutMs: number;
  /** Makes each publish durable before it resolves (undefined in memory). */
  private readonly walSync: WalSync | undefined;
  private closing: Promise<void> | undefined;
  private walWatcher: FSWatcher | undefined;
  private isWakeScheduled = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    options: EmbeddedBusOptions,
  ) {
    const partitions = options.partitions ?? 4;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new RangeError(`partitions must be a positive whole number, got ${partitions}`);
    }
    this.log = new MessageLog(db, partitions);
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 500;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 3 * this.heartbeatIntervalMs;
    if (this.sessionTimeoutMs <= this.heartbeatIntervalMs) {
      throw new RangeError(
        `sessionTimeoutMs (${this.sessionTimeoutMs}) must exceed heartbeatIntervalMs (${this.heartbeatIntervalMs}), or live members would lose their partitions; use about 3 × heartbeat`,
      );
    }
    this.fileKey = path === ':memory:' ? `:memory:${Math.random()}` : resolve(path);
    this.walSync = path === ':memory:' ? undefined : new WalSync(resolve(path));
    this.listeners = publishListenersByFile.get(this.fileKey) ?? new Set();
    publishListenersByFile.set(this.fileKey, this.listeners);
  }

  /** Opens (creating if needed) the log file. Synchronous; `await EmbeddedBus.open(...)` works as well. */
  static open(options: EmbeddedBusOptions): EmbeddedBus {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const db = openBusDatabase(options.path, busyTimeoutMs);
    try {
      return new EmbeddedBus(db, options.path, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Appends messages in one transaction; the promise resolves once they are synced to disk (the
   * sync runs off the event loop: see wal-sync.ts).
   */
  publisher(): MessagePublisher {
    return {
      publish: async (messages: OutgoingMessage[]) => {
        this.assertOpen();
        if (messages.length === 0) return;
        this.log.append(messages);
        await this.walSync?.sync();
        const topics = new Set(messages.map((message) => message.topic));
        for (const listener of this.listeners) listener(topics);
      },
      // The bus owns the file: close the bus, not its publishers.
      close: async () => undefined,
    };
  }

  admin(): BusAdmin {
    return {
      consumerLag: async (group: string, topics: string[]) => {
        this.assertOpen();
        return topics.reduce((total, topic) => total + this.log.lag(group, topic), 0);
      },
      readDeadLetters: async (topic: string, options: { limit?: number } = {}): Promise<DeliveredMessage[]> => {
        this.assertOpen();
        return this.log.readTopic(deadLetterTopic(topic), options.limit ?? 100);
      },
      close: async () => undefined,
    };
  }

  /** A Nest transport strategy: one member of `group`, consuming the topics of its @EventPattern handlers. */
  server(options: EmbeddedBusServerOptions): EmbeddedBusServer {
    this.assertOpen();
    if (typeof options?.group !== 'string' || options.group.length === 0) {
      throw new TypeError('an embedded bus server needs a consumer group: pass { group: "<service>-<purpose>" }');
    }
    this.watchOtherProcesses();
    const server = new EmbeddedBusServer({
      db: this.db,
      log: this.log,
      onPublished: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      group: options.group,
      pollIntervalMs: this.pollIntervalMs,
      redeliveryDelayMs: options.redeliveryDelayMs ?? this.redeliveryDelayMs,
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      sessionTimeoutMs: this.sessionTimeoutMs,
    });
    this.servers.add(server);
    return server;
  }

  /** A Nest ClientProxy whose emit(topic, { key, value, headers }) appends to the log. */
  client(): EmbeddedBusClient {
    return new EmbeddedBusClient(this.publisher());
  }

  /** Who consumes which partition of `group` now (unexpired leases), for operators and tests. */
  assignments(group: string): Lease[] {
    this.assertOpen();
    return leasesOf(this.db, group);
  }

  /** Closes the servers it created (each finishes its in-flight messages and leaves its group), then the file. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  /**
   * Publishes of other processes reach this one's consumers as soon as the file changes, not at
   * their next poll: a watch (inotify) on the WAL file, which every commit writes, wakes them
   * once per turn of the event loop. A wake-up that finds nothing costs each waiting partition
   * one indexed read. Where the file cannot be watched, polling alone goes on.
   */
  private watchOtherProcesses(): void {
    if (this.walWatcher || this.path === ':memory:') return;
    try {
      this.walWatcher = watch(`${resolve(this.path)}-wal`, { persistent: false }, () => this.wakeConsumers());
      this.walWatcher.on('error', () => this.walWatcher?.close());
    } catch {
      // No watch here (e.g. no WAL file yet, a file system without notifications): polling.
    }
  }

  private wakeConsumers(): void {
    if (this.isWakeScheduled) return;
    this.isWakeScheduled = true;
    setImmediate(() => {
      this.isWakeScheduled = false;
      for (const listener of this.listeners) listener(undefined);
    });
  }

  private async closeOnce(): Promise<void> {
    this.walWatcher?.close();
    await Promise.all([...this.servers].map((server) => server.close()));
    await this.walSync?.close();
    this.db.close();
    if (this.listeners.size === 0) publishListenersByFile.delete(this.fileKey);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`the embedded bus ${this.path} is closed; open a new EmbeddedBus to use it again`);
  }
}
