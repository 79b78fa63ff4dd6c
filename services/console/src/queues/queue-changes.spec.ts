// The console's one subscription to the event store: a store that stops telling while the console
// runs is closed, its listeners told (their pages reconnect), and opened again by the next start.
import { expect, it } from '@jest/globals';
import { type EventStore, type Subscription, type SubscriptionMessage } from '@continuum/event-store';
import { QueueChanges } from './queue-changes.js';

/** A store whose subscriptions fail when `fail` is called. */
function failingStore() {
  let fail!: (error: Error) => void;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => undefined);
  const state = { closed: false, subscriptionsClosed: 0 };
  const subscription = (): Subscription => ({
    [Symbol.asyncIterator]: () => ({ next: (): Promise<IteratorResult<SubscriptionMessage>> => failed }),
    close: async () => void (state.subscriptionsClosed += 1),
  });
  const store = {
    headPosition: async () => 0,
    subscribeToAll: subscription,
    close: async () => void (state.closed = true),
  } as unknown as EventStore;
  return { store, state, fail };
}

it('closes a store that stops telling, tells the listeners, and opens it again on the next start', async () => {
  const stores = [failingStore(), failingStore()];
  let opened = 0;
  const changes = new QueueChanges(async () => stores[opened++]!.store);
  await changes.start();
  let lost = 0;
  const unlisten = changes.listen(
    () => undefined,
    () => (lost += 1),
  );
  stores[0]!.fail(new Error('connection lost'));
  for (let tries = 0; tries < 50 && !stores[0]!.state.closed; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  // Both subscriptions failed; the listener hears of it once.
  expect(lost).toBe(1);
  expect(stores[0]!.state).toEqual({ closed: true, subscriptionsClosed: 2 });
  await changes.start();
  expect(opened).toBe(2);
  unlisten();
  await changes.onApplicationShutdown();
  expect(stores[1]!.state.closed).toBe(true);
});
