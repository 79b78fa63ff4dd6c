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
import { JsonLogger, ReadinessRegistry, SERVICE_ENV, ServiceMetrics, ServiceTracing } from '@continuum/platform';
import { backoffDelay, sleep } from './backoff.js';
import { BUS_ADMIN, HEADERS, MESSAGE_PUBLISHER, type MessagePublisher } from './bus.js';
import { type BusTransport, type BusTransportAdapter, openBusTransport } from './bus-transport.js';
import { SqliteCheckpointStore } from './checkpoint-store.js';
import { SqliteInbox } from './inbox.js';
import { type MessageCheck } from './message-check.js';
import { type BusSettings, busSettingsFrom } from './messaging-config.js';
import { Relay, type RelayMapping, errorText } from './relay.js';
import { ReliableDeliveryInterceptor } from './reliable-delivery.interceptor.js';
import { TraceContextInterceptor } from './trace-context.interceptor.js';

// Everything a service needs to talk to the others, chosen by BUS / KAFKA_BROKERS / BUS_URL:
// the publisher and admin of the bus, the relay of its own events (started once the bus
// answers, stopped before the bus closes), the inbox of its consumer group, and the readiness
// checks. main.ts then calls connectBus(app) to start consuming. A bus that does not answer at
// start never stops the boot: the service listens, answers liveness, reports not ready naming
// the bus, and connects when it comes (docs/architecture/messaging.md#when-the-bus-is-down).

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
  /**
   * What every message must meet before a handler sees it. Default: the integration event
   * contracts (`integrationEventCheck`); harnesses of test events pass `envelopeCheck`.
   */
  check?: MessageCheck;
};

/** The longest wait between two tries to reach a bus that did not answer. */
const BUS_WAIT_MAX_MS = 5_000;
/** Between two attempts of the consumer's connection while the bus answers. */
const RETRY_PAUSE_MS = 500;
/** While the bus stays away, one warning per this many tries (every ~50 s at the longest wait). */
const BUS_WAIT_WARN_EVERY = 10;

export const MESSAGING_OPTIONS = Symbol.for('continuum.MessagingOptions');
export const BUS_SETTINGS = Symbol.for('continuum.BusSettings');
export const BUS_TRANSPORT = Symbol.for('continuum.BusTransport');

