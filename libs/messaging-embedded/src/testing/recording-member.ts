import { type EmbeddedBus } from '../embedded-bus.js';
import { type EmbeddedBusContext } from '../embedded-bus-context.js';
import { type EmbeddedBusServer } from '../embedded-bus-server.js';

/** Short heartbeats, so that a killed member's partitions move within half a second. */
export const MEMBER_TIMINGS = { pollIntervalMs: 10, heartbeatIntervalMs: 100, sessionTimeoutMs: 400 } as const;

export type Handled = { memberId: string; key: string; sequence: number; partition: number; offset: number };

/**
 * A group member without a Nest application around it: the handler is registered the way
 * Nest registers an @EventPattern handler (an event handler on the topic), and each message
 * handled is recorded with who handled it and where it came from.
 */
export async function startRecordingMember(
  bus: EmbeddedBus,
  options: { group: string; topic: string; handled: Handled[]; workMs?: number },
): Promise<EmbeddedBusServer> {
  const server = bus.server({ group: options.group });
  server.addHandler(
    options.topic,
    async (payload: { sequence: number }, context?: EmbeddedBusContext) => {
      if (options.workMs) await new Promise((resolve) => setTimeout(resolve, options.workMs));
      const message = context!.getMessage();
      options.handled.push({
        memberId: server.memberId,
        key: message.key,
        sequence: payload.sequence,
        partition: context!.getPartition(),
        offset: Number(message.offset),
      });
    },
    true,
  );
  await new Promise<void>((resolve, reject) => server.listen((error) => (error ? reject(error) : resolve())));
  return server;
}
