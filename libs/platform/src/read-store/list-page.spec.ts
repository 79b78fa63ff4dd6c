import { BadRequestException } from '@nestjs/common';
import { type Actor } from '../auth/roles.js';
import { countedListPage, listPage, siteScopeOf } from './list-page.js';
import { type DocumentCollection, type FindQuery, InvalidCursor, type Page } from '@continuum/read-store';

type Row = { planId: string };

/** A collection that answers `find` with `answer`, whatever it is asked. */
function collectionAnswering(answer: (query: FindQuery) => Promise<Page<Row>>) {
  return { find: answer } as unknown as DocumentCollection<Row>;
}

describe('countedListPage', () => {
  it("answers the page and the store's count of every document the query's where matches", async () => {
    const counted: unknown[] = [];
    const collection = {
      find: async () => ({ items: [{ id: 'p1', version: 1, document: { planId: 'p1' } }], nextCursor: 'next' }),
      count: async (where: unknown) => {
        counted.push(where);
        return 3;
      },
    } as unknown as DocumentCollection<Row>;
    const where = { siteId: { in: ['site-north'] }, isOpen: true };
    expect(await countedListPage(collection, { where, limit: 1 })).toEqual({ items: [{ planId: 'p1' }], nextCursor: 'next', total: 3 });
    expect(counted).toEqual([where]);
  });
});

describe('listPage', () => {
  it('answers the documents of the page and the cursor of the next one', async () => {
    const collection = collectionAnswering(async () => ({
      items: [{ id: 'p1', version: 3, document: { planId: 'p1' } }],
      nextCursor: 'next',
    }));
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

describe('siteScopeOf: the documents of a list a caller may see', () => {
  const clinician = (sites: Actor['sites']): Actor => ({ userId: 'u', roles: [], sites, role: 'clinician', admittedRoles: ['clinician'] });
  const auditor: Actor = { userId: 'a', roles: ['auditor'], sites: {}, role: 'auditor', admittedRoles: ['clinician', 'auditor'] };

  it('is every site the caller holds an admitted role at, and every site for a network-wide role', () => {
    expect(siteScopeOf(clinician({ 'site-north': ['clinician'], 'site-south': ['nurse'] }))).toEqual({ siteId: { in: ['site-north'] } });
    expect(siteScopeOf(auditor)).toEqual({});
  });

  it('is nothing at all when the caller may see no site, so the list is empty', () => {
    expect(siteScopeOf(clinician({ 'site-south': ['nurse'] }))).toBeUndefined();
  });

  it("is the one site asked for, and refuses a site outside the caller's", () => {
    expect(siteScopeOf(clinician({ 'site-north': ['clinician'] }), 'site-north')).toEqual({ siteId: 'site-north' });
    expect(() => siteScopeOf(clinician({ 'site-north': ['clinician'] }), 'site-south')).toThrow();
  });
});
