export * from './given-when-then.js';
export * from './spawn-ts.js';
