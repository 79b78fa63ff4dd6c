export * from './sqlite-file.js';
export { DEFAULT_WAL_PRESIZE_BYTES, WalCheckpointer } from './wal-checkpointer.js';
