import { type EventStore, type RecordedEvent } from '@continuum/event-store';

// What a spec compares before and after a refused command: the event ids each named stream
// holds and where the store's global log ends. The relay publishes from that log, so a log
// that did not move also means nothing was published.

export type StoreSnapshot = { head: number; streams: Record<string, string[]> };

export async function storeSnapshot(store: EventStore, streams: readonly string[]): Promise<StoreSnapshot> {
  const held = await Promise.all(
    streams.map(async (stream) => [stream, (await store.readStream(stream)).map((event) => event.eventId)] as const),
  );
  return { head: await store.headPosition(), streams: Object.fromEntries(held) };
}

/** Every event appended anywhere after a snapshot's head. */
export async function appendedSince(store: EventStore, snapshot: StoreSnapshot): Promise<RecordedEvent[]> {
  const appended: RecordedEvent[] = [];
  for await (const event of store.readAll({ after: snapshot.head })) appended.push(event);
  return appended;
}
