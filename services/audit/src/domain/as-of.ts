import {
  type AuthorizationVariance,
  type ClientEpisodes,
  type Episode,
  type LevelOfCare,
  authorizationVariance,
  calendarDateOf,
  evolveClientEpisodes,
  evolveEpisode,
  initialClientEpisodes,
  initialEpisode,
} from '@continuum/care-episode';
import { isInAccessLog } from './access-records.js';
import { asClientEpisodesEvent, asEpisodeEvent } from './care-episodes.js';
import { type LastKnownFacts, REFERRAL_STATUS_BY_EVENT, evolveLastKnownFacts } from './last-known-facts.js';
import { type EventReference, STREAM_PREFIXES, type StoredEvent, isAboutClient, referenceTo } from './stored-event.js';

// "As of": the client's care as it stood at an instant, by folding every event about the
// client that the store had recorded by then, and nothing recorded later. What a service
// shows today cannot answer this: only the events can. The answer names the last event it
// used, so an auditor can check it against the history.

export type AsOfFold = {
  clientId: string;
  /** The instant asked about (ISO 8601). */
  at: string;
  atMs: number;
  eventsUsed: number;
  lastEvent?: EventReference;
  lastSiteId?: string;
  clientEpisodes: ClientEpisodes;
  /** By episode id, in the order they were opened. */
  episodes: Map<string, Episode>;
  plans: Map<string, LastKnownFacts>;
  referrals: Map<string, LastKnownFacts>;
  aftercarePlans: Map<string, LastKnownFacts>;
};

/** An episode that was opened: the ledger ignores anything before EpisodeOpened. */
export type OpenedEpisode = Exclude<Episode, { status: 'not-opened' }>;

export type EpisodeAsOf = OpenedEpisode & { authorizationVariance: AuthorizationVariance[] };

export type AsOfAnswer = {
  clientId: string;
  at: string;
  /** The newest event the answer rests on; null when nothing about the client was recorded by then. */
  lastEventUsed: EventReference | null;
  eventsUsed: number;
  /** The site of the last event used: every record belongs to one site at a time. */
  siteId: string | null;
  /** The clinical level of the open episode; null when no episode was open. */
  levelOfCare: LevelOfCare | null;
  /** The open episode, else the latest one, with the payer's authorisation compared on the day asked about. */
  episode: EpisodeAsOf | null;
  episodes: OpenedEpisode[];
  /** The treatment plan of that episode (plan id = episode id), else the latest plan. */
  plan: LastKnownFacts | null;
  plans: LastKnownFacts[];
  referrals: LastKnownFacts[];
  aftercarePlans: LastKnownFacts[];
};

export function startAsOf(clientId: string, at: string): AsOfFold {
  const atMs = Date.parse(at);
  if (Number.isNaN(atMs)) throw new RangeError(`"${at}" is not an instant: give it as ISO 8601, e.g. 2026-03-01T12:00:00Z`);
  return {
    clientId,
    at: new Date(atMs).toISOString(),
    atMs,
    eventsUsed: 0,
    clientEpisodes: initialClientEpisodes,
    episodes: new Map(),
    plans: new Map(),
    referrals: new Map(),
    aftercarePlans: new Map(),
  };
}

/** Folds one event, in global order; events about someone else or recorded after the instant leave it unchanged. Mutates and returns the fold. */
export function foldAsOf(fold: AsOfFold, event: StoredEvent): AsOfFold {
  if (!isAboutClient(event, fold.clientId) || Date.parse(event.recordedAt) > fold.atMs) return fold;
  // A read of the record is in the history, not in the state it read.
  if (isInAccessLog(event)) return fold;
  fold.eventsUsed += 1;
  fold.lastEvent = referenceTo(event);
  fold.lastSiteId = event.metadata.siteId;

  const episodeEvent = asEpisodeEvent(event);
  if (episodeEvent) {
    fold.episodes.set(
      episodeEvent.episodeId,
      evolveEpisode(fold.episodes.get(episodeEvent.episodeId) ?? initialEpisode, episodeEvent.event),
    );
    return fold;
  }
  const clientEpisodesEvent = asClientEpisodesEvent(event);
  if (clientEpisodesEvent) {
    fold.clientEpisodes = evolveClientEpisodes(fold.clientEpisodes, clientEpisodesEvent);
    return fold;
  }
  for (const [prefix, aggregates, statuses] of [
    [STREAM_PREFIXES.plan, fold.plans, {}],
    [STREAM_PREFIXES.referral, fold.referrals, REFERRAL_STATUS_BY_EVENT],
    [STREAM_PREFIXES.aftercare, fold.aftercarePlans, {}],
  ] as const) {
    if (event.streamId.startsWith(prefix)) {
      aggregates.set(event.streamId, evolveLastKnownFacts(aggregates.get(event.streamId), event, prefix, statuses));
      return fold;
    }
  }
  return fold;
}

export function answerAsOf(fold: AsOfFold): AsOfAnswer {
  const opened = [...fold.episodes.values()].filter((episode): episode is OpenedEpisode => episode.status !== 'not-opened');
  const openEpisodeId = fold.clientEpisodes.openEpisode?.episodeId;
  const current =
    opened.find((episode) => episode.status === 'open' && episode.episodeId === openEpisodeId) ??
    opened.findLast((episode) => episode.status === 'open') ??
    opened.at(-1);
  const plans = [...fold.plans.values()];
  const day = calendarDateOf(new Date(fold.atMs));
  return {
    clientId: fold.clientId,
    at: fold.at,
    lastEventUsed: fold.lastEvent ?? null,
    eventsUsed: fold.eventsUsed,
    siteId: fold.lastSiteId ?? null,
    levelOfCare: current?.status === 'open' ? current.level : null,
    episode: current
      ? { ...current, authorizationVariance: authorizationVariance(current, current.status === 'discharged' ? current.dischargeDate : day) }
      : null,
    episodes: opened,
    plan: (current && plans.find((plan) => plan.id === current.episodeId)) ?? plans.at(-1) ?? null,
    plans,
    referrals: [...fold.referrals.values()],
    aftercarePlans: [...fold.aftercarePlans.values()],
  };
}

/** The whole fold over events already in hand (a test, or a client's history read into memory). */
export function asOf(clientId: string, at: string, events: Iterable<StoredEvent>): AsOfAnswer {
  let fold = startAsOf(clientId, at);
  for (const event of events) fold = foldAsOf(fold, event);
  return answerAsOf(fold);
}
