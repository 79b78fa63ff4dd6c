import { type CallHandler, type ExecutionContext, type LoggerService, type NestInterceptor } from '@nestjs/common';
import { type Observable, from, lastValueFrom } from 'rxjs';
import { backoffDelay, sleep } from './backoff.js';
import { HEADERS, type MessagePublisher, deadLetterTopic } from './bus.js';
import { type Inbox } from './inbox.js';
import { type IncomingMessage, isMessageContext, readIncomingMessage } from './incoming-message.js';
import { errorText } from './relay.js';

// What every consumer needs and no handler should write: skip what was already handled,
// retry what failed, and park what keeps failing so the partition behind it moves on
// (docs/architecture/messaging.md#retries-and-dead-letters). The transports commit an offset once the handler's
// observable completes, so completing normally after a dead letter is what moves on.

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
  logger?: LoggerService;
};

export class ReliableDeliveryInterceptor implements NestInterceptor {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;

  constructor(private readonly options: ReliableDeliveryOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 200;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transportContext: unknown = context.switchToRpc().getContext();
    if (context.getType() !== 'rpc' || !isMessageContext(transportContext)) return next.handle();
    const message = readIncomingMessage(transportContext, context.switchToRpc().getData());
    return from(this.deliver(message, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async deliver(message: IncomingMessage, handle: () => Promise<unknown>): Promise<unknown> {
    const { group, inbox } = this.options;
    if (message.eventId === undefined) {
      // Without an id the inbox cannot tell a redelivery from a new event.
      await this.deadLetter(
        message,
        'the message has no event id (payload eventId or header continuum-event-id); publish integration events through the relay',
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
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        const result = await handle();
        await inbox.record(group, message.eventId);
        return result;
      } catch (error) {
        lastError = error;
        if (attempt === this.maxAttempts) break;
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
    await this.deadLetter(message, errorText(lastError), this.maxAttempts);
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
        message: `parked on ${topic} after ${attempts} attempts; list it with \`npm run dlq -- list ${message.topic}\``,
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
