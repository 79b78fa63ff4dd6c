import { type DocumentCollection, type DocumentWrite, type ReadModelDefinition, type ReadStore, type Stored } from '../read-store.js';
import { WriteBuffer } from './write-buffer.js';

type Row = { version: number; document?: unknown };
const ROWS: ReadModelDefinition = { name: 'rows', indexes: [] };

/** A store that keeps its rows in a map and counts its writes, with the adapters' version rule. */
function storeInMemory(): { store: ReadStore; rows: Map<string, Row>; writes: DocumentWrite[][]; gets: string[] } {
  const rows = new Map<string, Row>();
  const writes: DocumentWrite[][] = [];
  const gets: string[] = [];
  const collection: DocumentCollection<unknown> = {
    get: async (id) => {
      gets.push(id);
      const row = rows.get(id);
      return row && row.document !== undefined
        ? ({ id, version: row.version, document: structuredClone(row.document) } as Stored<unknown>)
        : undefined;
    },
    upsert: async () => Promise.reject(new Error('the buffer writes through ReadStore.write')),
    delete: async () => Promise.reject(new Error('the buffer writes through ReadStore.write')),
    find: async () => ({ items: [] }),
    count: async () => rows.size,
    all: async function* () {},
  };
  const store: ReadStore = {
    collection: async <T>() => collection as DocumentCollection<T>,
    write: async (batch) => {
      writes.push([...batch]);
      return batch.map((write) => {
        const current = rows.get(write.id);
        if (current && current.version >= write.version) return false;
        rows.set(
          write.id,
          'isDeleted' in write
            ? { version: write.version }
            : { version: write.version, document: JSON.parse(JSON.stringify(write.document)) },
        );
        return true;
      });
    },
    drop: async () => undefined,
    close: async () => undefined,
  };
  return { store, rows, writes, gets };
}

describe('a projection batch kept in memory until its flush', () => {
  it('hands back what was upserted and writes each document once, at its last version, in one store write', async () => {
    const { store, rows, writes } = storeInMemory();
    const buffer = new WriteBuffer(store);
    const context = buffer.context({ collection: <T>(definition: ReadModelDefinition) => store.collection<T>(definition) });
    const collection = await context.collection<{ count: number }>(ROWS);

    expect(await collection.upsert('a', { count: 1 }, 10)).toBe(true);
    expect(await collection.get('a')).toEqual({ id: 'a', version: 10, document: { count: 1 } });
    expect(await collection.upsert('a', { count: 2 }, 11)).toBe(true);
    expect(await collection.upsert('a', { count: 99 }, 11)).toBe(false);
    expect(rows.size).toBe(0);
    expect(buffer.documentCount).toBe(1);
    expect(buffer.size).toBe(2);

    await buffer.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(1);
    expect(buffer.documentCount).toBe(0);
    expect(rows.get('a')).toEqual({ version: 11, document: { count: 2 } });
  });

  it('under test, refuses an apply step that changes a document after upserting it', async () => {
    const { store } = storeInMemory();
    const buffer = new WriteBuffer(store);
    const collection = await buffer
      .context({ collection: <T>(definition: ReadModelDefinition) => store.collection<T>(definition) })
      .collection<{
        items: string[];
      }>(ROWS);
    const document = { items: ['first'] };
    await collection.upsert('a', document, 1);

    expect(() => document.items.push('second')).toThrow(TypeError);
    const stored = (await collection.get('a'))!;
    expect(() => (stored.document.items = [])).toThrow(TypeError);
    expect((await collection.get('a'))!.document).toEqual({ items: ['first'] });
  });

  it('under test, also freezes what a document frozen only on its surface holds', async () => {
    const { store } = storeInMemory();
    const buffer = new WriteBuffer(store);
    const collection = await buffer
      .context({ collection: <T>(definition: ReadModelDefinition) => store.collection<T>(definition) })
      .collection<{ items: string[] }>(ROWS);
    const initial = Object.freeze({ items: ['first'] });
    await collection.upsert('a', initial, 1);

    expect(() => initial.items.push('second')).toThrow(TypeError);
    expect((await collection.get('a'))!.document).toEqual({ items: ['first'] });
  });

  it('over collections a rebuild from position zero starts empty, reads from the store only the documents it wrote', async () => {
    const { store, rows, gets } = storeInMemory();
    const buffer = new WriteBuffer(store);
    const context = buffer.context(
      { collection: <T>(definition: ReadModelDefinition) => store.collection<T>(definition) },
      { startsEmpty: true },
    );
    const collection = await context.collection<{ count: number }>(ROWS);

    expect(await collection.get('a')).toBeUndefined();
    expect(await collection.upsert('a', { count: 1 }, 10)).toBe(true);
    expect(await collection.upsert('b', { count: 1 }, 11)).toBe(true);
    expect(await collection.delete('b', 12)).toBe(true);
    await buffer.flush();
    expect(gets).toEqual([]);

    // Written in an earlier batch: read from the store (once), under its version rule.
    expect(await collection.get('a')).toEqual({ id: 'a', version: 10, document: { count: 1 } });
    expect(await collection.upsert('a', { count: 0 }, 9)).toBe(false);
    expect(await collection.get('b')).toBeUndefined();
    expect(gets).toEqual(['a', 'b']);
    // Never written: still known to be absent.
    expect(await collection.get('c')).toBeUndefined();
    expect(gets).toHaveLength(2);
    await buffer.flush();
    expect(rows.get('a')).toEqual({ version: 10, document: { count: 1 } });
    expect(rows.get('b')).toEqual({ version: 12 });
  });

  it('checks an upsert against the version its batch already read, and reads again after the flush', async () => {
    const { store, rows, gets } = storeInMemory();
    rows.set('a', { version: 10, document: { count: 1 } });
    rows.set('b', { version: 20, document: { count: 1 } });
    const buffer = new WriteBuffer(store);
    const context = buffer.context({ collection: <T>(definition: ReadModelDefinition) => store.collection<T>(definition) });
    const collection = await context.collection<{ count: number }>(ROWS);

    expect(await collection.get('a')).toEqual({ id: 'a', version: 10, document: { count: 1 } });
    expect(await collection.upsert('a', { count: 0 }, 10)).toBe(false);
    expect(await collection.upsert('a', { count: 2 }, 11)).toBe(true);
    expect(await collection.get('missing')).toBeUndefined();
    expect(await collection.upsert('missing', { count: 1 }, 12)).toBe(true);
    // Not read before: its version is read from the store for the check.
    expect(await collection.upsert('b', { count: 0 }, 19)).toBe(false);
    expect(gets).toEqual(['a', 'missing', 'b']);
    await buffer.flush();
    expect(rows.get('a')).toEqual({ version: 11, document: { count: 2 } });
    expect(rows.get('missing')).toEqual({ version: 12, document: { count: 1 } });
    expect(rows.get('b')).toEqual({ version: 20, document: { count: 1 } });

    // Another writer moves b on between batches: the next batch reads it again.
    rows.set('b', { version: 30, document: { count: 3 } });
    expect(await collection.upsert('b', { count: 0 }, 25)).toBe(false);
    expect(gets).toEqual(['a', 'missing', 'b', 'b']);
  });
});
