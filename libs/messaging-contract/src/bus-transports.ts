import { type BusTransportAdapter } from '@continuum/messaging';
import { embeddedBusTransport } from '@continuum/messaging-embedded';
import { kafkaBusTransport } from '@continuum/messaging-kafka';

/** Every transport: the contract runs against each, and the tools speak to whichever bus a deployment uses. */
export const BUS_TRANSPORTS: readonly BusTransportAdapter[] = [embeddedBusTransport, kafkaBusTransport];
