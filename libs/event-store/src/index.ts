export * from './event-store.js';
export * from './hash-chain.js';
export { SqliteEventStore, type SqliteEventStoreOptions, DEFAULT_MAX_EVENT_BYTES } from './sqlite/sqlite-event-store.js';
export { EventIdAlreadyInStream } from './sqlite/event-id-already-in-stream.js';
