import { Inject, Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type Actor, CLOCK, type Clock, admittedRoleAt, overseesClinicalRecordsAt } from '@continuum/platform';
import { type DocumentCollection, type FindQuery, ProjectionRunner, type ReadModelDefinition, findEvery } from '@continuum/read-store';
import { type ListPage, countedListPage, listPage, siteScopeOf } from '@continuum/platform';
import {
  type PlanRules,
  addDays,
  clientsBySiteAndLevel,
  daysBetween,
  dischargeReadiness,
  expiringAuthorizations,
  todayAtSite,
} from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem } from '../projections/episode-list.js';
import { PLAN_LIST, type PlanListItem } from '../projections/plan-list.js';
import { PLAN_RECORDS, type PlanRecord } from '../projections/plan-records.js';
import { UNDER_DOSED_WEEKS, type UnderDosedWeek } from '../projections/under-dosed-weeks.js';
import { PLAN_RULES } from './treatment-plan.commands.js';

export const DEFAULT_PAGE_SIZE = 25;
/** The census reads every open episode in scope, a page at a time. */
const CENSUS_PAGE = 500;
/** A queue the store can only narrow is counted by reading its candidates a page at a time. */
const COUNT_PAGE = 500;

/** Which page of a list, and optionally of which one of the caller's sites. */
export type ListFilters = { siteId?: string; limit?: number; after?: string };

type Where = NonNullable<FindQuery['where']>;
type Sort = NonNullable<FindQuery['sort']>;

const BY_START_DATE: Sort = [{ field: 'startDate', direction: 'asc' }];

// The lists answer from the projections (docs/architecture/read-side.md#read-models-are-disposable),
// a moment behind
// the event store, a page at a time (`limit`, `after` = the previous page's nextCursor). Each
// shows only the sites where the caller holds a role the route admits (every site for an
// auditor), or the one site asked for: one outside them is a 403.
//
// Minimum necessary (docs/domain/roles-and-sites.md#what-each-role-sees): a row's clinical
// columns are for the episode's care team, the site's clinical supervisors and auditors.
// The caseload and the overdue reviews are scheduling lists: anyone else the route admits sees
// their rows with the identity and scheduling columns only (`view: 'scheduling'`). The
// review-needed, ready-for-discharge and under-dosed lists say something clinical by a row's
// mere presence (a worsened screening, a sobriety streak, missed hours): they list only the
// rows the caller sees clinically. A break-the-glass grant opens one record, not the lists.

