import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type DocumentCollection,
  type FindQuery,
  InvalidCursor,
  type ReadModelDefinition,
  type ReadStore,
  type Stored,
  UnindexedQuery,
} from '../read-store.js';

// One contract for every adapter of the ReadStore port: the SQLite file and MongoDB must give
// the projections and the list endpoints the same answers. Every test works in collections
// of its own (random names), so the suite also runs against a shared, long-lived server.
//
// Exported from `@continuum/read-store/testing`, never from the library's index: it imports
// jest, which production code must never load.

export type OpenedReadStore = { store: ReadStore; cleanup(): Promise<void> };

/** A client on intake's list, the shape the read models of issue 4 hold. */
type ClientRow = {
  siteId: string;
  status: string;
  level?: { code: string | null; edition?: number };
  phq9?: number | null;
  onSafetyHold?: boolean;
  label?: string;
};

const runId = randomUUID().replaceAll('-', '').slice(0, 8);
let collections = 0;
function uniqueName(purpose: string): string {
  collections += 1;
  return `contract_${runId}_${collections}_${purpose}`;
}

function clientsModel(name = uniqueName('clients')): ReadModelDefinition {
  return {
    name,
    indexes: [
      { fields: ['siteId', 'status'] },
      { fields: ['level.code'] },
      { fields: ['phq9'] },
      { fields: ['onSafetyHold'] },
      { fields: ['label'] },
    ],
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Follows nextCursor to the end; `between` runs after each page, before the next is asked for. */
async function everyPage<T>(
  collection: DocumentCollection<T>,
  query: FindQuery,
  between?: (pageNumber: number) => Promise<void>,
): Promise<Array<Array<Stored<T>>>> {
  const pages: Array<Array<Stored<T>>> = [];
  let after: string | undefined;
  do {
    const page = await collection.find({ ...query, after });
    pages.push(page.items);
    after = page.nextCursor;
    if (after !== undefined) await between?.(pages.length);
    if (pages.length > 1000) throw new Error('pagination did not end after 1000 pages');
  } while (after !== undefined);
  return pages;
}

const ids = <T>(items: Array<Stored<T>>): string[] => items.map((item) => item.id);

/** MongoDB and SQLite compare strings byte by byte in UTF-8, which is not JavaScript's UTF-16 order. */
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export function readStoreContract(adapterName: string, open: () => Promise<OpenedReadStore>): void {
  describe(`ReadStore contract: ${adapterName}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;
    const created: string[] = [];

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => {
      for (const name of created) await store.drop(name);
      await cleanup();
    });

    async function clients(definition = clientsModel()): Promise<DocumentCollection<ClientRow>> {
      created.push(definition.name);
      return store.collection<ClientRow>(definition);
    }

    async function seed(collection: DocumentCollection<ClientRow>, rows: Record<string, ClientRow>): Promise<void> {
      for (const [id, row] of Object.entries(rows)) await collection.upsert(id, row, 1);
    }

    describe('writing guarded by version', () => {
      it('reads back a document with the version it was written with, and nothing for an unknown id', async () => {
        const collection = await clients();
        expect(await collection.upsert('client-1', { siteId: 'site-a', status: 'referred' }, 3)).toBe(true);

        expect(await collection.get('client-1')).toEqual({
          id: 'client-1',
          version: 3,
          document: { siteId: 'site-a', status: 'referred' },
        });
        expect(await collection.get('client-unknown')).toBeUndefined();
      });

      it('writes a batch in order across collections, each write under the version rule, and says which applied', async () => {
        const first = (await clients()) as DocumentCollection<unknown>;
        const second = (await clients()) as DocumentCollection<unknown>;
        await first.upsert('client-1', { siteId: 'site-a', status: 'assessed' }, 10);
        await first.upsert('client-2', { siteId: 'site-a', status: 'referred' }, 1);

        const applied = await store.write([
          { collection: first, id: 'client-1', version: 9, document: { siteId: 'site-a', status: 'referred' } },
          { collection: first, id: 'client-2', version: 4, isDeleted: true },
          { collection: second, id: 'client-3', version: 5, document: { siteId: 'site-b', status: 'referred' } },
          { collection: second, id: 'client-3', version: 6, document: { siteId: 'site-b', status: 'screening' } },
        ]);

        expect(applied).toEqual([false, true, true, true]);
        expect(await first.get('client-1')).toMatchObject({ version: 10, document: { status: 'assessed' } });
        expect(await first.get('client-2')).toBeUndefined();
        expect(await second.get('client-3')).toEqual({ id: 'client-3', version: 6, document: { siteId: 'site-b', status: 'screening' } });
        expect(await store.write([])).toEqual([]);
      });

      it('refuses an older or equal version, so an event applied twice has no second effect', async () => {
        const collection = await clients();
        await collection.upsert('client-1', { siteId: 'site-a', status: 'assessed' }, 10);

        expect(await collection.upsert('client-1', { siteId: 'site-a', status: 'referred' }, 9)).toBe(false);
        expect(await collection.upsert('client-1', { siteId: 'site-a', status: 'screening' }, 10)).toBe(false);
        expect(await collection.get('client-1')).toEqual({
          id: 'client-1',
          version: 10,
          document: { siteId: 'site-a', status: 'assessed' },
        });
      });

      it('replaces the whole document with a newer version', async () => {
        const collection = await clients();
        await collection.upsert('client-1', { siteId: 'site-a', status: 'referred', label: 'first' }, 1);

        expect(await collection.upsert('client-1', { siteId: 'site-b', status: 'admitted' }, 2)).toBe(true);
        expect(await collection.get('client-1')).toEqual({
          id: 'client-1',
          version: 2,
          document: { siteId: 'site-b', status: 'admitted' },
        });
      });

      it('deletes only with a newer version than the stored one', async () => {
        const collection = await clients();
        await collection.upsert('client-1', { siteId: 'site-a', status: 'referred' }, 5);

        expect(await collection.delete('client-1', 5)).toBe(false);
        expect(await collection.delete('client-1', 4)).toBe(false);
        expect(await collection.get('client-1')).toMatchObject({ version: 5 });
        expect(await collection.delete('client-1', 6)).toBe(true);
        expect(await collection.get('client-1')).toBeUndefined();
        expect(await collection.count()).toBe(0);
      });

      it('keeps a deleted document deleted when an older event is replayed after the deletion', async () => {
        const collection = await clients();
        await collection.upsert('client-1', { siteId: 'site-a', status: 'referred' }, 5);
        await collection.delete('client-1', 7);

        expect(await collection.upsert('client-1', { siteId: 'site-a', status: 'referred' }, 5)).toBe(false);
        expect(await collection.get('client-1')).toBeUndefined();
        expect(await collection.upsert('client-1', { siteId: 'site-a', status: 'admitted' }, 8)).toBe(true);
        expect(await collection.get('client-1')).toEqual({
          id: 'client-1',
          version: 8,
          document: { siteId: 'site-a', status: 'admitted' },
        });
      });

      it('reports nothing deleted for an unknown id, yet refuses older versions of it afterwards', async () => {
        const collection = await clients();
        expect(await collection.delete('client-never-seen', 4)).toBe(false);

        expect(await collection.upsert('client-never-seen', { siteId: 'site-a', status: 'referred' }, 3)).toBe(false);
        expect(await collection.upsert('client-never-seen', { siteId: 'site-a', status: 'referred' }, 5)).toBe(true);
      });

      it('refuses a second document with a value a unique index already holds, and allows documents without it', async () => {
        const collection = await clients({ name: uniqueName('consents'), indexes: [{ fields: ['label'], unique: true }] });
        await collection.upsert('consent-1', { siteId: 'site-a', status: 'active', label: 'CNS-001' }, 1);

        await expect(collection.upsert('consent-2', { siteId: 'site-a', status: 'active', label: 'CNS-001' }, 1)).rejects.toThrow(
          /must be unique/,
        );
        expect(await collection.upsert('consent-1', { siteId: 'site-a', status: 'revoked', label: 'CNS-001' }, 2)).toBe(true);
        expect(await collection.upsert('consent-3', { siteId: 'site-a', status: 'active' }, 1)).toBe(true);
        expect(await collection.upsert('consent-4', { siteId: 'site-b', status: 'active' }, 1)).toBe(true);
        expect(await collection.count()).toBe(3);
      });

      it('keeps unicode text exactly as written', async () => {
        const collection = await clients();
        const label = 'Zoë Ångström — 日本語 · emoji 🧘 · RTL שלום';
        await collection.upsert('client-ü', { siteId: 'site-ß', status: 'referred', label }, 1);

        expect(await collection.get('client-ü')).toEqual({
          id: 'client-ü',
          version: 1,
          document: { siteId: 'site-ß', status: 'referred', label },
        });
        expect(ids((await collection.find({ where: { label }, limit: 10 })).items)).toEqual(['client-ü']);
      });
    });

    describe('finding by indexed fields', () => {
      let collection: DocumentCollection<ClientRow>;
      beforeAll(async () => {
        collection = await clients();
        await seed(collection, {
          c1: { siteId: 'site-a', status: 'referred', level: { code: '2.1', edition: 3 }, phq9: 4, onSafetyHold: false },
          c2: { siteId: 'site-a', status: 'admitted', level: { code: '3.5', edition: 3 }, phq9: 12, onSafetyHold: true },
          c3: { siteId: 'site-a', status: 'assessed', level: { code: '2.5', edition: 4 }, phq9: 10, onSafetyHold: false },
          c4: { siteId: 'site-b', status: 'admitted', level: { code: '2.1', edition: 4 }, phq9: 20 },
          c5: { siteId: 'site-b', status: 'screening', level: { code: null }, phq9: null },
          c6: { siteId: 'site-b', status: 'referred' },
        });
      });
      const find = async (where: FindQuery['where']): Promise<string[]> => ids((await collection.find({ where, limit: 50 })).items).sort();

      it('matches equality, written plainly or as eq', async () => {
        expect(await find({ siteId: 'site-a' })).toEqual(['c1', 'c2', 'c3']);
        expect(await find({ status: { eq: 'admitted' } })).toEqual(['c2', 'c4']);
      });

      it('matches a nested field by its dot path', async () => {
        expect(await find({ 'level.code': '2.1' })).toEqual(['c1', 'c4']);
      });

      it('matches ne, including documents without the field', async () => {
        expect(await find({ 'level.code': { ne: '2.1' } })).toEqual(['c2', 'c3', 'c5', 'c6']);
      });

      it('matches in', async () => {
        expect(await find({ status: { in: ['assessed', 'screening'] } })).toEqual(['c3', 'c5']);
        expect(await find({ status: { in: [] } })).toEqual([]);
      });

      it('matches numeric ranges as numbers, not as text', async () => {
        expect(await find({ phq9: { gte: 10 } })).toEqual(['c2', 'c3', 'c4']);
        expect(await find({ phq9: { gt: 4, lt: 20 } })).toEqual(['c2', 'c3']);
        expect(await find({ phq9: { lte: 4 } })).toEqual(['c1']);
      });

      it('matches string ranges in code order', async () => {
        expect(await find({ 'level.code': { gte: '2.5', lt: '3.7' } })).toEqual(['c2', 'c3']);
      });

      it('matches booleans as booleans, not as 1 and 0', async () => {
        expect(await find({ onSafetyHold: true })).toEqual(['c2']);
        expect(await find({ onSafetyHold: false })).toEqual(['c1', 'c3']);
        expect(await find({ onSafetyHold: 1 })).toEqual([]);
        expect(await find({ onSafetyHold: { in: [0, 'true'] } })).toEqual([]);
      });

      it('treats null and a missing field alike in queries, and keeps them apart in the documents', async () => {
        expect(await find({ 'level.code': null })).toEqual(['c5', 'c6']);
        expect(await find({ phq9: { ne: null } })).toEqual(['c1', 'c2', 'c3', 'c4']);
        expect(await find({ phq9: { in: [null, 20] } })).toEqual(['c4', 'c5', 'c6']);
        expect((await collection.get('c5'))?.document).toEqual({
          siteId: 'site-b',
          status: 'screening',
          level: { code: null },
          phq9: null,
        });
        expect((await collection.get('c6'))?.document).toEqual({ siteId: 'site-b', status: 'referred' });
      });

      it('requires every condition to hold', async () => {
        expect(await find({ siteId: 'site-a', status: { ne: 'referred' }, phq9: { gte: 11 } })).toEqual(['c2']);
        expect(await find({ siteId: 'site-b', 'level.code': { in: ['2.1', '3.5'] } })).toEqual(['c4']);
      });

      it('counts with and without conditions', async () => {
        expect(await collection.count()).toBe(6);
        expect(await collection.count({ siteId: 'site-b' })).toBe(3);
        expect(await collection.count({ phq9: { gte: 10 }, siteId: 'site-a' })).toBe(2);
      });

      it('refuses to filter, sort or count on a field without an index, naming the field', async () => {
        await expect(collection.find({ where: { 'level.edition': 3 }, limit: 10 })).rejects.toThrow(UnindexedQuery);
        await expect(collection.find({ sort: [{ field: 'level.edition', direction: 'asc' }], limit: 10 })).rejects.toThrow(
          /"level\.edition" is not an indexed field/,
        );
        await expect(collection.count({ name: 'anything' })).rejects.toThrow(UnindexedQuery);
      });

      it('refuses a page size outside 1..500', async () => {
        await expect(collection.find({ limit: 0 })).rejects.toThrow(/ask for 1 to 500/);
        await expect(collection.find({ limit: 501 })).rejects.toThrow(/ask for 1 to 500/);
      });
    });

    describe('sorting', () => {
      let collection: DocumentCollection<ClientRow>;
      beforeAll(async () => {
        collection = await clients();
        await seed(collection, {
          d: { siteId: 'site-a', status: 'referred', phq9: 10, label: 'b' },
          a: { siteId: 'site-b', status: 'admitted', phq9: 3, label: 'a' },
          e: { siteId: 'site-a', status: 'admitted', phq9: 10, label: 'a' },
          b: { siteId: 'site-b', status: 'referred', phq9: 27, label: 'b' },
          c: { siteId: 'site-a', status: 'assessed', phq9: 3, label: 'c' },
          f: { siteId: 'site-c', status: 'referred', label: 'a' },
        });
      });
      const sorted = async (sort: FindQuery['sort'], where?: FindQuery['where']): Promise<string[]> =>
        ids((await collection.find({ where, sort, limit: 50 })).items);

      it('orders by id when no sort is asked for', async () => {
        expect(await sorted(undefined)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      });

      it('sorts numbers ascending with a missing value first, ties broken by id', async () => {
        expect(await sorted([{ field: 'phq9', direction: 'asc' }])).toEqual(['f', 'a', 'c', 'd', 'e', 'b']);
      });

      it('sorts descending with a missing value last, ties broken by id in the same direction', async () => {
        expect(await sorted([{ field: 'phq9', direction: 'desc' }])).toEqual(['b', 'e', 'd', 'c', 'a', 'f']);
      });

      it('sorts on two fields in different directions', async () => {
        expect(
          await sorted([
            { field: 'siteId', direction: 'asc' },
            { field: 'status', direction: 'desc' },
          ]),
        ).toEqual(['d', 'c', 'e', 'b', 'a', 'f']);
        expect(
          await sorted([
            { field: 'label', direction: 'desc' },
            { field: 'phq9', direction: 'asc' },
          ]),
        ).toEqual(['c', 'd', 'b', 'f', 'a', 'e']);
      });

      it('sorts and filters at once', async () => {
        expect(await sorted([{ field: 'phq9', direction: 'desc' }], { siteId: 'site-a' })).toEqual(['e', 'd', 'c']);
      });

      it('sorts unicode text byte by byte in UTF-8', async () => {
        const texts = await clients();
        const labels = ['zebra', 'Zebra', 'éclair', 'eclair', '日本', '🧘 yoga', 'Ångström', 'a b', 'ab'];
        for (const [index, label] of labels.entries()) await texts.upsert(`t${index}`, { siteId: 's', status: 'x', label }, 1);

        const found = await texts.find({ sort: [{ field: 'label', direction: 'asc' }], limit: 50 });
        expect(found.items.map((item) => item.document.label)).toEqual([...labels].sort(utf8Order));
      });
    });

    describe('paging with cursors', () => {
      const pageIds = (pages: Array<Array<Stored<ClientRow>>>): string[] => pages.flatMap(ids);

      it('walks several pages with no gap and no repeat, and gives no cursor on the last page', async () => {
        const collection = await clients();
        for (let n = 0; n < 23; n++)
          await collection.upsert(`c${String(n).padStart(2, '0')}`, { siteId: 'site-a', status: 'referred', phq9: n % 4 }, 1);
        const query: FindQuery = { sort: [{ field: 'phq9', direction: 'desc' }], limit: 5 };

        const pages = await everyPage(collection, query);

        expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
        const all = (await collection.find({ ...query, limit: 500 })).items;
        expect(pageIds(pages)).toEqual(ids(all));
        expect(new Set(pageIds(pages)).size).toBe(23);
      });

      it('gives no cursor when the last page is exactly full', async () => {
        const collection = await clients();
        await seed(collection, { a: { siteId: 's', status: 'x' }, b: { siteId: 's', status: 'x' } });

        const page = await collection.find({ limit: 2 });
        expect(ids(page.items)).toEqual(['a', 'b']);
        expect(page.nextCursor).toBeUndefined();
      });

      it('pages through a two-field sort over nulls, ties and a filter', async () => {
        const collection = await clients();
        const levels = ['2.1', '3.5', null, '2.5', undefined];
        for (let n = 0; n < 30; n++) {
          const code = levels[n % levels.length];
          const row: ClientRow = { siteId: n % 3 === 0 ? 'site-b' : 'site-a', status: 'admitted', phq9: n % 2 === 0 ? null : n % 5 };
          if (code !== undefined) row.level = { code };
          await collection.upsert(`c${n}`, row, 1);
        }
        for (const sort of [
          [
            { field: 'level.code', direction: 'asc' },
            { field: 'phq9', direction: 'desc' },
          ],
          [
            { field: 'level.code', direction: 'desc' },
            { field: 'phq9', direction: 'asc' },
          ],
        ] as const) {
          const query: FindQuery = { where: { siteId: 'site-a' }, sort, limit: 3 };
          const pages = await everyPage(collection, query);
          expect(pageIds(pages)).toEqual(ids((await collection.find({ ...query, limit: 500 })).items));
          expect(pageIds(pages)).toHaveLength(20);
        }
      });

      it('neither skips nor repeats a document when others are written between pages', async () => {
        const collection = await clients();
        for (let n = 0; n < 20; n++)
          await collection.upsert(`c${String(n * 10).padStart(3, '0')}`, { siteId: 'site-a', status: 'referred', phq9: n }, 1);
        const before = new Set(ids((await collection.find({ limit: 500 })).items));

        const pages = await everyPage(collection, { sort: [{ field: 'phq9', direction: 'asc' }], limit: 4 }, async (pageNumber) => {
          if (pageNumber > 3) return;
          // One lands before the cursor, one after it: the first is not seen, the second is.
          await collection.upsert(`early-${pageNumber}`, { siteId: 'site-a', status: 'referred', phq9: -1 }, 1);
          await collection.upsert(`late-${pageNumber}`, { siteId: 'site-a', status: 'referred', phq9: 100 + pageNumber }, 1);
        });

        const seen = pageIds(pages);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of before) expect(seen).toContain(id);
        expect(seen.filter((id) => id.startsWith('early-'))).toEqual([]);
        expect(seen.filter((id) => id.startsWith('late-'))).toEqual(['late-1', 'late-2', 'late-3']);
      });

      it('refuses a cursor used with another sort, and one it did not issue, as InvalidCursor', async () => {
        const collection = await clients();
        await seed(collection, { a: { siteId: 's', status: 'x', phq9: 1 }, b: { siteId: 's', status: 'x', phq9: 2 } });
        const first = await collection.find({ sort: [{ field: 'phq9', direction: 'asc' }], limit: 1 });

        const resorted = collection.find({ sort: [{ field: 'phq9', direction: 'desc' }], limit: 1, after: first.nextCursor });
        await expect(resorted).rejects.toThrow(InvalidCursor);
        await expect(resorted).rejects.toThrow(/sorted differently/);
        const foreign = collection.find({ limit: 1, after: 'not-a-cursor' });
        await expect(foreign).rejects.toThrow(InvalidCursor);
        await expect(foreign).rejects.toThrow(/ask for the first page again/);
        // Well-formed JSON, but not a position this store wrote (another system's page token).
        const lookalike = Buffer.from(JSON.stringify({ page: 2 }), 'utf8').toString('base64url');
        await expect(collection.find({ limit: 1, after: lookalike })).rejects.toThrow(InvalidCursor);
      });
    });

    describe('whole collections', () => {
      it('iterates over every document with all(), across internal pages', async () => {
        const collection = await clients();
        for (let n = 0; n < 1234; n++)
          await collection.upsert(`c${n}`, { siteId: `site-${n % 7}`, status: 'referred', phq9: n % 28 }, n + 1);

        const every = await collect(collection.all());

        expect(every).toHaveLength(1234);
        expect(new Set(ids(every)).size).toBe(1234);
        expect(every.find((item) => item.id === 'c1000')).toEqual({
          id: 'c1000',
          version: 1001,
          document: { siteId: 'site-6', status: 'referred', phq9: 1000 % 28 },
        });
      });

      it('drops a collection with its documents, and starts empty when opened again', async () => {
        const definition = clientsModel();
        const collection = await clients(definition);
        await seed(collection, { a: { siteId: 's', status: 'x' } });

        await store.drop(definition.name);
        await store.drop(definition.name);
        const reopened = await store.collection<ClientRow>(definition);

        expect(await reopened.count()).toBe(0);
        expect(await reopened.upsert('a', { siteId: 's', status: 'y' }, 1)).toBe(true);
      });

      it('keeps two collections apart, even for the same ids', async () => {
        const first = await clients();
        const second = await clients();
        await first.upsert('shared-id', { siteId: 's', status: 'in-first' }, 5);
        await second.upsert('shared-id', { siteId: 's', status: 'in-second' }, 1);

        expect((await first.get('shared-id'))?.document.status).toBe('in-first');
        expect((await second.get('shared-id'))?.document.status).toBe('in-second');
        expect(await first.count({ status: 'in-second' })).toBe(0);
      });

      it('opens the same collection twice and sees one set of documents', async () => {
        const definition = clientsModel();
        const first = await clients(definition);
        await first.upsert('a', { siteId: 's', status: 'x' }, 1);

        const again = await store.collection<ClientRow>(definition);
        expect(await again.get('a')).toMatchObject({ version: 1 });
      });
    });
  });
}
