export * from './event-store.js';
export * from './hash-chain.js';
export { passesFilter, unionOfFilters } from './all-filter.js';
export { type AppendJob, DEFAULT_MAX_EVENT_BYTES, prepareAppend, prepareAppends } from './append-preparation.js';
export { EVENT_COLUMNS, recordedEventOf, type StoredEventRow, type StoredEventRowAt, verifyRows } from './stream-verification.js';
export { HeadSubscription, type HeadSubscriptionSource } from './head-subscription.js';
export { chainedEvents, type ChainedEvent, earlierAppendResult, type StoredPlace } from './stream-append-rules.js';
export { chooseAdapter, sqliteFilePath, urlScheme } from './adapter-choice.js';
export {
  openEventStore,
  parseEventStoreUrl,
  type EventStoreAdapter,
  type EventStoreLocation,
  type OpenEventStoreOptions,
} from './open-event-store.js';
export { deterministicEventId, newId } from './event-ids.js';
export { type FoldedAt, KeptAnswers, KeptFolds, foldAfter, foldKept } from './kept-folds.js';
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
  COMMAND_OUTCOMES,
  type CommandOutcomeKind,
  type CommandOutcomeMessage,
} from './multi-stream-command.js';
export * from './checkpoints/index.js';
export {
  DEFAULT_SINGLE_ACTIVE_LEASE_MS,
  hasLeases,
  type LeaseStore,
  type LeasingEventStore,
  SingleActive,
  type SingleActiveOptions,
  singleActiveLeaseMs,
} from './single-active.js';