@Injectable()
export class PlanLists {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) private readonly rules: PlanRules,
  ) {}

  /** Open plans of one clinician (the caller by default), at the sites the caller may see. */
  async caseload(actor: Actor, filters: ListFilters & { clinicianId?: string }) {
    const clinicianId = filters.clinicianId ?? actor.userId;
    const page = await this.page<PlanListItem>(PLAN_LIST, actor, filters, { clinicianId, isOpen: true }, BY_START_DATE);
    return { clinicianId, ...page, items: page.items.map((plan) => planRowFor(actor, plan)) };
  }

  /**
   * A client's care episodes at the caller's sites, newest first: ids, status, level, site and
   * dates, the scheduling columns the census and the expiring authorisations already show
   * (the payer's authorisation, the timeline and the plan stay behind their clinical reads).
   */
  async episodesOf(actor: Actor, clientId: string, paging: Pick<ListFilters, 'limit' | 'after'>) {
    const page = await this.page<EpisodeListItem>(EPISODE_LIST, actor, paging, { clientId }, [{ field: 'startDate', direction: 'desc' }]);
    return {
      clientId,
      ...page,
      items: page.items.map(({ episodeId, siteId, status, level, startDate, dischargeDate }) => ({
        episodeId,
        clientId,
        siteId,
        status,
        level,
        startDate,
        dischargeDate,
      })),
    };
  }

  /**
   * Open episodes per site and level of care. A count, not a list of rows: it stays whole
   * (the counts would be wrong on a page), read a page of episodes at a time.
   */
  async census(actor: Actor, siteId?: string) {
    const scope = siteScopeOf(actor, siteId);
    if (!scope) return { asOf: this.today(), sites: [] };
    const episodes = await findEvery(await this.projections.collection<EpisodeListItem>(EPISODE_LIST), {
      where: { ...scope, isOpen: true },
      limit: CENSUS_PAGE,
    });
    return { asOf: this.today(), sites: clientsBySiteAndLevel(episodes) };
  }

  /** Open, activated plans whose review fell due before today, longest overdue first. */
  async overdueReviews(actor: Actor, filters: ListFilters) {
    const today = this.today();
    const page = await this.queuePage<PlanListItem>(PLAN_LIST, actor, filters, { isOpen: true, nextReviewDue: { lt: today } }, [
      { field: 'nextReviewDue', direction: 'asc' },
    ]);
    return {
      asOf: today,
      ...page,
      items: page.items.map((plan) => ({ ...planRowFor(actor, plan), daysOverdue: daysBetween(plan.nextReviewDue!, today) })),
    };
  }

  /**
   * Open plans on which a worsened screening recommended a review that no review or revision
   * has answered, the oldest recommendation first (worsened-screening.ts).
   */
  async reviewsNeeded(actor: Actor, filters: ListFilters) {
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { asOf: this.today(), total: 0, items: [] };
    const query: FindQuery = {
      where: { ...scope, isOpen: true, isReviewNeeded: true },
      sort: [{ field: 'reviewNeededSince', direction: 'asc' }],
      ...paging(filters),
    };
    const keep = async (plan: PlanListItem) => (seesClinicalDetail(actor, plan) ? planRowFor(actor, plan) : undefined);
    const plans = await this.projections.collection<PlanListItem>(PLAN_LIST);
    return { asOf: this.today(), ...(await pageOfKept(plans, query, keep)), total: await countKept(plans, query, keep) };
  }

  /** Weeks whose attended hours fell short of the level's minimum and that no one has followed up yet, newest first. */
  async underDosedWeeks(actor: Actor, filters: ListFilters & { since?: string }) {
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { total: 0, items: [] };
    const where: Where = filters.since ? { weekStart: { gte: filters.since } } : {};
    const plans = await this.projections.collection<PlanListItem>(PLAN_LIST);
    const query: FindQuery = {
      where: { ...scope, isQueued: true, ...where },
      sort: [{ field: 'weekStart', direction: 'desc' }],
      ...paging(filters),
    };
    // A plan has many weeks, and the total reads every one: each plan's care team is read once.
    const careTeams = new Map<string, Promise<readonly string[]>>();
    const careTeamOf = (planId: string) => {
      const careTeam = careTeams.get(planId) ?? plans.get(planId).then((plan) => plan?.document.careTeam ?? []);
      careTeams.set(planId, careTeam);
      return careTeam;
    };
    const keep = async ({ isQueued: _queued, ...week }: UnderDosedWeek) =>
      seesClinicalDetail(actor, { siteId: week.siteId, careTeam: await careTeamOf(week.planId) }) ? week : undefined;
    const weeks = await this.projections.collection<UnderDosedWeek>(UNDER_DOSED_WEEKS);
    return { ...(await pageOfKept(weeks, query, keep)), total: await countKept(weeks, query, keep) };
  }

  /** Open plans that meet every condition of a completed discharge today, each on its site's calendar (discharge.ts). */
  async readyForDischarge(actor: Actor, filters: ListFilters) {
    const today = this.today();
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { asOf: today, total: 0, items: [] };
    const records = await this.projections.collection<PlanRecord>(PLAN_RECORDS);
    // The store narrows to plans with no open goal and a long enough streak; the plan's own rule confirms each.
    const candidates: FindQuery = {
      // A day ahead of the network's day, so a site whose calendar is already on tomorrow is not left out; the rule decides.
      where: { ...scope, isOpen: true, openGoals: 0, soberSince: { lte: addDays(today, 1 - this.rules.dischargeSobrietyDays) } },
      sort: BY_START_DATE,
      ...paging(filters),
    };
    const keep = async (candidate: PlanListItem) => {
      if (!seesClinicalDetail(actor, candidate)) return undefined;
      const state = (await records.get(candidate.planId))?.document.state;
      if (!state || state.status === 'not-created') return undefined;
      const readiness = dischargeReadiness(state, todayAtSite(state, this.clock.now(), this.rules), this.rules);
      return readiness.ready ? { ...planRowFor(actor, candidate), soberDays: readiness.soberDays } : undefined;
    };
    const plans = await this.projections.collection<PlanListItem>(PLAN_LIST);
    return { asOf: today, ...(await pageOfKept(plans, candidates, keep)), total: await countKept(plans, candidates, keep) };
  }

  /** Payer authorisations of open episodes that end within the reminder window, soonest first. */
  async expiringAuthorizations(actor: Actor, filters: ListFilters) {
    const today = this.today();
    const page = await this.queuePage<EpisodeListItem>(
      EPISODE_LIST,
      actor,
      filters,
      { isOpen: true, authorizationThroughDate: { gte: today, lte: addDays(today, this.rules.authorizationReminderDays) } },
      [{ field: 'authorizationThroughDate', direction: 'asc' }],
    );
    const authorizations = page.items.flatMap((episode) =>
      episode.authorization
        ? [
            {
              episodeId: episode.episodeId,
              clientId: episode.clientId,
              siteId: episode.siteId,
              clinicalLevel: episode.level,
              ...episode.authorization,
            },
          ]
        : [],
    );
    return { asOf: today, ...page, items: expiringAuthorizations(authorizations, today, this.rules) };
  }

  /**
   * A page of a work queue whose rows the store alone decides, with `total`: how many rows the
   * queue holds for the caller over every page (docs/domain/work-queues.md#the-queues).
   */
  private async queuePage<T>(
    definition: ReadModelDefinition,
    actor: Actor,
    filters: ListFilters,
    where: Where,
    sort: Sort,
  ): Promise<ListPage<T> & { total: number }> {
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { total: 0, items: [] };
    return countedListPage(await this.projections.collection<T>(definition), { where: { ...scope, ...where }, sort, ...paging(filters) });
  }

  private async page<T>(
    definition: ReadModelDefinition,
    actor: Actor,
    filters: ListFilters,
    where: Where,
    sort: Sort,
  ): Promise<ListPage<T>> {
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { items: [] };
    return listPage(await this.projections.collection<T>(definition), { where: { ...scope, ...where }, sort, ...paging(filters) });
  }

  private today(): string {
    return calendarDateOf(this.clock.now());
  }
}

