import { type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context as traceContext } from '@opentelemetry/api';
import { type ServiceTracing, contextFromHeaders } from '@continuum/platform';
import { Observable, finalize, tap } from 'rxjs';
import { HEADERS } from './bus.js';
import { eventIdOf, headerOf, isMessageContext } from './incoming-message.js';

// The consumer's side of a trace (docs/architecture/observability.md#traces): a span whose
// parent is the message's `traceparent` header (the relay copied it from the event's
// metadata), active while the reliability layer and the handler run, so the handler's log
// lines and its own appends join the trace of the request that began it all. It runs outside
// ReliableDeliveryInterceptor: retries and dead letters are inside the span.

export class TraceContextInterceptor implements NestInterceptor {
  constructor(
    private readonly tracing: ServiceTracing,
    private readonly group: string,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transportContext: unknown = context.switchToRpc().getContext();
    if (context.getType() !== 'rpc' || !isMessageContext(transportContext)) return next.handle();
    // Only what the span needs: the reliability layer inside reads (and decodes) the whole message.
    const topic = transportContext.getTopic();
    const parent = contextFromHeaders({ traceparent: headerOf(transportContext, HEADERS.traceparent) });
    const { span, context: active } = this.tracing.startSpan(`${topic} process`, SpanKind.CONSUMER, parent, {
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': this.group,
      'messaging.message.id': eventIdOf(context.switchToRpc().getData(), headerOf(transportContext, HEADERS.eventId)) ?? '',
      'messaging.kafka.offset': String(transportContext.getMessage().offset),
    });
    // Subscribing inside the context: the handler chain starts, and continues, in it. The span
    // ends however the handling ends: done, failed, or given up (unsubscribed at shutdown).
    return new Observable((subscriber) =>
      traceContext.with(active, () =>
        next
          .handle()
          .pipe(
            tap({ error: () => span.setStatus({ code: SpanStatusCode.ERROR }) }),
            finalize(() => span.end()),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
