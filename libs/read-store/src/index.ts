export * from './read-store.js';
export * from './projections/projection.js';
export * from './projections/projection-runner.js';
export * from './projections/rebuild.js';
export * from './projections/rebuild-progress.js';
export { CHECKPOINTS, CheckpointStore, type ActiveGeneration, type RebuildInProgress } from './projections/checkpoint.js';
export { generationName, inGeneration } from './projections/generation.js';
export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite/sqlite-read-store.js';
export { readStoreUrlFrom } from './projections/read-store-url.js';
