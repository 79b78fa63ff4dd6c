import { type BusAdmin, type MessagePublisher } from './bus.js';
import { EmbeddedBus } from './embedded/embedded-bus.js';
import { kafkaTransport } from './kafka/kafka-transport.js';
import { type BusSettings } from './messaging-config.js';

/**
 * One bus, whichever transport the environment chose: what a service, the dead-letter tool,
 * the benchmark and the contract suite need from it. Opened once per process.
 */
export type BusTransport = {
  readonly kind: BusSettings['kind'];
  readonly publisher: MessagePublisher;
  readonly admin: BusAdmin;
  /** For `app.connectMicroservice(...)`: its @EventPattern handlers consume as `group`. */
  consumerOptions(group: string): object;
  /** Creates missing topics and their dead-letter topics (Kafka); nothing to do on the embedded bus. */
  ensureTopics(topics: string[]): Promise<void>;
  close(): Promise<void>;
};

export async function openBusTransport(settings: BusSettings, clientId: string): Promise<BusTransport> {
  if (settings.kind === 'embedded') {
    const bus = await EmbeddedBus.open({ path: settings.path });
    const publisher = bus.publisher();
    const admin = bus.admin();
    return {
      kind: 'embedded',
      publisher,
      admin,
      consumerOptions: (group) => ({ strategy: bus.server({ group }) }),
      ensureTopics: async () => undefined,
      close: async () => {
        await publisher.close();
        await admin.close();
        await bus.close();
      },
    };
  }
  const kafka = (group: string) => kafkaTransport({ brokers: settings.brokers, clientId, group });
  const shared = kafka(`${clientId}-publisher`);
  const publisher = shared.publisher();
  const admin = shared.admin();
  return {
    kind: 'kafka',
    publisher,
    admin,
    consumerOptions: (group) => kafka(group).microserviceOptions,
    ensureTopics: (topics) => shared.ensureTopics(topics),
    close: async () => {
      await publisher.close();
      await admin.close();
    },
  };
}
