// Test support for the adapter projects' specs, never imported by production code (it loads jest).
export { envelope, event, eventStoreContract, type OpenedStore } from './event-store.contract.js';
export { MemoryLeases } from './memory-leases.js';
