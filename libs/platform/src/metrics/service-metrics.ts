// The service's metrics in Prometheus's format (prom-client), one registry per app: tests
// build several apps in one process, each scraped on its own. Labels hold route templates,
// command types, topics, groups and outcome codes, never an id or anything a person typed
// (docs/architecture/observability.md#metrics); `service` is on every series.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: a request or an append of a few milliseconds up to a stalled one. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type GaugeReading = { labels: Record<string, string>; value: number };

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commands: Counter<'command' | 'outcome'>;
  readonly appendDuration: Histogram<'outcome'>;
  readonly relayPublished: Counter<'relay' | 'topic'>;
  readonly relayPublishErrors: Counter<'relay' | 'topic'>;
  readonly deadLetters: Counter<'group' | 'topic'>;

  /**
   * `processMetrics`: prom-client's default metrics too (CPU, memory, event loop lag, garbage
   * collection); they watch the process from then on, so only when someone may scrape them.
   */
  constructor(
    readonly service: string,
    options: { processMetrics?: boolean } = {},
  ) {
    this.registry.setDefaultLabels({ service });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request arriving to its answer closing, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.commands = new Counter({
      name: 'continuum_commands_total',
      help: 'Commands run, by command type and outcome (accepted, refused by a rule, conflict, failed).',
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'continuum_event_store_append_duration_seconds',
      help: 'Event store appends (one stream or several as one unit), by outcome (ok, error).',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.relayPublished = new Counter({
      name: 'continuum_relay_published_total',
      help: 'Integration events the relay published and the bus acknowledged.',
      labelNames: ['relay', 'topic'],
      registers,
    });
    this.relayPublishErrors = new Counter({
      name: 'continuum_relay_publish_errors_total',
      help: 'Publishes the bus refused or did not acknowledge; the relay retries each.',
      labelNames: ['relay', 'topic'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'continuum_dead_letters_total',
      help: 'Messages parked on a dead-letter topic, by consumer group and original topic.',
      labelNames: ['group', 'topic'],
      registers,
    });
  }

  /**
   * A gauge read when scraped (lags that cost a read of a store or the bus): never on the
   * request path. A reading that fails leaves the gauge without values rather than failing the scrape.
   */
  gaugeOnScrape(name: string, help: string, labelNames: readonly string[], read: () => Promise<GaugeReading[]> | GaugeReading[]): void {
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers: [this.registry],
      async collect() {
        this.reset();
        let readings: GaugeReading[];
        try {
          readings = await read();
        } catch {
          return;
        }
        for (const { labels, value } of readings) this.set(labels, value);
      },
    });
  }

  /** The text a Prometheus scrape reads. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
