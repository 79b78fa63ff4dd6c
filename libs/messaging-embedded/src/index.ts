import { type BusTransportAdapter } from '@continuum/messaging';
import { EmbeddedBus } from './embedded-bus.js';

export { EmbeddedBus, type EmbeddedBusOptions, type EmbeddedBusServerOptions } from './embedded-bus.js';
export { EmbeddedBusServer, type EmbeddedBusStatus } from './embedded-bus-server.js';
export { EmbeddedBusClient, type EmbeddedBusEvent } from './embedded-bus-client.js';
export { EmbeddedBusContext, type EmbeddedBusMessage } from './embedded-bus-context.js';
export { type Lease } from './consumer-group.js';
export { partitionForKey } from './partitioner.js';

/** The embedded bus as a service's transport: one SQLite log shared by the processes of a machine (BUS=embedded). */
export const embeddedBusTransport: BusTransportAdapter = {
  kind: 'embedded',
  open: async ({ path }) => {
    const bus = await EmbeddedBus.open({ path });
    const publisher = bus.publisher();
    const admin = bus.admin();
    return {
      kind: 'embedded',
      publisher,
      admin,
      consumerOptions: (group) => ({ strategy: bus.server({ group }) }),
      ensureTopics: async () => undefined,
      description: `the embedded bus ${path} (BUS_URL)`,
      // A file on this machine: there when the process is.
      probe: async () => undefined,
      close: async () => {
        await publisher.close();
        await admin.close();
        await bus.close();
      },
    };
  },
};
