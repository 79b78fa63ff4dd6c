export * from './bus.js';
export * from './checkpoint-store.js';
export * from './inbox.js';
export { Relay, type RelayMapping, type RelayOptions, toOutgoingMessage } from './relay.js';
export * from './reliable-delivery.interceptor.js';
export { readIncomingMessage, type IncomingMessage, type MessageContext } from './incoming-message.js';
export * from './messaging-config.js';
export * from './bus-transport.js';
export * from './messaging.module.js';
