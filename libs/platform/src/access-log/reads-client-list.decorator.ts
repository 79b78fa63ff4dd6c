import { SetMetadata } from '@nestjs/common';

export const READS_CLIENT_LIST_KEY = 'continuum:reads-client-list';

/** The rows of an answer that each show one client: objects with a `clientId` (and their `siteId`). */
export type ListedRowsOf = (answer: unknown) => readonly unknown[];

export type ClientListRead = {
  /** A code for the kind of list, e.g. `referral-queue`, recorded as each record's `resourceKind`. */
  kind: string;
  rowsOf: ListedRowsOf;
};

/** The rows of one page (`listPage`'s `{ items, nextCursor }`). */
export const pageItems: ListedRowsOf = (answer) => {
  const items = (answer as { items?: unknown } | null | undefined)?.items;
  if (!Array.isArray(items)) throw new TypeError('the answer has no items array');
  return items;
};

/**
 * This route answers a list of clients' rows (a queue, a caseload, a census): every
 * successful call writes ONE access record per client the answer shows, under `kind`, all in
 * one append, and the answer leaves only once they are in the event store (an empty list
 * records nothing). `rowsOf` picks the rows out of the answer, `items` by default; each row
 * must name its `clientId` (a list that cannot be accounted for is withheld), and its
 * `siteId` when the list spans sites. A list of counts that names no client (a report) is no
 * list of clients and takes no decorator.
 */
export const ReadsClientList = (kind: string, rowsOf: ListedRowsOf = pageItems) =>
  SetMetadata<string, ClientListRead>(READS_CLIENT_LIST_KEY, { kind, rowsOf });
