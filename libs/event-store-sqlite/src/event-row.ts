import { type StoredEventRowAt } from '@continuum/event-store';

/** An `events` row as better-sqlite3 returns it. */
export type EventRow = StoredEventRowAt & { position: number };
