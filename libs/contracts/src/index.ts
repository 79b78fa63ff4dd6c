export * from './event-contract.js';
export * from './fields.js';
export * from './intake-events.js';
export * from './integration-event.js';
export * from './registry.js';
export * from './schema.js';
export * from './treatment-plan-events.js';
export * from './validate-integration-event.js';
