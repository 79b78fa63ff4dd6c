import {
  CLIENT_EPISODES_STREAM_PREFIX,
  EPISODE_STREAM_PREFIX,
  type Episode,
  type EpisodeEvent,
  evolveEpisode,
  initialEpisode,
} from '@continuum/care-episode';
import { type Projection, foldInto } from '@continuum/read-store';
import {
  PLAN_STREAM_PREFIX,
  type PlanEvent,
  SITE_CAPACITY_STREAM_PREFIX,
  type SiteCapacityRecorded,
  evolve,
  initialPlan,
} from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem, episodeListItemOf } from './episode-list.js';
import { PLAN_LIST, type PlanListItem, planListItemOf } from './plan-list.js';
import { PLAN_RECORDS, type PlanRecord } from './plan-records.js';
import { SITE_CAPACITIES, type SiteCapacityRow } from './site-capacities.js';
import { UNDER_DOSED_WEEKS, type UnderDosedWeek } from './under-dosed-weeks.js';

// Both fold with the write side's own `evolve`, so a list can never disagree with the rules
// about what a status means. The record is written first and the rows derive from it: after
// a crash between the writes, the replayed event finds the record at its position and writes
// the missing rows from it.

export const plansProjection: Projection = {
  name: 'treatment-plan-plans',
  // 2: the plan's state keeps its first planned end and its extensions (length-of-stay.ts); 3: the
  // reviews worsened screenings recommend, and the review-needed row fields; 4: the care team on
  // the state and the list rows (care-team.ts); 5: followed-up weeks, and the weeks of a discharged
  // plan, leave the under-dosed rows (under-dosed-follow-ups.ts). The record keeps its stream revision
  // (the plan read folds only the events after it; a record without one is read whole). Records folded
  // before them are rebuilt from the events.
  version: 5,
  readModels: [PLAN_RECORDS, PLAN_LIST, UNDER_DOSED_WEEKS],
  filter: { streamPrefixes: [PLAN_STREAM_PREFIX] },
  async apply(event, context) {
    if (!event.streamId.startsWith(PLAN_STREAM_PREFIX)) return;
    const planId = event.streamId.slice(PLAN_STREAM_PREFIX.length);
    const records = await context.collection<PlanRecord>(PLAN_RECORDS);
    const stored = await records.get(planId);
    let record: PlanRecord;
    if (!stored || stored.version < event.position) {
      const previous = stored?.document.state ?? initialPlan;
      const state = evolve(previous, { type: event.type, data: event.data } as PlanEvent) ?? previous;
      record = { planId, state, updatedAt: event.recordedAt, revision: event.revision };
      await records.upsert(planId, record, event.position);
    } else if (stored.version === event.position) {
      record = stored.document;
    } else {
      return;
    }
    const { state } = record;
    if (state.status === 'not-created') return;
    const list = await context.collection<PlanListItem>(PLAN_LIST);
    await list.upsert(planId, planListItemOf(state, record.updatedAt), event.position);
    if (event.type === 'WeekUnderDosed') {
      const { weekStart, hours, minimum, level } = event.data as UnderDosedWeek;
      const weeks = await context.collection<UnderDosedWeek>(UNDER_DOSED_WEEKS);
      await weeks.upsert(
        `${planId}:${weekStart}`,
        { planId, clientId: state.clientId, siteId: state.siteId, weekStart, hours, minimum, level, isQueued: true },
        event.position,
      );
    }
    // A followed-up week leaves the queue; so do a plan's weeks at discharge, when nothing more can be recorded on it.
    const leaving =
      event.type === 'UnderDosedWeekFollowedUp'
        ? [(event.data as { weekStart: string }).weekStart]
        : event.type === 'PlanClosed'
          ? state.closedWeeks.filter((week) => week.underDosed && !week.followUp).map((week) => week.weekStart)
          : [];
    if (leaving.length > 0) {
      const weeks = await context.collection<UnderDosedWeek>(UNDER_DOSED_WEEKS);
      for (const weekStart of leaving) {
        const row = await weeks.get(`${planId}:${weekStart}`);
        if (row) await weeks.upsert(`${planId}:${weekStart}`, { ...row.document, isQueued: false }, event.position);
      }
    }
  },
};

type EpisodeRecord = { state: Episode } & Partial<EpisodeListItem>;

export const episodesProjection: Projection = {
  name: 'treatment-plan-episodes',
  version: 1,
  readModels: [EPISODE_LIST],
  filter: { streamPrefixes: [EPISODE_STREAM_PREFIX] },
  async apply(event, context) {
    // The per-client claim streams share the ledger's prefix; they hold no episode.
    if (!event.streamId.startsWith(EPISODE_STREAM_PREFIX) || event.streamId.startsWith(CLIENT_EPISODES_STREAM_PREFIX)) return;
    const episodeId = event.streamId.slice(EPISODE_STREAM_PREFIX.length);
    const episodes = await context.collection<EpisodeListItem & { state: Episode }>(EPISODE_LIST);
    await foldInto(episodes, episodeId, event, (current: EpisodeRecord | undefined) => {
      const state = evolveEpisode(current?.state ?? initialEpisode, { type: event.type, data: event.data } as EpisodeEvent);
      return state.status === 'not-opened' ? undefined : { ...episodeListItemOf(state), state };
    });
  },
};

/** Each site's capacity as last recorded, stated whole (site-capacity.ts). */
export const siteCapacitiesProjection: Projection = {
  name: 'treatment-plan-site-capacities',
  version: 1,
  readModels: [SITE_CAPACITIES],
  filter: { streamPrefixes: [SITE_CAPACITY_STREAM_PREFIX] },
  async apply(event, context) {
    if (!event.streamId.startsWith(SITE_CAPACITY_STREAM_PREFIX) || event.type !== 'SiteCapacityRecorded') return;
    const { siteId, levels, recordedAt } = event.data as SiteCapacityRecorded['data'];
    const sites = await context.collection<SiteCapacityRow>(SITE_CAPACITIES);
    await sites.upsert(siteId, { siteId, levels, recordedAt }, event.position);
  },
};

/** Every projection of the treatment-plan service: the runner feeds them, `projections:rebuild treatment-plan` rebuilds them. */
export const treatmentPlanProjections: readonly Projection[] = [plansProjection, episodesProjection, siteCapacitiesProjection];
