import { type EventStoreAdapter } from '@continuum/event-store';

export type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb-event-store.js';

/**
 * The distributed event store: a KurrentDB server or cluster (EVENT_STORE_URL=kurrentdb://…).
 * Every service is built with this adapter, but its client (gRPC, protobuf) is loaded only when
 * a deployment opens a KurrentDB store: a service on the embedded defaults never pays for it.
 */
export const kurrentDbEventStore: EventStoreAdapter = {
  adapter: 'kurrentdb',
  open: async ({ connectionString }) => {
    const { KurrentDbEventStore } = await import('./kurrentdb-event-store.js');
    return KurrentDbEventStore.open({ connectionString });
  },
};
