export * from './given-when-then.js';
export * from './personal-data.js';
export * from './projected-documents.js';
export * from './spawn-ts.js';
export * from './exclusive.js';
export * from './service-test-app.js';
export * from './staff-tokens.js';
export * from './store-snapshot.js';
