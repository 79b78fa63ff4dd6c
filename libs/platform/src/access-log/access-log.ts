// The access log as a Nest provider: every service gets it from the platform module, and the
// access-log interceptor feeds it. Records go to the service's own event store, in streams
// the audit service reads like any other (docs/domain/compliance.md#the-access-log: every read
// of an auditor, and of everyone else, is part of the history an auditor replays).
import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown } from '@nestjs/common';
import { type EventStore } from '@continuum/event-store';
import { JsonLogger } from '../logging/json-logger.js';
import { AccessLogBuffer } from './access-log-buffer.js';
import { type AccessRecord, type AccessRefusal, accessEvent, accessLogStream, refusalEvent } from './access-record.js';

export type AccessLogSettings = {
  service: string;
  isEnabled: boolean;
  /** The most records in one append (access-log-buffer.ts). */
  maxRecords: number;
};

export class AccessLog implements BeforeApplicationShutdown {
  /** Names this process's streams: a fresh id per start, so two processes of one service never write the same stream. */
  readonly processId = randomUUID();
  private readonly buffer: AccessLogBuffer | undefined;

  constructor(
    readonly settings: AccessLogSettings,
    store: EventStore | undefined,
    private readonly logger: JsonLogger,
  ) {
    if (!settings.isEnabled) {
      logger.warn(
        { message: 'the access log is switched off (ACCESS_LOG_ENABLED=false): reads of client records are not recorded' },
        'access-log',
      );
      return;
    }
    if (!store) {
      logger.warn(
        { message: 'this service has no event store (EventStoreModule): reads of client records are not recorded' },
        'access-log',
      );
      return;
    }
    this.buffer = new AccessLogBuffer({
      maxRecords: settings.maxRecords,
      streamFor: (sealedAt) => accessLogStream(settings.service, sealedAt, this.processId),
      append: (stream, events) => store.appendToStream(stream, events, { expectedRevision: 'any' }),
      // The error's message only: a store error never carries a record's payload, but ids and counts are all an operator needs.
      onAppendFailed: ({ stream, records, error }) =>
        logger.error(
          {
            message: 'access log append failed; the reads it held are answered with an error, not with the record',
            stream,
            records,
            error: (error as Error)?.message,
          },
          undefined,
          'access-log',
        ),
    });
  }

  get isRecording(): boolean {
    return this.buffer !== undefined;
  }

  /** Records not yet in the event store. */
  get pending(): number {
    return this.buffer?.pending ?? 0;
  }

  /** Resolves once the record is in the event store; rejects when the store refused it. */
  record(record: AccessRecord): Promise<void> {
    return this.buffer?.record(accessEvent(record)) ?? Promise.resolve();
  }

  /**
   * One page of a list: a record per listed client, all in one append (never split), resolved
   * once they are all in the event store; rejects when the store refused them. An empty page
   * records nothing.
   */
  recordList(records: readonly AccessRecord[]): Promise<void> {
    return this.buffer?.recordAll(records.map((record) => accessEvent(record))) ?? Promise.resolve();
  }

  /** Resolves once the refusal's security event is in the event store; rejects when the store refused it. */
  recordRefusal(refusal: AccessRefusal): Promise<void> {
    return this.buffer?.record(refusalEvent(refusal)) ?? Promise.resolve();
  }

  /** Writes what waits now (tests, and a clean stop); never rejects. */
  flush(): Promise<void> {
    return this.buffer?.flush() ?? Promise.resolve();
  }

  // Before, not on, application shutdown: the event store closes in its onApplicationShutdown,
  // and every beforeApplicationShutdown hook runs before any onApplicationShutdown hook.
  async beforeApplicationShutdown(): Promise<void> {
    await this.buffer?.close();
  }
}
