import { type EventStore } from '@continuum/event-store';

/**
 * The revision each read of `stream` started from while `act` ran (0: from its first event), as
 * seen on `store`, the store beneath a service's instrumented one. The store's own method is put
 * back afterwards.
 */
export async function revisionsReadDuring(store: EventStore, stream: string, act: () => Promise<void>): Promise<number[]> {
  const read = store.readStream;
  const fromRevisions: number[] = [];
  store.readStream = (...asked) => {
    if (asked[0] === stream) fromRevisions.push(asked[1]?.fromRevision ?? 0);
    return read.apply(store, asked);
  };
  try {
    await act();
  } finally {
    store.readStream = read;
  }
  return fromRevisions;
}
