export * from './purpose-of-use.js';
export * from './consent.js';
export * from './consent-state.js';
export * from './restrictions.js';
export * from './disclosure.js';
export * from './accounting.js';
export * from './legacy-form.js';