/** The running messaging of one service: its relay, inbox and interceptor. */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  readonly group: string;
  readonly relay: Relay | undefined;
  readonly interceptor: ReliableDeliveryInterceptor;
  /** Outside `interceptor`: the consumer's span, its parent the message's traceparent. */
  readonly traceInterceptor: TraceContextInterceptor | undefined;
  private readonly inbox: SqliteInbox;
  private readonly checkpoints: SqliteCheckpointStore | undefined;
  private subscribed: string[] = [];
  private readonly stopping = new AbortController();
  private relayStarting: Promise<void> | undefined;
  private waitingForBus: Promise<boolean> | undefined;
  private readonly logger: JsonLogger | undefined;

  constructor(
    @Inject(MESSAGING_OPTIONS) readonly options: MessagingModuleOptions,
    @Inject(BUS_SETTINGS) readonly settings: BusSettings,
    @Inject(BUS_TRANSPORT) readonly transport: BusTransport,
    readiness: ReadinessRegistry,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Optional() @Inject(EVENT_STORE) store?: EventStore,
    @Optional() logger?: JsonLogger,
    @Optional() metrics?: ServiceMetrics,
    @Optional() tracing?: ServiceTracing,
  ) {
    this.logger = logger;
    const dataDir = options.dataDir ?? `${settings.dataDir}/${options.service}`;
    this.group = options.group ?? options.service;
    this.inbox = SqliteInbox.open(`${dataDir}/inbox.db`);
    this.traceInterceptor = tracing && new TraceContextInterceptor(tracing, this.group);
    this.interceptor = new ReliableDeliveryInterceptor({
      group: this.group,
      inbox: this.inbox,
      // It publishes only dead letters.
      publisher: metrics ? countingDeadLetters(transport.publisher, metrics) : transport.publisher,
      maxAttempts: settings.maxAttempts,
      retryBaseMs: settings.retryBaseMs,
      check: options.check,
      logger,
    });
    readiness.register('bus', async () => {
      const reason = await this.unreachableReason();
      return { status: reason ? 'down' : 'up', details: { bus: transport.description, ...(reason ? { reason } : {}) } };
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
        publisher: metrics ? countingPublishes(transport.publisher, metrics, options.service, options.relay.topic) : transport.publisher,
        checkpoints: this.checkpoints,
        retryBaseMs: settings.retryBaseMs,
        stallMs: settings.relayStallMs,
        logger,
      });
      readiness.register('relay', async () => {
        const relay = this.relay as Relay;
        const eventsBehind = await relay.behind(Math.max(10_000, settings.relayLagMax + 1));
        const stall = relay.stall();
        const details = {
          topic: options.relay?.topic,
          position: relay.position() ?? 0,
          // With several instances, only the holder of the relay's lease publishes; the others stand by.
          publishing: relay.isActive(),
          eventsBehind,
          maxEventsBehind: settings.relayLagMax,
        };
        const reason = !relay.isRunning()
          ? this.relayStarting
            ? `waiting for ${transport.description} to answer`
            : 'the relay is not running (see the log)'
          : stall
            ? `cannot publish: ${stall.waitingMs} ms waiting for ${transport.description}${stall.lastError ? ` (${stall.lastError})` : ''}`
            : eventsBehind > settings.relayLagMax
              ? `more than ${settings.relayLagMax} events to publish (BUS_RELAY_LAG_MAX)`
              : undefined;
        return { status: reason ? 'down' : 'up', details: reason ? { ...details, reason } : details };
      });
    }
    readiness.register('consumer-lag', async () => {
      const details = { group: this.group, topics: this.subscribed, maxLag: settings.consumerLagMax };
      if (this.subscribed.length === 0) return { status: 'up', details: { ...details, lag: 0 } };
      // Asked of a bus that is away, the lag would only time out: say why at once instead.
      const unreachable = await this.unreachableReason();
      if (unreachable) return { status: 'down', details: { ...details, reason: unreachable } };
      const lag = await transport.admin.consumerLag(this.group, this.subscribed);
      const skippedUnknownTypes = this.interceptor.skippedUnknownTypes();
      const counted = Object.keys(skippedUnknownTypes).length > 0 ? { skippedUnknownTypes } : {};
      return lag > settings.consumerLagMax
        ? {
            status: 'down',
            details: {
              ...details,
              lag,
              ...counted,
              reason: `more than ${settings.consumerLagMax} messages to handle (BUS_CONSUMER_LAG_MAX)`,
            },
          }
        : { status: 'up', details: { ...details, lag, ...counted } };
    });
    if (metrics) this.registerGauges(metrics);
  }

  /** Read when /metrics is scraped, never on the way of a message. */
  private registerGauges(metrics: ServiceMetrics): void {
    const relay = this.relay;
    const topic = this.options.relay?.topic;
    if (relay && topic)
      metrics.gaugeOnScrape(
        'continuum_relay_events_behind',
        'Events in the store the relay has not yet published (the bus has not acknowledged), up to 10000.',
        ['relay', 'topic'],
        async () => [{ labels: { relay: this.options.service, topic }, value: await relay.behind() }],
      );
    metrics.gaugeOnScrape(
      'continuum_consumer_lag_messages',
      "Messages on the group's topics not yet handled (and committed) by the group.",
      ['group'],
      async () => {
        if (this.subscribed.length === 0 || (await this.unreachableReason())) return [];
        return [{ labels: { group: this.group }, value: await this.transport.admin.consumerLag(this.group, this.subscribed) }];
      },
    );
  }

  /** Undefined when the bus answers; else what is wrong, naming the bus and its variable. */
  private async unreachableReason(): Promise<string | undefined> {
    try {
      await this.transport.probe();
      return undefined;
    } catch (error) {
      return `cannot reach ${this.transport.description}: ${errorText(error)}`;
    }
  }

  /**
   * Resolves once the bus answers (at once when it does), trying again with a growing wait up
   * to 5 s and warning while it stays away; false if the app is closing meanwhile.
   */
  untilBusAnswers(): Promise<boolean> {
    // The relay and the consumer may both wait: one loop, one set of warnings.
    this.waitingForBus ??= this.waitForBus().finally(() => (this.waitingForBus = undefined));
    return this.waitingForBus;
  }

  /**
   * After a failure with the bus answering: a short pause first, so that a refusal that lasts
   * (a topic not creatable) is retried twice a second, not in a tight loop; false if closing.
   */
  async pauseUntilBusAnswers(): Promise<boolean> {
    await sleep(RETRY_PAUSE_MS, this.stopping.signal);
    return !this.stopping.signal.aborted && this.untilBusAnswers();
  }

  private async waitForBus(): Promise<boolean> {
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      const reason = await this.unreachableReason();
      if (!reason) {
        if (attempt > 1) this.logger?.log({ message: `${this.transport.description} answers; connecting`, attempts: attempt }, 'Messaging');
        return true;
      }
      const retryInMs = backoffDelay(attempt, 500, BUS_WAIT_MAX_MS);
      if (attempt % BUS_WAIT_WARN_EVERY === 1)
        this.logger?.warn(
          { message: `${reason}; the service runs, not ready, and connects when it answers`, attempt, retryInMs },
          'Messaging',
        );
      await sleep(retryInMs, this.stopping.signal);
    }
    return false;
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

  consumerCouldNotConnect(error: unknown): void {
    this.logger?.warn(
      {
        message: `the consumer could not connect to ${this.transport.description}; trying again`,
        group: this.group,
        error: errorText(error),
      },
      'Messaging',
    );
  }

  /** Starts the relay: before the app listens when the bus answers, in the background when it does not. */
  async onApplicationBootstrap(): Promise<void> {
    const relay = this.relay;
    const topic = this.options.relay?.topic;
    if (!relay || !topic) return;
    const start = async () => {
      await this.transport.ensureTopics([topic]);
      await relay.start();
    };
    try {
      if (!(await this.unreachableReason())) return await start();
    } catch (error) {
      this.relayCouldNotStart(error);
    }
    // Until the bus answers and the topics exist: a bus that goes away between the probe and
    // the topics' creation is waited for again, never the end of the process.
    this.relayStarting = (async () => {
      while (await this.untilBusAnswers()) {
        try {
          return await start();
        } catch (error) {
          this.relayCouldNotStart(error);
          await sleep(BUS_WAIT_MAX_MS, this.stopping.signal);
        }
      }
    })().finally(() => (this.relayStarting = undefined));
  }

  private relayCouldNotStart(error: unknown): void {
    this.logger?.warn(
      { message: `the relay could not start on ${this.transport.description}; trying again`, error: errorText(error) },
      'Messaging',
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.relayStarting;
    await this.relay?.stop();
  }

  /** After the consumers were closed (Nest disposes microservices before shutdown hooks). */
  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.inbox.close();
    await this.checkpoints?.close();
  }
}

