import {
  type DynamicModule,
  type INestApplication,
  type INestMicroservice,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { NestMicroservice } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { JsonLogger, ReadinessRegistry, SERVICE_ENV } from '@continuum/platform';
import { BUS_ADMIN, MESSAGE_PUBLISHER } from './bus.js';
import { type BusTransport, type BusTransportAdapter, openBusTransport } from './bus-transport.js';
import { SqliteCheckpointStore } from './checkpoint-store.js';
import { SqliteInbox } from './inbox.js';
import { type BusSettings, busSettingsFrom } from './messaging-config.js';
import { Relay, type RelayMapping } from './relay.js';
import { ReliableDeliveryInterceptor } from './reliable-delivery.interceptor.js';

// Everything a service needs to talk to the others, chosen by BUS / KAFKA_BROKERS / BUS_URL:
// the publisher and admin of the bus, the relay of its own events (started with the app,
// stopped before the bus closes), the inbox of its consumer group, and the readiness checks.
// main.ts then calls connectBus(app) to start consuming.

export type MessagingModuleOptions = {
  /** Names the service: Kafka client id, relay checkpoint, default group and data folder. */
  service: string;
  /** The consumer group of this service's @EventPattern handlers. Defaults to `service`. */
  group?: string;
  /** Publish this service's own events. Needs the event store (EventStoreModule). */
  relay?: {
    streamPrefixes: string[];
    map: RelayMapping;
    topic: string;
    batchSize?: number;
  };
  /** Where the inbox and the relay checkpoint live. Default `<DATA_DIR>/<service>`. */
  dataDir?: string;
  /** Defaults to the environment the service was started with (createServiceApp's env), else process.env. */
  env?: Record<string, string | undefined>;
  /** The transports this service is built with; BUS / KAFKA_BROKERS / BUS_URL choose one of them. */
  transports: readonly BusTransportAdapter[];
};

export const MESSAGING_OPTIONS = Symbol.for('continuum.MessagingOptions');
export const BUS_SETTINGS = Symbol.for('continuum.BusSettings');
export const BUS_TRANSPORT = Symbol.for('continuum.BusTransport');

/** The running messaging of one service: its relay, inbox and interceptor. */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  readonly group: string;
  readonly relay: Relay | undefined;
  readonly interceptor: ReliableDeliveryInterceptor;
  private readonly inbox: SqliteInbox;
  private readonly checkpoints: SqliteCheckpointStore | undefined;
  private subscribed: string[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) readonly options: MessagingModuleOptions,
    @Inject(BUS_SETTINGS) readonly settings: BusSettings,
    @Inject(BUS_TRANSPORT) readonly transport: BusTransport,
    readiness: ReadinessRegistry,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Optional() @Inject(EVENT_STORE) store?: EventStore,
    @Optional() logger?: JsonLogger,
  ) {
    const dataDir = options.dataDir ?? `${settings.dataDir}/${options.service}`;
    this.group = options.group ?? options.service;
    this.inbox = SqliteInbox.open(`${dataDir}/inbox.db`);
    this.interceptor = new ReliableDeliveryInterceptor({
      group: this.group,
      inbox: this.inbox,
      publisher: transport.publisher,
      maxAttempts: settings.maxAttempts,
      retryBaseMs: settings.retryBaseMs,
      logger,
    });
    if (options.relay) {
      if (!store)
        throw new Error(
          `MessagingModule.forRoot({ service: '${options.service}', relay }) needs the event store: import EventStoreModule in the service module`,
        );
      this.checkpoints = SqliteCheckpointStore.open(`${dataDir}/relay-checkpoints.db`);
      this.relay = new Relay({
        name: options.service,
        store,
        ...options.relay,
        publisher: transport.publisher,
        checkpoints: this.checkpoints,
        retryBaseMs: settings.retryBaseMs,
        logger,
      });
      readiness.register('relay', async () => {
        const relay = this.relay as Relay;
        const details = { topic: options.relay?.topic, position: relay.position() ?? 0, eventsBehind: await relay.behind() };
        return { status: relay.isRunning() ? 'up' : 'down', details };
      });
    }
    readiness.register('consumer-lag', async () => ({
      status: 'up',
      details: {
        group: this.group,
        topics: this.subscribed,
        lag: this.subscribed.length === 0 ? 0 : await transport.admin.consumerLag(this.group, this.subscribed),
      },
    }));
  }

  /** The topics of this app's @EventPattern handlers. */
  eventTopics(): string[] {
    const topics = new Set<string>();
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = wrapper.instance ? Object.getPrototypeOf(wrapper.instance) : undefined;
      if (!prototype) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, prototype[name]);
        if (Array.isArray(patterns)) for (const pattern of patterns) if (typeof pattern === 'string') topics.add(pattern);
      }
    }
    return [...topics];
  }

  subscribedTo(topics: string[]): void {
    this.subscribed = topics;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.relay && this.options.relay) {
      await this.transport.ensureTopics([this.options.relay.topic]);
      await this.relay.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }

  /** After the consumers were closed (Nest disposes microservices before shutdown hooks). */
  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.inbox.close();
    await this.checkpoints?.close();
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        // Validated when the module is built: a bad BUS or KAFKA_BROKERS stops the boot.
        {
          provide: BUS_SETTINGS,
          inject: [{ token: SERVICE_ENV, optional: true }],
          useFactory: (serviceEnv?: Record<string, string | undefined>) => busSettingsFrom(options.env ?? serviceEnv ?? process.env),
        },
        {
          provide: BUS_TRANSPORT,
          inject: [BUS_SETTINGS],
          useFactory: (settings: BusSettings) => openBusTransport(settings, options.service, options.transports),
        },
        { provide: MESSAGE_PUBLISHER, inject: [BUS_TRANSPORT], useFactory: (transport: BusTransport) => transport.publisher },
        { provide: BUS_ADMIN, inject: [BUS_TRANSPORT], useFactory: (transport: BusTransport) => transport.admin },
        MessagingRuntime,
      ],
      exports: [MESSAGE_PUBLISHER, BUS_ADMIN, BUS_TRANSPORT, MessagingRuntime],
    };
  }
}

/**
 * For main.ts, after the app was created: consumes with this app's @EventPattern handlers
 * as the service's group, every message going through the inbox, retries and dead letters.
 */
export async function connectBus(app: INestApplication): Promise<INestMicroservice> {
  const runtime = app.get(MessagingRuntime);
  const topics = runtime.eventTopics();
  await runtime.transport.ensureTopics(topics);
  runtime.subscribedTo(topics);
  // Deferred, so that the interceptor is in place before Nest wires the handlers; the app's
  // own init hooks already ran, so the microservice must not run them a second time.
  const microservice = app.connectMicroservice<object>(runtime.transport.consumerOptions(runtime.group), {
    deferInitialization: true,
  }) as NestMicroservice;
  microservice.setIsInitHookCalled(true);
  microservice.useGlobalInterceptors(runtime.interceptor);
  await app.startAllMicroservices();
  return microservice;
}
