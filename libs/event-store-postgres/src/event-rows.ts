import { type StoredEventRowAt } from '@continuum/event-store';

/** An `events` row as node-postgres returns it: bigint positions come as strings. */
export type PostgresEventRow = StoredEventRowAt & { position: string | number };
