import { type EventStoreAdapter } from '@continuum/event-store';
import { PostgresEventStore } from './postgres-event-store.js';

export { PostgresEventStore, type PostgresEventStoreOptions, DEFAULT_MAX_EVENT_BYTES } from './postgres-event-store.js';

/**
 * The distributed event store on PostgreSQL (EVENT_STORE_URL=postgres://… or postgresql://…):
 * what the services and the tools open (docs/adr/0005-postgresql-event-store.md).
 */
export const postgresEventStore: EventStoreAdapter = {
  adapter: 'postgres',
  open: ({ connectionString }) => PostgresEventStore.open({ connectionString }),
};
