export * from './event-store.js';
export * from './hash-chain.js';
export { SqliteEventStore, type SqliteEventStoreOptions, DEFAULT_MAX_EVENT_BYTES } from './sqlite/sqlite-event-store.js';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store.js';
export { openEventStore, parseEventStoreUrl, type EventStoreLocation } from './open-event-store.js';
export { deterministicEventId, newId } from './event-ids.js';
export { runCommand, type RunCommandOptions, type CommandResult, type CommandEnvelope } from './command-runner.js';
export {
  runCommands,
  commandStep,
  type CommandStep,
  type AnyCommandStep,
  type CommandStepFor,
  type TypedCommandStep,
  type StepDecision,
  type StepOutcome,
  type RunCommandsOptions,
  type CommandsResult,
} from './multi-stream-command.js';
/** The embedded store's SQLite file opened with its schema: the store benchmark's raw-append baseline writes to it directly. */
export { openDatabase as openEventStoreDatabase } from './sqlite/schema.js';
