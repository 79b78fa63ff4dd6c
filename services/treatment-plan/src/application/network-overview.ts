import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type Actor, CLOCK, type Clock, siteScopeOf } from '@continuum/platform';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import { type OverviewPeriod, networkOverview, overviewPeriodOf } from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem } from '../projections/episode-list.js';

/** The overview reads the episodes in scope a page at a time. */
const OVERVIEW_PAGE = 500;

/**
 * The network overview (docs/domain/work-queues.md#the-network-overview), from the episode
 * list: every episode in scope, one site or every site, folded by the domain's rule. Counts
 * only: it names no client, so it records no read in the access log (as the census).
 */
@Injectable()
export class NetworkOverviewQuery {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async overview(actor: Actor, filters: Partial<OverviewPeriod> & { siteId?: string }) {
    const asOf = calendarDateOf(this.clock.now());
    const asked = overviewPeriodOf({ from: filters.from, to: filters.to }, asOf);
    if ('refused' in asked) throw new BadRequestException(`The period is refused: ${asked.refused}.`);
    const scope = siteScopeOf(actor, filters.siteId);
    const episodes = scope
      ? await findEvery(await this.projections.collection<EpisodeListItem>(EPISODE_LIST), { where: scope, limit: OVERVIEW_PAGE })
      : [];
    return { asOf, ...networkOverview(episodes, asked.period) };
  }
}