/** Whether the actor sees a row's clinical columns: on its care team, or overseeing its site (clinical supervisor, auditor). */
function seesClinicalDetail(actor: Actor, row: { siteId: string; careTeam?: readonly string[] }): boolean {
  if (admittedRoleAt(actor, actor.admittedRoles, row.siteId) === undefined) return false;
  return overseesClinicalRecordsAt(actor, row.siteId) || (row.careTeam ?? []).includes(actor.userId);
}

/** A plan row whole, or its identity and scheduling columns only. */
function planRowFor(actor: Actor, plan: PlanListItem) {
  if (seesClinicalDetail(actor, plan)) return { ...plan, view: 'clinical' as const };
  const { planId, episodeId, clientId, siteId, clinicianId, careTeam, startDate, plannedEndDate, nextReviewDue } = plan;
  return {
    planId,
    episodeId,
    clientId,
    siteId,
    clinicianId,
    careTeam,
    startDate,
    plannedEndDate,
    nextReviewDue,
    view: 'scheduling' as const,
  };
}

function paging(filters: ListFilters): Pick<FindQuery, 'limit' | 'after'> {
  return { limit: filters.limit ?? DEFAULT_PAGE_SIZE, ...(filters.after ? { after: filters.after } : {}) };
}

/** How many rows `keep` accepts over every page of the query: the total of a list the store can only narrow. */
async function countKept<T>(collection: DocumentCollection<T>, query: FindQuery, keep: (row: T) => Promise<unknown>): Promise<number> {
  let total = 0;
  for (const row of await findEvery(collection, { ...(query.where ? { where: query.where } : {}), limit: COUNT_PAGE })) {
    if ((await keep(row)) !== undefined) total += 1;
  }
  return total;
}

/**
 * A page of the rows `keep` accepts, for a list the store can only narrow. Each read asks for
 * no more rows than the page still lacks, so the store's cursor after the last row read is
 * exactly where the next page starts: no row is skipped, and only the last page runs short.
 */
async function pageOfKept<T, U>(
  collection: DocumentCollection<T>,
  query: FindQuery,
  keep: (row: T) => Promise<U | undefined>,
): Promise<ListPage<U>> {
  const items: U[] = [];
  let after = query.after;
  do {
    const page = await listPage(collection, { ...query, limit: query.limit - items.length, ...(after ? { after } : {}) });
    for (const row of page.items) {
      const kept = await keep(row);
      if (kept !== undefined) items.push(kept);
    }
    after = page.nextCursor;
  } while (after && items.length < query.limit);
  return { items, ...(after ? { nextCursor: after } : {}) };
}
