import { Transform } from 'node:stream';
import { type AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { type RecordedEvent, type SubscriptionMessage } from '@continuum/event-store';
import { adaptSubscription, type CatchUpSource } from './kurrentdb-subscription.js';

/** Behaves like the client's Subscription: a Transform that emits `caughtUp` while it transforms. */
class FakeServerSubscription extends Transform {
  unsubscribed = false;
  constructor() {
    super({ objectMode: true, highWaterMark: 2 });
  }
  override _transform(
    message: { caughtUp?: true; position?: number },
    _encoding: BufferEncoding,
    next: (error?: Error | null, data?: unknown) => void,
  ) {
    if (message.caughtUp) {
      this.emit('caughtUp', {});
      return next();
    }
    next(null, { event: { position: message.position } });
  }
  async unsubscribe() {
    this.unsubscribed = true;
  }
}

const toEvent = (resolved: AllStreamResolvedEvent) => {
  const position = (resolved.event as unknown as { position: number }).position;
  return position % 2 === 0 ? ({ position } as RecordedEvent) : undefined;
};

function describeMessage(message: SubscriptionMessage): string {
  return message.kind === 'event' ? `event@${message.event.position}` : `caught-up@${message.position}`;
}

describe('subscribing to $all on KurrentDB', () => {
  it('signals caught-up once, exactly between the historical and the live events', async () => {
    const server = new FakeServerSubscription();
    const subscription = adaptSubscription(() => server as unknown as CatchUpSource, toEvent, undefined);
    for (const position of [2, 3, 4]) server.write({ position });
    server.write({ caughtUp: true });
    server.write({ position: 6 });
    server.write({ caughtUp: true });
    server.write({ position: 8 });

    const seen: string[] = [];
    for await (const message of subscription) {
      seen.push(describeMessage(message));
      if (seen.length === 5) break;
    }
    expect(seen).toEqual(['event@2', 'event@4', 'caught-up@4', 'event@6', 'event@8']);
  });

  it('reports the starting position as caught-up when nothing new came', async () => {
    const server = new FakeServerSubscription();
    const subscription = adaptSubscription(() => server as unknown as CatchUpSource, toEvent, 40);
    server.write({ caughtUp: true });
    const first = await subscription[Symbol.asyncIterator]().next();
    expect(first.value).toEqual({ kind: 'caught-up', position: 40 });
    await subscription.close();
  });

  it('keeps telling the server to wait while the consumer is busy', async () => {
    const server = new FakeServerSubscription();
    const subscription = adaptSubscription(() => server as unknown as CatchUpSource, toEvent, undefined);
    const accepted = Array.from({ length: 50 }, (_, i) => server.write({ position: 2 * i })).filter(Boolean).length;
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'event', event: { position: 0 } });
    // One event handled, forty-nine waiting: the gRPC stream piped in stays paused (flow control).
    expect(accepted).toBeLessThan(5);
    expect(server.writableNeedDrain).toBe(true);
    await subscription.close();
  });

  it('cancels the server subscription and ends iteration on close', async () => {
    const server = new FakeServerSubscription();
    const subscription = adaptSubscription(() => server as unknown as CatchUpSource, toEvent, undefined);
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = iterator.next();
    await subscription.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(server.unsubscribed).toBe(true);
  });

  it('starts again from the beginning of the log when the server refuses a position between two events', async () => {
    const refusing = new FakeServerSubscription();
    const fromStart = new FakeServerSubscription();
    const opened: boolean[] = [];
    const subscription = adaptSubscription(
      (isFromStart) => {
        opened.push(isFromStart);
        return (isFromStart ? fromStart : refusing) as unknown as CatchUpSource;
      },
      (resolved) => {
        const event = toEvent(resolved);
        return event && event.position > 5 ? event : undefined;
      },
      5,
    );
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    refusing.destroy(new Error('invalid position'));
    for (const position of [2, 4, 6]) fromStart.write({ position });
    await expect(first).resolves.toEqual({ done: false, value: { kind: 'event', event: { position: 6 } } });
    expect(opened).toEqual([false, true]);
    await subscription.close();
  });

  it('passes on a failure once events were delivered: the consumer resumes from its checkpoint', async () => {
    const server = new FakeServerSubscription();
    const subscription = adaptSubscription(() => server as unknown as CatchUpSource, toEvent, 1);
    const iterator = subscription[Symbol.asyncIterator]();
    server.write({ position: 2 });
    await iterator.next();
    const next = iterator.next();
    server.destroy(new Error('connection reset'));
    await expect(next).rejects.toThrow('connection reset');
  });
});
