// Paging through a work queue with the services' list cursors (`?limit=&after=` → `nextCursor`,
// docs/domain/work-queues.md): a tab keeps the cursor of every page seen, so "Previous page"
// goes back without the service being asked for anything but that page. Pure, so it is
// specified apart from the page (paging.spec.ts).

/** How many rows a page of a queue shows: the services' default page. */
export const QUEUE_PAGE_SIZE = 25;

/** Where a tab is in its queue: the `after` of each page seen (the first page's is undefined) and the one shown. */
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

/** A queue's path with the page asked for: `limit`, and `after` past the first page (the cursor encoded as it came). */
export function pagePath(path: string, after: string | undefined, limit = QUEUE_PAGE_SIZE): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (after !== undefined) query.set('after', after);
  return `${path}${path.includes('?') ? '&' : '?'}${query.toString()}`;
}

/** What the page shows, "Rows 26–50 of 60", from the page's place, its rows and the queue's total. */
export function rowsLabel(position: PagePosition, shown: number, total: number, limit = QUEUE_PAGE_SIZE): string {
  if (shown === 0) return position.index === 0 ? `No rows of ${total}` : `No rows left on page ${position.index + 1} (${total} in all)`;
  const first = position.index * limit + 1;
  return `Rows ${first}–${first + shown - 1} of ${total}`;
}
