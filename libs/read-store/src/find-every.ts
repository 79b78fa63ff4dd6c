import { type DocumentCollection, type FindQuery } from './read-store.js';

/**
 * Every document matching `query`, following nextCursor page by page (`limit` is the page
 * size): for a scheduler's candidates, which must all be seen. An HTTP list answers one page.
 */
export async function findEvery<T>(collection: DocumentCollection<T>, query: Omit<FindQuery, 'after'>): Promise<T[]> {
  const documents: T[] = [];
  let after: string | undefined;
  do {
    const page = await collection.find({ ...query, ...(after ? { after } : {}) });
    documents.push(...page.items.map((stored) => stored.document));
    after = page.nextCursor;
  } while (after);
  return documents;
}
