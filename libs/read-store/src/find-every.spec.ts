import { findEvery } from './find-every.js';
import { type DocumentCollection, type FindQuery, type Page } from './read-store.js';

type Row = { planId: string };

/** A collection of `total` rows that answers pages of `limit`, and remembers the queries it was asked. */
function pagedCollection(total: number) {
  const rows = Array.from({ length: total }, (_, index) => ({ id: `plan-${index}`, version: 1, document: { planId: `plan-${index}` } }));
  const queries: FindQuery[] = [];
  const collection = {
    async find(query: FindQuery): Promise<Page<Row>> {
      queries.push(query);
      const start = query.after === undefined ? 0 : Number(query.after);
      const end = start + query.limit;
      return { items: rows.slice(start, end), ...(end < rows.length ? { nextCursor: String(end) } : {}) };
    },
  } as unknown as DocumentCollection<Row>;
  return { collection, queries };
}

describe('findEvery', () => {
  it('follows the cursor to the last page and answers every document, in order', async () => {
    const { collection, queries } = pagedCollection(5);
    const rows = await findEvery(collection, { where: { isActive: true }, limit: 2 });
    expect(rows.map((row) => row.planId)).toEqual(['plan-0', 'plan-1', 'plan-2', 'plan-3', 'plan-4']);
    expect(queries).toEqual([
      { where: { isActive: true }, limit: 2 },
      { where: { isActive: true }, limit: 2, after: '2' },
      { where: { isActive: true }, limit: 2, after: '4' },
    ]);
  });

  it('asks once when everything fits on the first page, and answers none for no match', async () => {
    const { collection, queries } = pagedCollection(0);
    expect(await findEvery(collection, { limit: 200 })).toEqual([]);
    expect(queries).toHaveLength(1);
  });
});
