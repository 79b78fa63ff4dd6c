export { EmbeddedBus, type EmbeddedBusOptions, type EmbeddedBusServerOptions } from './embedded-bus.js';
export { EmbeddedBusServer, type EmbeddedBusStatus } from './embedded-bus-server.js';
export { EmbeddedBusClient, type EmbeddedBusEvent } from './embedded-bus-client.js';
export { EmbeddedBusContext, type EmbeddedBusMessage } from './embedded-bus-context.js';
export { type Lease } from './consumer-group.js';
export { partitionForKey } from './partitioner.js';
