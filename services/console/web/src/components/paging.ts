// Paging through a service's list with its cursors (`?limit=&after=` → `nextCursor`,
// docs/domain/work-queues.md): a list (a work queue's tab, the clients of a site) keeps the
// cursor of every page seen, so "Previous page" goes back without the service being asked for
// anything but that page. Pure, so it is specified apart from the pages (paging.spec.ts).

import { QUEUE_PAGE_SIZE } from '../../../src/queues/queue-catalogue';

// The page size and a page's path are the catalogue's (the server preloads the first page by them).
export { QUEUE_PAGE_SIZE, pagePath } from '../../../src/queues/queue-catalogue';

/** Where a list (a queue's tab, a site's clients) is: the `after` of each page seen (the first page's is undefined) and the one shown. */
export type PagePosition = { readonly cursors: readonly (string | undefined)[]; readonly index: number };

export const FIRST_PAGE: PagePosition = { cursors: [undefined], index: 0 };

/** The `after` the page shown is read with. */
export const cursorOf = (position: PagePosition): string | undefined => position.cursors[position.index];

/** The next page, read after the shown page's `nextCursor`; the pages beyond it are forgotten (they may have moved). */
export function nextPage(position: PagePosition, nextCursor: string): PagePosition {
  return { cursors: [...position.cursors.slice(0, position.index + 1), nextCursor], index: position.index + 1 };
}

/** The page before, by the cursor kept for it; the first page stays the first. */
export function previousPage(position: PagePosition): PagePosition {
  return { cursors: position.cursors, index: Math.max(0, position.index - 1) };
}

/** What the page shows, "Rows 26–50 of 60", from the page's place, its rows and the list's total (when the service counts it). */
export function rowsLabel(position: PagePosition, shown: number, total: number | undefined, limit = QUEUE_PAGE_SIZE): string {
  const ofTotal = total === undefined ? '' : ` of ${total}`;
  if (shown === 0)
    return position.index === 0
      ? `No rows${ofTotal}`
      : `No rows left on page ${position.index + 1}${total === undefined ? '' : ` (${total} in all)`}`;
  const first = position.index * limit + 1;
  return `Rows ${first}–${first + shown - 1}${ofTotal}`;
}
