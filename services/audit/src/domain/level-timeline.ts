import {
  type AuthorizationVariance,
  type CalendarDate,
  type DischargeDisposition,
  type Episode,
  type EpisodeEvent,
  type LevelSegment,
  type PayerAuthorization,
  authorizationVariance,
  evolveEpisode,
  initialEpisode,
  timeline,
} from '@continuum/care-episode';
import { asEpisodeEvent } from './care-episodes.js';
import { type EventReference, type StoredEvent, referenceTo } from './stored-event.js';

// The level-of-care timeline of each of the client's episodes: the ledger's own segments
// (libs/care-episode `timeline`: level, site, from, to, why it began and ended), each with
// what the payer had authorised while it lasted and how that differed from the clinical level.

export type TimelineSegment = LevelSegment & {
  /** The payer's latest authorisation while the segment lasted, if any. */
  authorization?: PayerAuthorization;
  /** Authorised vs clinical on the segment's last day (today, for the current segment); empty when they agree. */
  authorizationVariance: AuthorizationVariance[];
};

export type EpisodeTimeline = {
  episodeId: string;
  status: Episode['status'];
  disposition?: DischargeDisposition;
  segments: TimelineSegment[];
  /** The newest event of the episode the timeline rests on. */
  lastEvent: EventReference;
};

/**
 * Timelines of every episode whose events are given (a client's history, in global order),
 * in the order the episodes were opened. `today` is the day a current segment is judged on.
 */
export function episodeTimelines(events: Iterable<StoredEvent>, today: CalendarDate): EpisodeTimeline[] {
  const byEpisode = new Map<string, { events: EpisodeEvent[]; lastEvent: EventReference }>();
  for (const stored of events) {
    const episodeEvent = asEpisodeEvent(stored);
    if (!episodeEvent) continue;
    const entry = byEpisode.get(episodeEvent.episodeId) ?? { events: [], lastEvent: referenceTo(stored) };
    entry.events.push(episodeEvent.event);
    entry.lastEvent = referenceTo(stored);
    byEpisode.set(episodeEvent.episodeId, entry);
  }
  return [...byEpisode.entries()].map(([episodeId, { events: episodeEvents, lastEvent }]) =>
    episodeTimeline(episodeId, episodeEvents, lastEvent, today),
  );
}

function episodeTimeline(episodeId: string, events: EpisodeEvent[], lastEvent: EventReference, today: CalendarDate): EpisodeTimeline {
  const segments = timeline(events);
  const whileCurrent = statesWhileCurrent(events);
  const final = events.reduce(evolveEpisode, initialEpisode);
  return {
    episodeId,
    status: final.status,
    ...(final.status === 'discharged' ? { disposition: final.disposition } : {}),
    segments: segments.map((segment, index) => {
      const state = whileCurrent[index] ?? final;
      const lastDay = segment.to ?? today;
      return {
        ...segment,
        ...(state.status !== 'not-opened' && state.authorization ? { authorization: state.authorization } : {}),
        authorizationVariance: authorizationVariance(state, lastDay),
      };
    }),
    lastEvent,
  };
}

/**
 * The episode as it stood just before each segment ended (or now, for the current one),
 * index for index with `timeline`'s segments: a segment ends at a level change, a site
 * transfer or the discharge of an open episode, as the ledger's timeline counts them.
 */
function statesWhileCurrent(events: EpisodeEvent[]): Episode[] {
  const states: Episode[] = [];
  let state: Episode = initialEpisode;
  let segment = -1;
  for (const event of events) {
    if (state.status === 'open' && event.type !== 'AuthorizedLevelRecorded' && event.type !== 'EpisodeOpened') {
      states[segment] = state;
      if (event.type !== 'EpisodeDischarged') segment += 1;
    }
    if (event.type === 'EpisodeOpened' && segment === -1) segment = 0;
    state = evolveEpisode(state, event);
  }
  if (state.status === 'open' && segment >= 0) states[segment] = state;
  return states;
}
