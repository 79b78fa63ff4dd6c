import { type ConsumerDeserializer, type IncomingEvent } from '@nestjs/microservices';

type ParsedKafkaMessage = { value: unknown };

/**
 * Hands an @EventPattern handler the JSON-parsed message value, as the embedded bus does, so a
 * handler is the same code on both transports.
 *
 * Nest's KafkaParser has already decoded the value, but it parses only text starting with `{`
 * or `[`, and leaves a value whose first byte is 0 as a Buffer (the schema registry's framing);
 * this parses any other JSON too, and reads a Buffer as text. A value that is not JSON at all reaches the handler
 * as its text rather than throwing here: a throw here would redeliver the message forever and
 * stall its partition, while the handler's reliability layer can dead-letter it.
 */
export class JsonValueDeserializer implements ConsumerDeserializer {
  deserialize(message: ParsedKafkaMessage, options?: { channel?: string }): IncomingEvent {
    return { pattern: options?.channel, data: parseIfJson(message?.value) };
  }
}

function parseIfJson(raw: unknown): unknown {
  const value = raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : raw;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
