export * from './client.js';
export * from './config.js';
export * from './consent-gate.js';
export * from './deadlines.js';
export * from './decide.js';
export * from './events.js';
export * from './provider.js';
export * from './referral.js';
