// Traces with OpenTelemetry and the W3C Trace Context (`traceparent`): a request's span, the
// events it appends (their metadata keeps its traceparent), the relay and the bus headers that
// carry it, and the consumer's span and its own appends, all under one trace id
// (docs/architecture/observability.md#traces). Spans leave the process only when
// OTEL_EXPORTER_OTLP_ENDPOINT names a collector; otherwise none is sent, and the ids (and the
// caller's sampled flag) still travel and appear in every log line.
import {
  type Context,
  type Span,
  type SpanKind,
  ROOT_CONTEXT,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

export const TRACEPARENT_HEADER = 'traceparent';

const propagator = new W3CTraceContextPropagator();
let contextManagerInstalled = false;

/** The async context OpenTelemetry's `context.active()` reads: one per process, installed once. */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

/** The parent a `traceparent` (and `tracestate`) names; the root context when there is none or it is malformed. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The `traceparent` of the span active in `at` (the current async context by default); undefined outside any span. */
export function traceparentOf(at: Context = context.active()): string | undefined {
  const spanContext = trace.getSpanContext(at);
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const carrier: Record<string, string> = {};
  propagator.inject(at, carrier, defaultTextMapSetter);
  return carrier[TRACEPARENT_HEADER];
}

/** `trace_id` and `span_id` for a log line: of `span`, else of the span active now; nothing outside a span. */
export function traceIdsOf(span: Span | undefined = trace.getSpan(context.active())): { trace_id?: string; span_id?: string } {
  const spanContext = span?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

export type TracingSettings = {
  service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans are sent to `<endpoint>/v1/traces`; unset, none leave the process. */
  otlpEndpoint?: string;
};

/** One service's tracer (an app's own: tests build several in one process, each naming its service). */
export class ServiceTracing {
  private readonly provider: BasicTracerProvider;
  private readonly tracer;

  /** The exporter is loaded only when an endpoint is set: a service that exports nothing never loads it. */
  static async create(settings: TracingSettings): Promise<ServiceTracing> {
    if (settings.otlpEndpoint === undefined) return new ServiceTracing(settings);
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new ServiceTracing(settings, new OTLPTraceExporter({ url: `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }));
  }

  /** Without `exporter`, no span leaves the process (see create). */
  constructor(settings: Pick<TracingSettings, 'service'>, exporter?: SpanExporter) {
    installContextManager();
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': settings.service }),
      // The caller's sampling decision is kept either way, so a service that exports nothing does
      // not unsample the trace for the services after it. Not exporting, a span is recorded (and
      // dropped at its end) only under a sampled parent; any other is a non-recording one, which
      // costs two random ids and carries them on.
      sampler: new ParentBasedSampler({ root: exporter ? new AlwaysOnSampler() : new AlwaysOffSampler() }),
      spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
    });
    this.tracer = this.provider.getTracer('@continuum/platform');
  }

  /** A span under `parent` (the active context by default), and the context it is active in. */
  startSpan(
    name: string,
    kind: SpanKind,
    parent: Context = context.active(),
    attributes: Record<string, string | number> = {},
  ): { span: Span; context: Context } {
    const span = this.tracer.startSpan(name, { kind, attributes }, parent);
    return { span, context: trace.setSpan(parent, span) };
  }

  /** Sends the spans still buffered (on shutdown). */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