/** The relay's publisher, counting what the bus acknowledged and what it refused. */
function countingPublishes(publisher: MessagePublisher, metrics: ServiceMetrics, relay: string, topic: string): MessagePublisher {
  return {
    publish: async (messages) => {
      try {
        await publisher.publish(messages);
      } catch (error) {
        metrics.relayPublishErrors.inc({ relay, topic });
        throw error;
      }
      metrics.relayPublished.inc({ relay, topic }, messages.length);
    },
    close: () => publisher.close(),
  };
}

/** The reliability layer's publisher (dead letters only), counting each parked message by group and original topic. */
function countingDeadLetters(publisher: MessagePublisher, metrics: ServiceMetrics): MessagePublisher {
  return {
    publish: async (messages) => {
      await publisher.publish(messages);
      for (const { headers } of messages)
        metrics.deadLetters.inc({ group: headers[HEADERS.consumerGroup] ?? 'unknown', topic: headers[HEADERS.originalTopic] ?? 'unknown' });
    },
    close: () => publisher.close(),
  };
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
 * For main.ts, after the app listens: consumes with this app's @EventPattern handlers as the
 * service's group, every message going through the checks, the inbox, retries and dead
 * letters. When the bus does not answer it waits for it (readiness says so meanwhile), so
 * liveness is answered throughout.
 */
export async function connectBus(app: INestApplication): Promise<INestMicroservice | undefined> {
  const runtime = app.get(MessagingRuntime);
  const topics = runtime.eventTopics();
  runtime.subscribedTo(topics);
  if (!(await runtime.untilBusAnswers())) return undefined;
  // A broker that answers may still refuse for a moment (a new topic's leader not yet known:
  // UNKNOWN_TOPIC_OR_PARTITION under load ended a service in a CI run): wait and try again.
  for (;;) {
    try {
      await runtime.transport.ensureTopics(topics);
      break;
    } catch (error) {
      runtime.consumerCouldNotConnect(error);
      if (!(await runtime.pauseUntilBusAnswers())) return undefined;
    }
  }
  // Deferred, so that the interceptor is in place before Nest wires the handlers; the app's
  // own init hooks already ran, so the microservice must not run them a second time.
  const microservice = app.connectMicroservice<object>(runtime.transport.consumerOptions(runtime.group), {
    deferInitialization: true,
  }) as NestMicroservice;
  microservice.setIsInitHookCalled(true);
  microservice.useGlobalInterceptors(...(runtime.traceInterceptor ? [runtime.traceInterceptor] : []), runtime.interceptor);
  // The bus may go away again between the probe and the consumer's connection: wait and retry
  // rather than let the transport's error end the process.
  for (;;) {
    try {
      await microservice.listen();
      return microservice;
    } catch (error) {
      runtime.consumerCouldNotConnect(error);
      if (!(await runtime.pauseUntilBusAnswers())) return undefined;
    }
  }
}
