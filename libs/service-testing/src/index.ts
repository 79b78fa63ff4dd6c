export * from './flushed-snapshot.js';
export * from './projected-documents.js';
export * from './service-test-app.js';
export * from './staff-tokens.js';
export * from './store-snapshot.js';
export * from './stream-reads.js';
