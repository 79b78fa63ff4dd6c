export * from './bus.js';
export * from './checkpoint-store.js';
export * from './inbox.js';
export { Relay, type RelayOptions, toOutgoingMessage } from './relay.js';
export * from './reliable-delivery.interceptor.js';
export { readIncomingMessage, type IncomingMessage, type MessageContext } from './incoming-message.js';
