import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type Actor, CLOCK, type Clock, siteScopeOf } from '@continuum/platform';
import { type FindQuery, ProjectionRunner, findEvery } from '@continuum/read-store';
import { type OverviewPeriod, type PlanRules, networkOverview, overviewPeriodOf } from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem } from '../projections/episode-list.js';
import { SITE_CAPACITIES, type SiteCapacityRow } from '../projections/site-capacities.js';
import { PLAN_RULES } from './treatment-plan.commands.js';

/** The overview reads the episodes in scope a page at a time. */
const OVERVIEW_PAGE = 500;

/**
 * The network overview (docs/domain/work-queues.md#the-network-overview), from the episode
 * list: the episodes in scope (one site or every site) open now or admitted or discharged in
 * the period, folded by the domain's rule, with the capacity recorded for the sites in scope. Counts
 * only: it names no client, so it records no read in the access log (as the census).
 */
@Injectable()
export class NetworkOverviewQuery {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLAN_RULES) private readonly rules: PlanRules,
  ) {}

  async overview(actor: Actor, filters: Partial<OverviewPeriod> & { siteId?: string }) {
    const asOf = calendarDateOf(this.clock.now());
    const asked = overviewPeriodOf({ from: filters.from, to: filters.to }, asOf);
    if ('refused' in asked) throw new BadRequestException(`The period is refused: ${asked.refused}.`);
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { asOf, ...networkOverview([], asked.period) };
    // Only the episodes the overview counts: open now, admitted or discharged in the period
    // (an episode may be more than one of these: it is counted once).
    const { from, to } = asked.period;
    const collection = await this.projections.collection<EpisodeListItem>(EPISODE_LIST);
    const episodes = new Map<string, EpisodeListItem>();
    const counted: Array<NonNullable<FindQuery['where']>> = [
      { isOpen: true },
      { startDate: { gte: from, lte: to } },
      { dischargeDate: { gte: from, lte: to } },
    ];
    for (const where of counted) {
      for (const episode of await findEvery(collection, { where: { ...scope, ...where }, limit: OVERVIEW_PAGE })) {
        episodes.set(episode.episodeId, episode);
      }
    }
    // The capacity a network administrator recorded for the sites in scope (site-capacity.ts).
    const capacities = await findEvery(await this.projections.collection<SiteCapacityRow>(SITE_CAPACITIES), {
      where: scope,
      limit: OVERVIEW_PAGE,
    });
    return { asOf, ...networkOverview(episodes.values(), asked.period, capacities, this.rules.levels) };
  }
}
