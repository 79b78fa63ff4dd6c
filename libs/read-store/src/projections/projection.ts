import { type AllFilter, type RecordedEvent } from '@continuum/event-store';
import { type DocumentCollection, type ReadModelDefinition } from '../read-store.js';

// A projection folds events into documents. Everything it writes is versioned by the global
// position of the event that caused the write, so that applying an event a second time — after
// a crash between the writes and the checkpoint, or a redelivered integration event — is
// refused by the store's version guard instead of counting twice.

/** What `apply` writes through: the collections of the generation being fed (live or rebuilding). */
export type ProjectionContext = {
  collection<T>(definition: ReadModelDefinition): Promise<DocumentCollection<T>>;
};

export type Projection = {
  /** Names the checkpoint and the rebuild command's argument, e.g. `intake-clients`. */
  name: string;
  /** Bump it when `apply` or the documents' shape changes: the next start rebuilds from position zero. */
  version: number;
  readModels: readonly ReadModelDefinition[];
  /** Which events of the store feed it (stream prefixes and/or event types). */
  filter: AllFilter;
  /**
   * Writes the documents the event changes, each with `event.position` as its version.
   * Must be deterministic (no clock, no randomness): a rebuild has to produce the very
   * documents the live run produced.
   */
  apply(event: RecordedEvent, context: ProjectionContext): Promise<void>;
};

/**
 * The usual shape of an apply step: read the document, fold the event into it, write it back
 * with the event's position. Skips the event when the stored document already reflects it
 * (its version is the event's position or later), so a replay changes nothing.
 *
 * Returns the document as it stands after the event, or undefined when the event was skipped.
 */
export async function foldInto<T>(
  collection: DocumentCollection<T>,
  id: string,
  event: RecordedEvent,
  fold: (current: T | undefined) => T | undefined,
): Promise<T | undefined> {
  const stored = await collection.get(id);
  if (stored && stored.version >= event.position) return undefined;
  const next = fold(stored?.document);
  if (next === undefined) return undefined;
  await collection.upsert(id, next, event.position);
  return next;
}
