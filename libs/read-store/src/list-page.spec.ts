import { BadRequestException } from '@nestjs/common';
import { listPage } from './list-page.js';
import { type DocumentCollection, type FindQuery, InvalidCursor, type Page } from './read-store.js';

type Row = { planId: string };

/** A collection that answers `find` with `answer`, whatever it is asked. */
function collectionAnswering(answer: (query: FindQuery) => Promise<Page<Row>>) {
  return { find: answer } as unknown as DocumentCollection<Row>;
}

describe('listPage', () => {
  it('answers the documents of the page and the cursor of the next one', async () => {
    const collection = collectionAnswering(async () => ({ items: [{ id: 'p1', version: 3, document: { planId: 'p1' } }], nextCursor: 'next' }));
    expect(await listPage(collection, { limit: 1 })).toEqual({ items: [{ planId: 'p1' }], nextCursor: 'next' });
  });

  it('leaves nextCursor out on the last page', async () => {
    const collection = collectionAnswering(async () => ({ items: [] }));
    expect(await listPage(collection, { limit: 25 })).toEqual({ items: [] });
  });

  it('turns a cursor the store refuses into a 400 that says to send the nextCursor unchanged', async () => {
    const collection = collectionAnswering(async () => {
      throw new InvalidCursor('treatment_plans', 'the page cursor is not one this store issued');
    });
    const answer = listPage(collection, { limit: 25, after: 'forged' });
    await expect(answer).rejects.toThrow(BadRequestException);
    await expect(answer).rejects.toThrow(/pass the nextCursor of the previous page unchanged/);
  });

  it('lets every other failure through as it is', async () => {
    const failure = new Error('database is locked');
    const collection = collectionAnswering(async () => {
      throw failure;
    });
    await expect(listPage(collection, { limit: 25 })).rejects.toBe(failure);
  });
});
