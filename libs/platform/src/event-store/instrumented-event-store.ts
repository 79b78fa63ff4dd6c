// The event store as the service sees it: the adapter, with every append timed for the metrics
// and stamped with the trace context it was made in (the event's `traceparent`), so the relay
// can carry the trace on to the bus (docs/architecture/observability.md#traces). Only the two
// append methods differ; everything else is the adapter's own.
import { type EventStore, type NewEvent, type StreamAppend } from '@continuum/event-store';
import { type ServiceMetrics } from '../metrics/service-metrics.js';
import { traceparentOf } from '../tracing/service-tracing.js';

function stamped(events: NewEvent[], traceparent: string | undefined): NewEvent[] {
  if (traceparent === undefined) return events;
  return events.map((event) =>
    event.metadata.traceparent === undefined ? { ...event, metadata: { ...event.metadata, traceparent } } : event,
  );
}

const SERVICE_METRICS = Symbol('the service metrics of an instrumented event store');

/**
 * The metrics of the service whose instrumented store `store` is, or reads through (a proxy or
 * an object made from it): a command run on any of them counts for that service, whichever
 * object the caller handed runCommands.
 */
export function serviceMetricsOf(store: EventStore): ServiceMetrics | undefined {
  return (store as { [SERVICE_METRICS]?: ServiceMetrics })[SERVICE_METRICS];
}

export function instrumentedEventStore(store: EventStore, metrics: ServiceMetrics): EventStore {
  const timed = async <T>(append: () => Promise<T>): Promise<T> => {
    const stop = metrics.appendDuration.startTimer();
    try {
      const result = await append();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  };
  // The adapter's own methods, called directly: a test that replaces a method on the store (to
  // hold an append back) and calls the one it replaced never comes back here.
  const adapterAppendToStream = store.appendToStream;
  const adapterAppendToStreams = store.appendToStreams;
  const appendToStream: EventStore['appendToStream'] = (stream, events, options) =>
    timed(() => adapterAppendToStream.call(store, stream, stamped(events, traceparentOf()), options));
  const appendToStreams: EventStore['appendToStreams'] = (appends: StreamAppend[]) => {
    const traceparent = traceparentOf();
    return timed(() =>
      adapterAppendToStreams.call(
        store,
        appends.map((append) => ({ ...append, events: stamped(append.events, traceparent) })),
      ),
    );
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === SERVICE_METRICS) return metrics;
      const value: unknown = Reflect.get(target, property, target);
      // Instrumented while the adapter's own; a replacement set on the store is its setter's.
      if (property === 'appendToStream' && value === adapterAppendToStream) return appendToStream;
      if (property === 'appendToStreams' && value === adapterAppendToStreams) return appendToStreams;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
