export * from './given-when-then.js';
export * from './personal-data.js';
export * from './spawn-ts.js';
export * from './exclusive.js';
