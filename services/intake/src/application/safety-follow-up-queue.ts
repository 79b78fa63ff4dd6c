import { Injectable } from '@nestjs/common';
import { type Actor, countedListPage, siteScopeOf } from '@continuum/platform';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import { SAFETY_FOLLOW_UPS, type SafetyFollowUpRow } from '../projections/safety-follow-up-list.js';
import { DEFAULT_PAGE_SIZE } from './client-lists.js';

export type SafetyFollowUpFilters = { siteId?: string; overdue?: boolean; limit?: number; after?: string };

/** Candidates for the overdue flag are read a page at a time. */
const PAGE = 200;

// The same-day safety follow-ups still to be recorded, from the projection
// (docs/architecture/read-side.md#read-models-are-disposable): a moment behind the event store.
// A caller sees the sites where a role this route admits is theirs (every site for an auditor).

@Injectable()
export class SafetyFollowUpQueue {
  constructor(private readonly projections: ProjectionRunner) {}

  /** Open follow-ups, soonest due first: the order a clinician works them; `total`: how many over every page. */
  async open(filters: SafetyFollowUpFilters, actor: Actor) {
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { total: 0, items: [] };
    const rows = await this.projections.collection<SafetyFollowUpRow>(SAFETY_FOLLOW_UPS);
    return countedListPage(rows, {
      where: { ...scope, isOpen: true, ...(filters.overdue === undefined ? {} : { isOverdue: filters.overdue }) },
      sort: [{ field: 'dueAt', direction: 'asc' }],
      limit: filters.limit ?? DEFAULT_PAGE_SIZE,
      ...(filters.after ? { after: filters.after } : {}),
    });
  }

  /** Open follow-ups due by `now` and not yet flagged overdue: the scheduler's candidates. */
  async dueBy(now: Date): Promise<SafetyFollowUpRow[]> {
    const rows = await this.projections.collection<SafetyFollowUpRow>(SAFETY_FOLLOW_UPS);
    return findEvery(rows, {
      where: { isOpen: true, isOverdue: false, dueAt: { lte: now.toISOString() } },
      sort: [{ field: 'dueAt', direction: 'asc' }],
      limit: PAGE,
    });
  }
}
