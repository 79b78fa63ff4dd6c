import { type AllStreamResolvedEvent, type AllStreamSubscription, type CaughtUp } from '@kurrent/kurrentdb-client';
import { type RecordedEvent, type Subscription, type SubscriptionMessage } from '@continuum/event-store';
import { mayBeBetweenEvents } from './positions.js';

/** Stands in the event flow where the server said "caught up", so the signal keeps its place among the events. */
const CAUGHT_UP = Symbol('caught-up');
type CaughtUpMarker = { [CAUGHT_UP]: CaughtUp };

/** The client's catch-up subscription: a readable stream of events plus a `caughtUp` event. */
export type CatchUpSource = Pick<AllStreamSubscription, 'on' | 'push' | 'destroy' | 'unsubscribe'> & AsyncIterable<AllStreamResolvedEvent>;

/**
 * Turns the client's subscription into the port's.
 *
 * - Order: the client announces "caught up" as a side event while it transforms the server's
 *   messages, after it has queued every event before it. Pushing a marker into the same queue
 *   at that moment keeps the signal exactly between the last historical and the first live event.
 * - Back-pressure: we read the stream with its async iterator, so nothing is pulled while the
 *   consumer works; the client's buffer fills and gRPC flow control holds the server.
 * - A start position between two events is refused by KurrentDB; then we subscribe from the
 *   start of the log instead and `toEvent` skips up to `after` (see `mayBeBetweenEvents`).
 * - Servers older than EventStoreDB 23.10 never say "caught up": their subscribers get events only.
 *
 * `toEvent` maps and filters (system events, the caller's filter, the `after` bound); it
 * returns undefined for an event to skip.
 */
export function adaptSubscription(
  subscribe: (fromStart: boolean) => CatchUpSource,
  toEvent: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined,
  after: number | undefined,
): Subscription {
  let isClosed = false;
  let lastDelivered = after ?? 0;
  let delivered = 0;
  let hasSignalledCaughtUp = false;
  let fromStart = false;
  let source = open();

  function open(): CatchUpSource {
    const opened = subscribe(fromStart);
    opened.on('caughtUp', (info: CaughtUp) => {
      opened.push({ [CAUGHT_UP]: info } satisfies CaughtUpMarker);
    });
    return opened;
  }

  async function close(): Promise<void> {
    if (isClosed) return;
    isClosed = true;
    await source.unsubscribe();
    source.destroy();
  }

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    try {
      for (;;) {
        try {
          for await (const item of source as AsyncIterable<AllStreamResolvedEvent | CaughtUpMarker>) {
            if (isClosed) return;
            if (CAUGHT_UP in item) {
              // A subscription that falls behind and catches up again says so once more; the port promises one signal.
              if (hasSignalledCaughtUp) continue;
              hasSignalledCaughtUp = true;
              delivered += 1;
              yield { kind: 'caught-up', position: lastDelivered };
              continue;
            }
            const event = toEvent(item);
            if (!event) continue;
            lastDelivered = event.position;
            delivered += 1;
            yield { kind: 'event', event };
          }
          return;
        } catch (error) {
          // Closing cancels the gRPC call; the stream then ends with an error nobody needs to see.
          if (isClosed) return;
          if (!mayBeBetweenEvents(after, delivered, fromStart)) throw error;
          fromStart = true;
          source.destroy();
          source = open();
        }
      }
    } finally {
      await close();
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close,
  };
}
