// One page of a work queue as the page shows it, and the query that reads it: used by the page
// (pages/WorkQueues.tsx) and, when the console opens at /queues, started as soon as the session
// answers (main.tsx) so the first tab's rows do not wait for the page's code and first render.
import { hashKey, type Query, type QueryClient } from '@tanstack/react-query';
import { get, ProblemError, type ServiceName, type SessionUser } from '../api';
import { admittedQueues as admittedOf, firstSite, queueReadPath } from '../../../src/queues/queue-catalogue';
import { QUEUES, type Queue, type QueuePage, type QueueRow } from './queues';
import { queueKey } from './queue-events';

export { firstSite };

export type Listed = QueuePage & { refused: boolean };
export type SourcedRow = QueueRow & { source: ServiceName };

/** The queues a role the user holds at the site admits, in the order of their tabs. */
export const admittedQueuesAt = (user: SessionUser, siteId: string): Queue[] => admittedOf(QUEUES, user, siteId);

/** One page of a queue (the whole list of one a service does not page), its sources' answers together; refused only when every source refused (403). */
async function readQueue(queue: Queue, siteId: string, after: string | undefined): Promise<Listed> {
  const answers = await Promise.all(
    queue.sources.map(async (source) => {
      const { service } = source;
      try {
        const page = await get<{ total: number; items?: QueueRow[]; grants?: QueueRow[]; nextCursor?: string }>(
          service,
          queueReadPath(queue, source, siteId, after),
        );
        return {
          total: page.total,
          items: (page.items ?? page.grants ?? []).map((row) => ({ ...row, source: service })),
          nextCursor: page.nextCursor,
        };
      } catch (error) {
        if (error instanceof ProblemError && error.problem.status === 403) return undefined;
        throw error;
      }
    }),
  );
  const answered = answers.filter((answer) => answer !== undefined);
  return {
    refused: answered.length === 0,
    total: answered.reduce((sum, answer) => sum + answer.total, 0),
    items: answered.flatMap((answer) => answer.items),
    // Only a queue of one source pages.
    nextCursor: queue.paged ? (answered[0]?.nextCursor ?? null) : null,
  };
}

/** The read of one page of a queue; a live change re-reads it (its key starts with the queue's). */
export const queuePageQuery = (queue: Queue, siteId: string, after: string | undefined) => ({
  queryKey: [...queueKey(siteId, queue.id), after ?? null],
  queryFn: () => readQueue(queue, siteId, after),
});

// The first pages asked for as the console opened at /queues (by query hash): the page's showing
// within a few seconds of their read takes them as they are instead of reading each again on
// mount (every queue read is access-logged, and the second read would only repeat the first).
// Decided from the query itself, not from a flag the page's render takes: React may render a
// page and discard that render before it shows it.
const askedAtOpening = new Set<string>();
const OPENING_READ_FRESH_MS = 10_000;

/** Asks for the first page of every tab at the user's first site, as the page itself would. */
export function prefetchFirstPages(queryClient: QueryClient, user: SessionUser): void {
  const site = firstSite(user);
  if (!site) return;
  for (const queue of admittedQueuesAt(user, site)) {
    const query = queuePageQuery(queue, site, undefined);
    askedAtOpening.add(hashKey(query.queryKey));
    void queryClient.prefetchQuery(query);
  }
}

/** Whether the page, as it shows a queue's page, reads it again: yes, unless it is a page asked for at opening, not yet shown, read moments ago and not changed since (a live change marks it). */
export const readsAgainOnShowing = (query: Query): boolean =>
  query.state.isInvalidated || !(askedAtOpening.has(query.queryHash) && Date.now() - query.state.dataUpdatedAt < OPENING_READ_FRESH_MS);

/** The page has shown the pages asked for at opening: every later showing reads its pages again. */
export function openingPagesShown(): void {
  askedAtOpening.clear();
}
