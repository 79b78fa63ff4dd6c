export { BUS_TRANSPORTS } from './bus-transports.js';
