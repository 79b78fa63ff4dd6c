import { chooseAdapter } from '@continuum/event-store';
import { type BusAdmin, type MessagePublisher } from './bus.js';
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
  /** What the bus is, naming the variable that chose it, e.g. `Kafka brokers 127.0.0.1:9092 (KAFKA_BROKERS)`. */
  readonly description: string;
  /** Resolves if the bus answers now; rejects within a couple of seconds if not (it never retries for long). */
  probe(): Promise<void>;
  close(): Promise<void>;
};

type SettingsOf<Kind extends BusSettings['kind']> = Extract<BusSettings, { kind: Kind }>;

/**
 * One way to open the bus, exported by its adapter project (messaging-embedded,
 * messaging-kafka): a program names those it is built with, so it carries only their
 * dependencies, and this port never imports them (docs/adr/0003-adapter-projects.md).
 */
export type BusTransportAdapter = {
  [Kind in BusSettings['kind']]: { readonly kind: Kind; open(settings: SettingsOf<Kind>, clientId: string): Promise<BusTransport> };
}[BusSettings['kind']];

const TRANSPORT_NAMES: Record<BusSettings['kind'], string> = { embedded: 'the embedded bus', kafka: 'Kafka' };

/** Opens the bus BUS / KAFKA_BROKERS / BUS_URL chose with the one of `adapters` it needs. */
export async function openBusTransport(
  settings: BusSettings,
  clientId: string,
  adapters: readonly BusTransportAdapter[],
): Promise<BusTransport> {
  const adapter = chooseAdapter(adapters, 'kind', settings.kind, TRANSPORT_NAMES, (name) => `BUS names ${name}`);
  return (adapter.open as (settings: BusSettings, clientId: string) => Promise<BusTransport>)(settings, clientId);
}
