import { BadRequestException } from '@nestjs/common';
import { type DocumentCollection, type FindQuery, InvalidCursor } from '@continuum/read-store';
import { assertSiteAccess, sitesVisibleTo } from '../auth/site-access.js';
import { type Actor } from '../auth/roles.js';

/** One page of an HTTP list: its documents, and the cursor of the next page when more follow. */
export type ListPage<T> = { items: T[]; nextCursor?: string };

/**
 * One page of a list endpoint (`?limit=&after=` → `{ items, nextCursor }`). An `after` the
 * store refuses is the caller's mistake, answered as a 400 that says what to send instead,
 * the same in every service.
 */
export async function listPage<T>(collection: DocumentCollection<T>, query: FindQuery): Promise<ListPage<T>> {
  try {
    const page = await collection.find(query);
    return { items: page.items.map((stored) => stored.document), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  } catch (error) {
    throw error instanceof InvalidCursor ? cursorRefused() : error;
  }
}

/**
 * A page of a work queue whose rows the store alone decides, with `total`: how many documents
 * the query's `where` matches over every page, counted by the store (no row read).
 */
export async function countedListPage<T>(collection: DocumentCollection<T>, query: FindQuery): Promise<ListPage<T> & { total: number }> {
  const page = await listPage(collection, query);
  return { ...page, total: await collection.count(query.where) };
}

/** The 400 for an `after` this list did not issue; a list that wraps the store's cursor in its own answers a malformed one with it too. */
export function cursorRefused(): BadRequestException {
  return new BadRequestException(
    'after is not a cursor of this list: pass the nextCursor of the previous page unchanged, or leave it out for the first page',
  );
}

/**
 * Which documents of a list the caller may see: the one site asked for (403 outside the
 * caller's sites), else every site the caller holds a role at (every site for an auditor).
 * Undefined when that is none: the list is empty without asking the store.
 */
export function siteScopeOf(actor: Actor, siteId?: string): NonNullable<FindQuery['where']> | undefined {
  if (siteId) {
    assertSiteAccess(actor, siteId);
    return { siteId };
  }
  const sites = sitesVisibleTo(actor);
  if (sites === 'every site') return {};
  return sites.length === 0 ? undefined : { siteId: { in: sites } };
}
