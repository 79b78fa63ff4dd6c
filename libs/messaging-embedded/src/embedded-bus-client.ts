import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { type Observable } from 'rxjs';
import { type MessagePublisher } from '@continuum/messaging';

/** What `client.emit(topic, event)` takes: the same fields as an OutgoingMessage, the value serialized here if it is not text. */
export type EmbeddedBusEvent = {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
};

const REQUEST_RESPONSE_NOT_SUPPORTED =
  'request/response is not supported on the embedded bus: integration events are fire-and-forget; use emit(topic, { key, value, headers })';

/**
 * The embedded bus as a Nest ClientProxy: `emit(topic, { key, value, headers })` appends to
 * the log and completes once the message is durable. Services normally publish through the
 * relay instead; this is for tools and tests that speak Nest's client API.
 */
export class EmbeddedBusClient extends ClientProxy {
  constructor(private readonly publisher: MessagePublisher) {
    super();
  }

  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  unwrap<T>(): T {
    return this.publisher as T;
  }

  override send<TResult = unknown, TInput = unknown>(_pattern: unknown, _data: TInput): Observable<TResult> {
    throw new Error(REQUEST_RESPONSE_NOT_SUPPORTED);
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error(REQUEST_RESPONSE_NOT_SUPPORTED), isDisposed: true });
    return () => undefined;
  }

  protected async dispatchEvent<T = void>(packet: ReadPacket<EmbeddedBusEvent>): Promise<T> {
    const topic = this.normalizePattern(packet.pattern);
    const event = packet.data;
    if (typeof event !== 'object' || event === null || typeof event.key !== 'string' || event.value === undefined) {
      throw new TypeError(
        `emit('${topic}', …) needs { key, value, headers }: key the event by the client id so that one client's events stay in order`,
      );
    }
    await this.publisher.publish([
      {
        topic,
        key: event.key,
        value: typeof event.value === 'string' ? event.value : JSON.stringify(event.value),
        headers: event.headers ?? {},
      },
    ]);
    return undefined as T;
  }
}
