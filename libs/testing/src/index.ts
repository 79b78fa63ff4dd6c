export * from './given-when-then.js';
export * from './personal-data.js';
export * from './spawn-ts.js';
export * from './exclusive.js';
export * from './free-port.js';
export * from './private-kafka-broker.js';
