export * from './projected-documents.js';
export * from './service-test-app.js';
export * from './staff-tokens.js';
export * from './store-snapshot.js';
