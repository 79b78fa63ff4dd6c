import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { calendarDateOf } from '#continuum/care-episode';
import { type Actor, CLOCK, type Clock, assertSiteAccess, sitesVisibleTo } from '#continuum/platform';
import { type FindQuery, ProjectionRunner } from '#continuum/read-store';
import { type PlanRules, addDays, daysBetween, dischargeReadiness, expiringAuthorizations } from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem } from '../projections/episode-list.js';
import { PLAN_LIST, type PlanListItem } from '../projections/plan-list.js';
import { PLAN_RECORDS, type PlanRecord } from '../projections/plan-records.js';
import { UNDER_DOSED_WEEKS, type UnderDosedWeek } from '../projections/under-dosed-weeks.js';
import { PLAN_RULES } from './plan-commands.js';

/** A list is for a person to work through; a site's census or caseload never comes near this. */
const MOST_ROWS = 500;

type Where = NonNullable<FindQuery['where']>;

// The lists answer from the projections (ARCHITECTURE.md "The read path"), a moment behind
// the event store. Each shows only the sites where the caller holds a role the route admits
// (every site for an auditor).

@Injectable()
export class PlanLists {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) private readonly rules: PlanRules,
  ) {}

  /** Open plans of one clinician (the caller by default), at the sites the caller may see. */
  async caseload(actor: Actor, clinicianId = actor.userId) {
    return { clinicianId, items: await this.plans(actor, { clinicianId, isOpen: true }) };
  }

  /** Open episodes per site and level of care. */
  async census(actor: Actor, siteId?: string) {
    if (siteId) assertSiteAccess(actor, siteId);
    const scope = siteId ? { siteId } : this.scopeOf(actor);
    if (!scope) return { asOf: this.today(), sites: [] };
    const episodes = await this.all<EpisodeListItem>(EPISODE_LIST, { ...scope, isOpen: true });
    const sites = new Map<string, Map<string, { level: EpisodeListItem['level']; clients: number }>>();
    for (const episode of episodes) {
      const levels = sites.get(episode.siteId) ?? new Map();
      const counted = levels.get(episode.levelKey) ?? { level: episode.level, clients: 0 };
      levels.set(episode.levelKey, { ...counted, clients: counted.clients + 1 });
      sites.set(episode.siteId, levels);
    }
    return {
      asOf: this.today(),
      sites: [...sites.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([site, levels]) => {
          const byLevel = [...levels.values()].sort((a, b) => a.level.edition - b.level.edition || a.level.code.localeCompare(b.level.code));
          return { siteId: site, clients: byLevel.reduce((sum, level) => sum + level.clients, 0), levels: byLevel };
        }),
    };
  }

  /** Open, activated plans whose review fell due before today. */
  async overdueReviews(actor: Actor) {
    const today = this.today();
    const items = await this.plans(actor, { isOpen: true, nextReviewDue: { lt: today } });
    return { asOf: today, items: items.map((plan) => ({ ...plan, daysOverdue: daysBetween(plan.nextReviewDue!, today) })) };
  }

  /** Weeks whose attended hours fell short of the level's minimum, newest first. */
  async underDosedWeeks(actor: Actor, since?: string) {
    const scope = this.scopeOf(actor);
    if (!scope) return { items: [] };
    const where: Where = { ...scope, ...(since ? { weekStart: { gte: since } } : {}) };
    const weeks = await this.all<UnderDosedWeek>(UNDER_DOSED_WEEKS, where, [{ field: 'weekStart', direction: 'desc' }]);
    return { items: weeks };
  }

  /** Open plans that meet the discharge criteria today (sober days and every goal closed). */
  async readyForDischarge(actor: Actor) {
    const today = this.today();
    // The store narrows to plans with no open goal and a long enough streak; the plan's own rule confirms each.
    const candidates = await this.plans(actor, { isOpen: true, openGoals: 0, soberSince: { lte: addDays(today, -this.rules.dischargeSobrietyDays) } });
    const records = await this.projections.collection<PlanRecord>(PLAN_RECORDS);
    const items = [];
    for (const candidate of candidates) {
      const state = (await records.get(candidate.planId))?.document.state;
      if (!state || state.status === 'not-created') continue;
      const readiness = dischargeReadiness(state, today, this.rules);
      if (readiness.ready) items.push({ ...candidate, soberDays: readiness.soberDays });
    }
    return { asOf: today, items };
  }

  /** Payer authorisations of open episodes that end within the reminder window. */
  async expiringAuthorizations(actor: Actor) {
    const today = this.today();
    const scope = this.scopeOf(actor);
    if (!scope) return { asOf: today, items: [] };
    const episodes = await this.all<EpisodeListItem>(EPISODE_LIST, {
      ...scope,
      isOpen: true,
      authorizationThroughDate: { gte: today, lte: addDays(today, this.rules.authorizationReminderDays) },
    });
    const authorizations = episodes.flatMap((episode) =>
      episode.authorization ? [{ episodeId: episode.episodeId, clientId: episode.clientId, siteId: episode.siteId, clinicalLevel: episode.level, ...episode.authorization }] : [],
    );
    return { asOf: today, items: expiringAuthorizations(authorizations, today, this.rules) };
  }

  private async plans(actor: Actor, where: Where): Promise<PlanListItem[]> {
    const scope = this.scopeOf(actor);
    if (!scope) return [];
    return this.all<PlanListItem>(PLAN_LIST, { ...scope, ...where }, [{ field: 'startDate', direction: 'asc' }]);
  }

  /** undefined when the caller may see no site at all. */
  private scopeOf(actor: Actor): Where | undefined {
    const sites = sitesVisibleTo(actor);
    if (sites === 'every site') return {};
    return sites.length === 0 ? undefined : { siteId: { in: sites } };
  }

  private async all<T>(definition: typeof PLAN_LIST, where: Where, sort?: FindQuery['sort']): Promise<T[]> {
    const collection = await this.projections.collection<T>(definition);
    const page = await collection.find({ where, ...(sort ? { sort } : {}), limit: MOST_ROWS });
    if (page.nextCursor) throw new BadRequestException(`the list holds more than ${MOST_ROWS} rows: narrow it to one site`);
    return page.items.map((stored) => stored.document);
  }

  private today(): string {
    return calendarDateOf(this.clock.now());
  }
}

