import type Database from 'better-sqlite3';
import { type DeliveredMessage, type OutgoingMessage } from '@continuum/messaging';
import { partitionForKey } from './partitioner.js';
import { BOUND_LIMIT } from '@continuum/sqlite';

type MessageRow = { topic: string; partition: number; offset: number; key: string; value: string; headers: string };

/** The topics, partitions and messages of the embedded bus: an append-only log per partition. */
export class MessageLog {
  private readonly statements;
  private readonly partitionCounts = new Map<string, number>();

  constructor(
    private readonly db: Database.Database,
    private readonly defaultPartitions: number,
  ) {
    this.statements = {
      topicPartitions: db.prepare<[string], number>('SELECT partitions FROM topics WHERE topic = ?').pluck(),
      insertTopic: db.prepare('INSERT OR IGNORE INTO topics (topic, partitions) VALUES (?, ?)'),
      insertPartition: db.prepare('INSERT OR IGNORE INTO partitions (topic, partition, next_offset) VALUES (?, ?, 0)'),
      takeOffset: db
        .prepare<[string, number], number>(
          'UPDATE partitions SET next_offset = next_offset + 1 WHERE topic = ? AND partition = ? RETURNING next_offset - 1',
        )
        .pluck(),
      insertMessage: db.prepare(
        'INSERT INTO messages (topic, partition, offset, key, value, headers, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      readPartition: db.prepare<[string, number, number, number], MessageRow>(
        `SELECT topic, partition, offset, key, value, headers FROM messages WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset ${BOUND_LIMIT}`,
      ),
      readTopic: db.prepare<[string, number], MessageRow>(
        `SELECT topic, partition, offset, key, value, headers FROM messages WHERE topic = ? ORDER BY sequence ${BOUND_LIMIT}`,
      ),
      lag: db
        .prepare<[string, string], number>(
          `SELECT COALESCE(SUM(p.next_offset - COALESCE(c.next_offset, 0)), 0) FROM partitions p
           LEFT JOIN committed_offsets c ON c.group_id = ? AND c.topic = p.topic AND c.partition = p.partition
           WHERE p.topic = ?`,
        )
        .pluck(),
    };
  }

  /** The partition count of a topic, creating the topic with the default count on first use. */
  partitionsOf(topic: string): number {
    const known = this.partitionCounts.get(topic) ?? this.statements.topicPartitions.get(topic);
    if (known !== undefined) {
      this.partitionCounts.set(topic, known);
      return known;
    }
    this.db.transaction(() => this.createTopic(topic)).immediate();
    return this.partitionsOf(topic);
  }

  /** Appends every message in one transaction: all are durable when this returns, or none. */
  append(messages: readonly OutgoingMessage[]): DeliveredMessage[] {
    messages.forEach(assertPublishable);
    const publishedAt = Date.now();
    return this.db
      .transaction(() =>
        messages.map((message) => {
          const partitions = this.statements.topicPartitions.get(message.topic) ?? this.createTopic(message.topic);
          const partition = partitionForKey(message.key, partitions);
          const offset = this.statements.takeOffset.get(message.topic, partition) as number;
          this.statements.insertMessage.run(
            message.topic,
            partition,
            offset,
            message.key,
            message.value,
            JSON.stringify(message.headers ?? {}),
            publishedAt,
          );
          return { ...message, headers: { ...message.headers }, partition, offset: String(offset) };
        }),
      )
      .immediate();
  }

  /** Up to `limit` messages of one partition from `fromOffset` on, in offset order. */
  read(topic: string, partition: number, fromOffset: number, limit: number): DeliveredMessage[] {
    return this.statements.readPartition.all(topic, partition, fromOffset, limit).map(toDelivered);
  }

  /** The oldest `limit` messages of a topic, across partitions, in publication order. */
  readTopic(topic: string, limit: number): DeliveredMessage[] {
    return this.statements.readTopic.all(topic, limit).map(toDelivered);
  }

  /** Messages of a topic that `group` has not committed yet, over all partitions. */
  lag(group: string, topic: string): number {
    return this.statements.lag.get(group, topic) ?? 0;
  }

  private createTopic(topic: string): number {
    this.statements.insertTopic.run(topic, this.defaultPartitions);
    const partitions = this.statements.topicPartitions.get(topic) as number;
    for (let partition = 0; partition < partitions; partition++) this.statements.insertPartition.run(topic, partition);
    return partitions;
  }
}

function toDelivered(row: MessageRow): DeliveredMessage {
  return {
    topic: row.topic,
    partition: row.partition,
    offset: String(row.offset),
    key: row.key,
    value: row.value,
    headers: JSON.parse(row.headers) as Record<string, string>,
  };
}

function assertPublishable(message: OutgoingMessage): void {
  if (typeof message.topic !== 'string' || message.topic.length === 0) {
    throw new TypeError('every message needs a topic: pass the topic name from TOPICS in @continuum/contracts');
  }
  if (typeof message.key !== 'string') {
    throw new TypeError(
      `a message to ${message.topic} has no string key: key it by the client id so that one client's events stay in order`,
    );
  }
  if (typeof message.value !== 'string') {
    throw new TypeError(
      `a message to ${message.topic} has a value that is not a string: serialize the integration event with JSON.stringify`,
    );
  }
  const headers = message.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new TypeError(`header ${name} of a message to ${message.topic} is not a string: header values are ids and codes as text`);
    }
  }
}
