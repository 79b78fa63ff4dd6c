import { type CallHandler, type ExecutionContext, type LoggerService, type NestInterceptor } from '@nestjs/common';
import { type Observable, from, lastValueFrom } from 'rxjs';
import { backoffDelay, sleep } from './backoff.js';
import { HEADERS, type MessagePublisher, deadLetterTopic } from './bus.js';
import { type Inbox } from './inbox.js';
import { type IncomingMessage, isMessageContext, readIncomingMessage } from './incoming-message.js';
import { type MessageCheck, integrationEventCheck } from './message-check.js';
import { isPermanentFailure } from './permanent-failure.js';
import { errorText } from './relay.js';

// What every consumer needs and no handler should write: check the envelope and the contract
// before any handler's type filter, skip what was already handled, retry what failed for a
// passing reason, and park what can never succeed or keeps failing, so the partition behind
// it moves on (docs/architecture/messaging.md#retries-and-dead-letters). The transports commit an offset once the
// handler's observable completes, so completing normally after a dead letter is what moves on.

export type ReliableDeliveryOptions = {
  /** The consumer group: the inbox is per group, and dead letters say which group gave up. */
  group: string;
  inbox: Inbox;
  /** Where dead letters go (the same bus). */
  publisher: MessagePublisher;
  /** Handler runs before a message is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Delay after the first failure, doubling each time. Default 200 ms. */
  retryBaseMs?: number;
  /** Judges each message before the handler sees it. Default: the integration event contracts. */
  check?: MessageCheck;
  logger?: LoggerService;
};

export class ReliableDeliveryInterceptor implements NestInterceptor {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly check: MessageCheck;
  private readonly unknownTypes = new Map<string, number>();

  constructor(private readonly options: ReliableDeliveryOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 200;
    this.check = options.check ?? integrationEventCheck;
  }

  /** Messages skipped because no contract names their type, by `<topic> <type>`, since the start. */
  skippedUnknownTypes(): Record<string, number> {
    return Object.fromEntries(this.unknownTypes);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transportContext: unknown = context.switchToRpc().getContext();
    if (context.getType() !== 'rpc' || !isMessageContext(transportContext)) return next.handle();
    const payload: unknown = context.switchToRpc().getData();
    const message = readIncomingMessage(transportContext, payload);
    return from(this.deliver(message, payload, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async deliver(message: IncomingMessage, payload: unknown, handle: () => Promise<unknown>): Promise<unknown> {
    const { group, inbox } = this.options;
    if (message.eventId === undefined) {
      // Without an id the inbox cannot tell a redelivery from a new event.
      await this.deadLetter(
        message,
        'envelope: the message has no event id (payload eventId or header continuum-event-id); publish integration events through the relay',
        0,
      );
      return undefined;
    }
    if (await inbox.has(group, message.eventId)) {
      this.options.logger?.debug?.(
        { message: 'already handled; skipped', group, topic: message.topic, eventId: message.eventId },
        'ReliableDelivery',
      );
      return undefined;
    }
    const judged = this.check(payload, message.topic);
    if (judged.verdict === 'refuse') {
      await this.deadLetter(message, judged.reason, 0);
      return undefined;
    }
    if (judged.verdict === 'unknown-type') {
      const counter = `${message.topic} ${judged.type}`;
      const skipped = (this.unknownTypes.get(counter) ?? 0) + 1;
      this.unknownTypes.set(counter, skipped);
      this.options.logger?.log(
        {
          message: 'no contract names this event type; skipped (a newer producer? add its contract to libs/contracts to read it)',
          group,
          topic: message.topic,
          eventId: message.eventId,
          type: judged.type,
          source: judged.source,
          skippedOfThisType: skipped,
        },
        'ReliableDelivery',
      );
      return undefined;
    }
    let lastError: unknown;
    let attempts = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      attempts = attempt;
      try {
        const result = await handle();
        await inbox.record(group, message.eventId);
        return result;
      } catch (error) {
        lastError = error;
        // A refusal that no retry can change goes to the dead letters at once.
        if (attempt === this.maxAttempts || isPermanentFailure(error)) break;
        const delayMs = backoffDelay(attempt, this.retryBaseMs);
        this.options.logger?.warn(
          {
            message: 'handler failed; retrying',
            group,
            topic: message.topic,
            eventId: message.eventId,
            attempt,
            retryInMs: delayMs,
            error: errorText(error),
          },
          'ReliableDelivery',
        );
        await sleep(delayMs);
      }
    }
    await this.deadLetter(message, errorText(lastError), attempts);
    return undefined;
  }

  private async deadLetter(message: IncomingMessage, error: string, attempts: number): Promise<void> {
    const topic = deadLetterTopic(message.topic);
    // If this publish fails the error reaches the transport, which redelivers the message:
    // better handled twice (the inbox absorbs it) than silently dropped.
    await this.options.publisher.publish([
      {
        topic,
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.error]: error,
          [HEADERS.attempts]: String(attempts),
          [HEADERS.originalTopic]: message.topic,
          [HEADERS.originalPartition]: String(message.partition),
          [HEADERS.originalOffset]: message.offset,
          [HEADERS.consumerGroup]: this.options.group,
        },
      },
    ]);
    this.options.logger?.error(
      {
        message: `parked on ${topic} after ${attempts} attempt(s); list it with \`npm run dlq -- list ${message.topic}\``,
        group: this.options.group,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        eventId: message.eventId,
        error,
      },
      'ReliableDelivery',
    );
  }
}
