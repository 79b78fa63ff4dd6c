// What the platform itself measures besides HTTP: the outcome of every command the service runs
// on its event store, the event store's appends, and the access log's queue. Services add
// nothing for these (docs/architecture/observability.md#metrics).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { COMMAND_OUTCOMES, type CommandOutcomeMessage, EVENT_STORE, type EventStore } from '@continuum/event-store';
import { AccessLog } from '../access-log/access-log.js';
import { serviceMetricsOf } from '../event-store/instrumented-event-store.js';
import { ServiceTracing } from '../tracing/service-tracing.js';
import { METRICS_SETTINGS, type MetricsSettings } from './metrics.controller.js';
import { ServiceMetrics } from './service-metrics.js';

@Injectable()
export class PlatformMetrics implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly countOutcome = (message: unknown) => {
    const { store, commands, outcome } = message as CommandOutcomeMessage;
    // Every app in the process hears the channel (tests run several): count this app's commands
    // only, known by the metrics its store carries, not by the store object a caller passed.
    if (serviceMetricsOf(store) !== this.metrics) return;
    for (const command of commands) this.metrics.commands.inc({ command, outcome });
  };

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly tracing: ServiceTracing,
    accessLog: AccessLog,
    @Inject(METRICS_SETTINGS) private readonly settings: MetricsSettings,
    @Optional() @Inject(EVENT_STORE) private readonly store?: EventStore,
  ) {
    metrics.gaugeOnScrape('continuum_access_log_pending_records', 'Access records waiting to be appended to the event store.', [], () => [
      { labels: {}, value: accessLog.pending },
    ]);
  }

  /**
   * Only when a scraper may read the figures (METRICS_TOKEN): runCommands works out and
   * publishes each command's outcome only while someone listens.
   */
  onModuleInit(): void {
    if (this.store && this.settings.token !== undefined) subscribe(COMMAND_OUTCOMES.name, this.countOutcome);
  }

  onModuleDestroy(): void {
    unsubscribe(COMMAND_OUTCOMES.name, this.countOutcome);
  }

  /** The spans still buffered go out before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}
