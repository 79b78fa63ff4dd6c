import {
  type DocumentCollection,
  type DocumentWrite,
  type FindQuery,
  type Page,
  type ReadModelDefinition,
  type ReadStore,
  type Stored,
} from '../read-store.js';
import { type ProjectionContext } from './projection.js';

// Applying event by event would write each document once per event, each write its own
// commit. The buffer keeps a batch's writes in memory and writes each document once, with the
// version of the last event that touched it, in ONE read-store write together with the
// checkpoint that moves past the batch (ReadStore.write: one transaction in SQLite). The
// documents are the same as event by event: the version guard is applied here as the store
// would apply it, and a crash before the flush replays the batch like any other crash.
// An apply step must therefore only get, upsert and delete; find, count and all read the store
// and would miss what the batch has not written yet.
//
// Documents are values: the buffer keeps the very object given to upsert and hands it back
// from get, serialised once, when the batch is written. An apply step must not change a
// document it got or upserted (fold into a new one, as `evolve` and spreads do); under test
// (NODE_ENV=test) every buffered document is frozen, so a step that does fails its specs.
// Copying each document through JSON at every upsert and cloning it at every get cost a
// rebuild half its time (bench:projections).
//
// A rebuild that starts a new generation at position zero (context(…, { startsEmpty: true }))
// folds every event of every document itself: a document it has not written yet has had no
// event before this one, so the buffer answers its get (absent) without asking the store. It
// remembers the ids it wrote, not the documents, for as long as it lives; a document it did
// write is read from the store as usual. Asking the store at each client's first event cost a
// rebuild a tenth of its time (bench:projections). Whatever else is in the collection (a killed
// run's writes, a second rebuild of the same generation) was folded from the same events, so
// the version guard at the flush keeps the newest, as it does for any replay.
//
// Live, a step typically gets a document and then upserts it: the buffer remembers the
// version each get found in the store, until the flush, so that the upsert's version check
// does not read (and parse) the same document again. Another writer's change in between is
// caught by the version guard at the flush, as it was when the check read the store.

type Pending = { version: number; document: unknown } | { version: number; isDeleted: true };

export type BufferedContextOptions = {
  /** The collections were empty when this buffer began (a new generation rebuilt from position zero) and only it writes them. */
  startsEmpty?: boolean;
};

const isUnderTest = process.env['NODE_ENV'] === 'test';

// What deepFreeze has already walked: a document folded from the last one shares most of it.
// Object.isFrozen would not do: an object frozen elsewhere, only on its surface (a module's
// `initialState`, say), would leave what it holds open to change.
const deeplyFrozen = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !deeplyFrozen.has(value)) {
    deeplyFrozen.add(value);
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class WriteBuffer {
  private readonly pending = new Map<
    string,
    {
      collection: DocumentCollection<unknown>;
      documents: Map<string, Pending>;
      /** The version each store read of this batch found (undefined: no document), until the flush. */
      storedVersions: Map<string, number | undefined>;
      written?: Set<string>;
    }
  >();
  private writes = 0;
  private buffered = 0;

  /** `readStore`: the store, or what writes to it (TurnWrites, for the live feeds). */
  constructor(private readonly readStore: Pick<ReadStore, 'write'>) {}

  /** Buffered writes since the last flush. */
  get size(): number {
    return this.writes;
  }

  /** Distinct documents buffered since the last flush (what the batch holds in memory). */
  get documentCount(): number {
    return this.buffered;
  }

  context(inner: ProjectionContext, options: BufferedContextOptions = {}): ProjectionContext {
    return {
      collection: async <T>(definition: ReadModelDefinition) =>
        this.wrap(definition.name, await inner.collection<T>(definition), options.startsEmpty === true),
    };
  }

  /**
   * Writes the batch's documents, then `after` (a checkpoint), in one read-store write; answers
   * whether each of `after` was applied.
   */
  async flush(after: readonly DocumentWrite[] = []): Promise<boolean[]> {
    const writes: DocumentWrite[] = [];
    for (const { collection, documents, storedVersions } of this.pending.values()) {
      storedVersions.clear();
      for (const [id, pending] of documents) {
        writes.push(
          'isDeleted' in pending
            ? { collection, id, version: pending.version, isDeleted: true }
            : { collection, id, version: pending.version, document: pending.document },
        );
      }
      documents.clear();
    }
    this.writes = 0;
    this.buffered = 0;
    if (writes.length === 0 && after.length === 0) return [];
    return (await this.readStore.write([...writes, ...after])).slice(writes.length);
  }

  private wrap<T>(name: string, collection: DocumentCollection<T>, startsEmpty: boolean): DocumentCollection<T> {
    let entry = this.pending.get(name);
    if (!entry) {
      entry = {
        collection: collection as DocumentCollection<unknown>,
        documents: new Map(),
        storedVersions: new Map(),
        ...(startsEmpty ? { written: new Set<string>() } : {}),
      };
      this.pending.set(name, entry);
    }
    const { documents, storedVersions, written } = entry;
    /** The stored document, unless the buffer knows there is none. */
    const stored = async (id: string): Promise<Stored<T> | undefined> => {
      if (written && !written.has(id)) return undefined;
      const found = await collection.get(id);
      storedVersions.set(id, found?.version);
      return found;
    };
    const storedVersion = async (id: string): Promise<number | undefined> => {
      const pending = documents.get(id);
      if (pending) return pending.version;
      return storedVersions.has(id) ? storedVersions.get(id) : (await stored(id))?.version;
    };
    const keep = (id: string, pending: Pending) => {
      if (!documents.has(id)) this.buffered += 1;
      documents.set(id, pending);
      written?.add(id);
      this.writes += 1;
    };
    return {
      get: async (id: string): Promise<Stored<T> | undefined> => {
        const pending = documents.get(id);
        if (!pending) return stored(id);
        return 'isDeleted' in pending ? undefined : { id, version: pending.version, document: pending.document as T };
      },
      upsert: async (id: string, document: T, version: number): Promise<boolean> => {
        const current = await storedVersion(id);
        if (current !== undefined && current >= version) return false;
        keep(id, { version, document: isUnderTest ? deepFreeze(document) : document });
        return true;
      },
      delete: async (id: string, version: number): Promise<boolean> => {
        const current = await storedVersion(id);
        if (current !== undefined && current >= version) return false;
        keep(id, { version, isDeleted: true });
        return true;
      },
      find: (query: FindQuery): Promise<Page<T>> => collection.find(query),
      count: (where?: FindQuery['where']) => collection.count(where),
      all: () => collection.all(),
    };
  }
}
