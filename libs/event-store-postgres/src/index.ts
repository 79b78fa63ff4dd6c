import { type EventStoreAdapter } from '@continuum/event-store';

export type { PostgresEventStore, PostgresEventStoreOptions } from './postgres-event-store.js';

/**
 * The distributed event store on PostgreSQL (EVENT_STORE_URL=postgres://… or postgresql://…):
 * what the services and the tools open (docs/adr/0005-postgresql-event-store.md). The `pg`
 * driver is loaded only when a deployment opens a PostgreSQL store.
 */
export const postgresEventStore: EventStoreAdapter = {
  adapter: 'postgres',
  open: async ({ connectionString }) => {
    const { PostgresEventStore } = await import('./postgres-event-store.js');
    return PostgresEventStore.open({ connectionString });
  },
};
