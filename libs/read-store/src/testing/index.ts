// Test support for the adapter projects' specs, never imported by production code (it loads jest).
export { readStoreContract, type OpenedReadStore } from './read-store.contract.js';
