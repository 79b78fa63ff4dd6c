export * from './event-store.js';
export * from './hash-chain.js';
