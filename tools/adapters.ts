// The tools work on whichever stores a deployment uses, so they are built with every adapter.
import { type EventStoreAdapter } from '@continuum/event-store';
import { kurrentDbEventStore } from '@continuum/event-store-kurrentdb';
import { postgresEventStore } from '@continuum/event-store-postgres';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { type ReadStoreAdapter } from '@continuum/read-store';
import { mongooseReadStore } from '@continuum/read-store-mongoose';
import { sqliteReadStore } from '@continuum/read-store-sqlite';

export { BUS_TRANSPORTS } from '@continuum/messaging-contract';
export const EVENT_STORES: readonly EventStoreAdapter[] = [sqliteEventStore, postgresEventStore, kurrentDbEventStore];
export const READ_STORES: readonly ReadStoreAdapter[] = [sqliteReadStore, mongooseReadStore];
