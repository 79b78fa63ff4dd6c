import { HEADERS } from './bus.js';

// Both transports hand a handler a context with getTopic(), getPartition() and getMessage()
// (Nest's KafkaContext, our EmbeddedBusContext). Kafka's message may still carry Buffers for
// the key, the headers and the value, or a value Nest already parsed; this reads either into
// plain strings, so the reliability layer has one shape to work with.

export type MessageContext = {
  getTopic(): string;
  getPartition(): number;
  getMessage(): { key?: unknown; value?: unknown; headers?: Record<string, unknown> | undefined; offset: string };
};

export type IncomingMessage = {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  /** The serialized value, as a dead letter republishes it. */
  value: string;
  headers: Record<string, string>;
  /** The payload's eventId, else the event id header; undefined if neither is there. */
  eventId: string | undefined;
};

export function isMessageContext(context: unknown): context is MessageContext {
  const candidate = context as Partial<MessageContext> | undefined;
  return (
    typeof candidate?.getTopic === 'function' && typeof candidate.getPartition === 'function' && typeof candidate.getMessage === 'function'
  );
}

export function readIncomingMessage(context: MessageContext, payload: unknown): IncomingMessage {
  const message = context.getMessage();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = asText(Array.isArray(value) ? value[0] : value);
    if (text !== undefined) headers[name] = text;
  }
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: String(message.offset),
    key: asText(message.key) ?? '',
    value: asText(message.value) ?? JSON.stringify(payload ?? null),
    headers,
    eventId: eventIdOf(payload, headers[HEADERS.eventId]),
  };
}

/** One header of the message as text (the first, if repeated), without reading the rest of it. */
export function headerOf(context: MessageContext, name: string): string | undefined {
  const value = context.getMessage().headers?.[name];
  return asText(Array.isArray(value) ? value[0] : value);
}

/** The payload's eventId, else the event id header's. */
export function eventIdOf(payload: unknown, eventIdHeader: string | undefined): string | undefined {
  const payloadEventId = (payload as { eventId?: unknown } | null | undefined)?.eventId;
  return typeof payloadEventId === 'string' && payloadEventId.length > 0 ? payloadEventId : eventIdHeader;
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return JSON.stringify(value);
}
