import { describe, expect, it } from '@jest/globals';
import { FIRST_PAGE, QUEUE_PAGE_SIZE, cursorOf, nextPage, pagePath, previousPage, rowsLabel } from './paging';

// A work queue's tab pages with the service's cursors and keeps those of the pages seen.
describe('paging through a work queue', () => {
  it('reads the first page with no cursor, then each next page after the cursor the page before answered', () => {
    expect(cursorOf(FIRST_PAGE)).toBeUndefined();
    const second = nextPage(FIRST_PAGE, 'c-25');
    const third = nextPage(second, 'c-50');
    expect([cursorOf(second), cursorOf(third)]).toEqual(['c-25', 'c-50']);
  });

  it('goes back by the cursors kept, and not before the first page', () => {
    const third = nextPage(nextPage(FIRST_PAGE, 'c-25'), 'c-50');
    const second = previousPage(third);
    expect(cursorOf(second)).toBe('c-25');
    expect(cursorOf(previousPage(second))).toBeUndefined();
    expect(previousPage(previousPage(second))).toEqual({ cursors: [undefined, 'c-25', 'c-50'], index: 0 });
  });

  it('forgets the pages beyond when it moves on from an earlier page (they are read anew)', () => {
    const back = previousPage(nextPage(nextPage(FIRST_PAGE, 'c-25'), 'c-50'));
    expect(nextPage(back, 'c-50-now')).toEqual({ cursors: [undefined, 'c-25', 'c-50-now'], index: 2 });
  });

  it('asks the service for one page: the limit, and the cursor encoded after the path’s own query', () => {
    expect(pagePath('reviews/overdue?siteId=site-north', undefined)).toBe(`reviews/overdue?siteId=site-north&limit=${QUEUE_PAGE_SIZE}`);
    expect(pagePath('sites/site-north/referrals/overdue', 'a+b/c=')).toBe('sites/site-north/referrals/overdue?limit=25&after=a%2Bb%2Fc%3D');
  });

  it('names the rows shown against the queue’s total', () => {
    expect(rowsLabel(FIRST_PAGE, 25, 60)).toBe('Rows 1–25 of 60');
    expect(rowsLabel(nextPage(FIRST_PAGE, 'c'), 25, 60)).toBe('Rows 26–50 of 60');
    expect(rowsLabel(nextPage(nextPage(FIRST_PAGE, 'c'), 'd'), 10, 60)).toBe('Rows 51–60 of 60');
    expect(rowsLabel(nextPage(FIRST_PAGE, 'c'), 0, 20)).toBe('No rows left on page 2 (20 in all)');
  });

  it('names the rows shown of a list the service does not count (the clients of a site), by its own page size', () => {
    expect(rowsLabel(nextPage(FIRST_PAGE, 'c'), 50, undefined, 50)).toBe('Rows 51–100');
    expect(rowsLabel(FIRST_PAGE, 0, undefined, 50)).toBe('No rows');
    expect(rowsLabel(nextPage(FIRST_PAGE, 'c'), 0, undefined, 50)).toBe('No rows left on page 2');
  });
});
