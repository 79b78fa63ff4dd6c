import { BaseRpcContext } from '@nestjs/microservices';

/** The message as a handler sees it: the value JSON-parsed (the raw text if it is not JSON). */
export type EmbeddedBusMessage = {
  key: string;
  value: unknown;
  headers: Record<string, string>;
  /** Kafka's notation: a decimal string. */
  offset: string;
};

type EmbeddedBusContextArgs = [message: EmbeddedBusMessage, partition: number, topic: string, group: string];

/**
 * What an @EventPattern handler learns about the message it handles on the embedded bus.
 * Shaped like Nest's KafkaContext, so that a consumer (and the reliability interceptor)
 * reads topic, partition, offset and headers the same way on both transports.
 */
export class EmbeddedBusContext extends BaseRpcContext<EmbeddedBusContextArgs> {
  getMessage(): EmbeddedBusMessage {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  getTopic(): string {
    return this.args[2];
  }

  getConsumerGroup(): string {
    return this.args[3];
  }
}
