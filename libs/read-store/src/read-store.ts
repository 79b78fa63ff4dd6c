// The read side's document store port. Projections write documents here; list and dashboard
// queries read them (never the event store). Two adapters — SQLite (embedded) and MongoDB
// through mongoose (distributed) — are held to one contract suite. Everything here can be
// rebuilt from the event store, so it is a cache with rules, not a system of record.

export type Scalar = string | number | boolean | null;

/** A read model: a name and the fields it can be filtered and sorted on. */
export type ReadModelDefinition = {
  /** Collection name, e.g. `intake_clients`. Letters, digits and underscores. */
  name: string;
  /** Each index names fields (dot paths allowed, e.g. `level.code`); `find` may only filter and sort on indexed fields. */
  indexes: ReadonlyArray<{ fields: readonly string[]; unique?: boolean }>;
};

/** A stored document: the caller's JSON plus the version that guards concurrent writers. */
export type Stored<T> = { id: string; version: number; document: T };

export type FieldCondition = Scalar | { eq?: Scalar; ne?: Scalar; in?: Scalar[]; gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar };

export type FindQuery = {
  /** All conditions must hold. Keys are indexed field paths. */
  where?: Record<string, FieldCondition>;
  /** Sort by indexed fields; the id breaks ties so that cursors are stable. */
  sort?: ReadonlyArray<{ field: string; direction: 'asc' | 'desc' }>;
  /** Page size, 1..500. */
  limit: number;
  /** The `nextCursor` of the previous page. Opaque. */
  after?: string;
};

export type Page<T> = { items: Array<Stored<T>>; nextCursor?: string };

export interface DocumentCollection<T> {
  get(id: string): Promise<Stored<T> | undefined>;
  /**
   * Writes the document with `version`, only if the stored version is lower (or absent).
   * Returns false, writing nothing, when the stored one is the same or newer — so applying
   * an event twice (version = its global position) has no second effect.
   */
  upsert(id: string, document: T, version: number): Promise<boolean>;
  /** Deletes only if the stored version is lower than `version`; false otherwise. */
  delete(id: string, version: number): Promise<boolean>;
  find(query: FindQuery): Promise<Page<T>>;
  count(where?: FindQuery['where']): Promise<number>;
  /** Every document, for rebuild comparisons and tools; pages internally. */
  all(): AsyncIterable<Stored<T>>;
}

/**
 * One write of a batch: an upsert (with `document`) or a delete (`isDeleted`), judged by the
 * same version rule as DocumentCollection.upsert and delete. `collection` is one this store
 * handed out.
 */
export type DocumentWrite =
  | { collection: DocumentCollection<unknown>; id: string; version: number; document: unknown }
  | { collection: DocumentCollection<unknown>; id: string; version: number; isDeleted: true };

export interface ReadStore {
  collection<T>(definition: ReadModelDefinition): Promise<DocumentCollection<T>>;
  /**
   * Applies the writes in the order given, each under its version rule, and answers for each
   * whether it was applied. Where the adapter has transactions (SQLite) the lot is one commit:
   * a projection's batch of documents and its checkpoint land together or not at all. Where it
   * does not (MongoDB without a replica set), the writes run one after another in order, so a
   * checkpoint placed last is never stored ahead of the documents before it.
   */
  write(writes: readonly DocumentWrite[]): Promise<boolean[]>;
  /** Removes a collection and its documents (rebuilds write to a new generation, then drop the old). */
  drop(name: string): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol.for('continuum.ReadStore');

export class UnindexedQuery extends Error {
  override readonly name = 'UnindexedQuery';
  constructor(
    readonly collection: string,
    readonly field: string,
  ) {
    super(`${collection}: "${field}" is not an indexed field; declare an index on it in the read model before filtering or sorting by it`);
  }
}

/**
 * An `after` that is not the nextCursor of the same query: one the store did not issue, or
 * one from a query sorted differently. The caller's mistake, not the store's, so lists
 * answer it with a 400 (see listPage).
 */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  constructor(
    readonly collection: string,
    detail: string,
  ) {
    super(`${collection}: ${detail}`);
  }
}
