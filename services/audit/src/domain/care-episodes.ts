import {
  CLIENT_EPISODES_STREAM_PREFIX,
  EPISODE_STREAM_PREFIX,
  type EpisodeEnded,
  type EpisodeEvent,
  type EpisodeStarted,
} from '@continuum/care-episode';
import { type StoredEvent } from './stored-event.js';

// The care-episode ledger's two kinds of stream share a prefix (libs/care-episode/episode.ts):
// `care-episode-<episodeId>` holds an episode, `care-episode-client-<clientId>` which episode
// of the client is open.

const EPISODE_EVENT_TYPES = new Set<string>([
  'EpisodeOpened',
  'LevelOfCareChanged',
  'AuthorizedLevelRecorded',
  'SiteTransferred',
  'EpisodeDischarged',
]);
// The safety holds the ledger notes on both kinds of stream (SafetyHoldNoted, SafetyHoldLifted)
// move no level and open or end no episode: the history lists them, the folds pass over them.
const CLIENT_EPISODES_EVENT_TYPES = new Set<string>(['EpisodeStarted', 'EpisodeEnded']);

/** The episode id and ledger event, when this is an event of an episode stream. */
export function asEpisodeEvent(event: StoredEvent): { episodeId: string; event: EpisodeEvent } | undefined {
  if (!event.streamId.startsWith(EPISODE_STREAM_PREFIX) || event.streamId.startsWith(CLIENT_EPISODES_STREAM_PREFIX)) return undefined;
  if (!EPISODE_EVENT_TYPES.has(event.type)) return undefined;
  return { episodeId: event.streamId.slice(EPISODE_STREAM_PREFIX.length), event: { type: event.type, data: event.data } as EpisodeEvent };
}

/** The client's claim: which episode opened and ended. */
export function asClientEpisodesEvent(event: StoredEvent): EpisodeStarted | EpisodeEnded | undefined {
  if (!event.streamId.startsWith(CLIENT_EPISODES_STREAM_PREFIX) || !CLIENT_EPISODES_EVENT_TYPES.has(event.type)) return undefined;
  return { type: event.type, data: event.data } as EpisodeStarted | EpisodeEnded;
}
