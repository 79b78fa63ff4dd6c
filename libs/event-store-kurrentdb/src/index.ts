import { type EventStoreAdapter } from '@continuum/event-store';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store.js';

/** The distributed event store: a KurrentDB server or cluster (EVENT_STORE_URL=kurrentdb://…). */
export const kurrentDbEventStore: EventStoreAdapter = {
  adapter: 'kurrentdb',
  open: ({ connectionString }) => KurrentDbEventStore.open({ connectionString }),
};
