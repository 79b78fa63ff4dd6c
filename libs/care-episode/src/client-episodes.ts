import { type Decider, RuleBroken } from '@continuum/decider';
import { type CalendarDate, calendarDateOf, isCalendarDate } from './calendar-date.js';
import {
  type HoldLift,
  type LiftSafetyHold,
  type NoteSafetyHold,
  type SafetyHold,
  holdOf,
  holdToLift,
  holdToNote,
  withoutHold,
} from './safety-hold.js';

// "At most one open episode per client" spans streams
// (docs/domain/client-journey.md#the-care-episode-treatment-plan-service): each episode has its own
// stream, and a stream's expected revision guards only that stream. So each client has one
// more, small stream that records which episode is open. Two admissions racing for the
// same client both append to it with the revision they read; the store lets one through
// and the other re-reads, re-decides, and is refused.
//
// The writer (treatment-plan) decides the client stream's step together with the episode's
// (and the plan's) and appends them in one atomic unit, so neither can be written without
// the other (docs/architecture/multi-stream-commands.md):
//
//   opening   client stream StartEpisode → episode stream OpenEpisode, linking the
//             previousEpisodeId that EpisodeStarted carries → the draft plan.
//   discharge episode stream DischargeEpisode → client stream EndEpisode → the plan's closing.
//
// The client's safety hold is noted here too (safety-hold.ts): it belongs to the client, not to
// one episode, and may come before the episode opens. Intake publishes the hold and the
// admission on one topic keyed by the client, so they normally arrive in the order intake
// recorded them; but a delivery parked on the dead-letter topic and replayed later arrives out
// of order. So the ledger does not rely on the order: the claim stream keeps the hold whatever
// the client's episodes, the opening reads it from here and carries it into the new episode
// (decide.ts), and a hold placed during an episode is noted on both streams in one write.
//
//   hold      client stream NoteSafetyHold / LiftSafetyHold → the open episode's, if any.
//
// Both client-stream commands still repeat safely, for histories written before the steps
// were atomic: a retried admission (episodeId derives from intake's admissionId) finds its own
// claim and gets no new event; a reaction to EpisodeDischarged ends a claim left open.

export const CLIENT_EPISODES_STREAM_PREFIX = 'care-episode-client-';

export function clientEpisodesStream(clientId: string): string {
  return `${CLIENT_EPISODES_STREAM_PREFIX}${clientId}`;
}

export type EpisodeStarted = {
  type: 'EpisodeStarted';
  data: {
    clientId: string;
    episodeId: string;
    /** The client's last ended episode: a readmission links it (docs/domain/client-journey.md#the-care-episode-treatment-plan-service). */
    previousEpisodeId?: string;
    startDate: CalendarDate;
  };
};

export type EpisodeEnded = {
  type: 'EpisodeEnded';
  data: { clientId: string; episodeId: string; endDate: CalendarDate };
};

/** The client's safety hold, whatever their episodes (the open episode notes it too). */
export type ClientSafetyHoldNoted = { type: 'SafetyHoldNoted'; data: { clientId: string } & SafetyHold };

/** The hold ended: intake recorded the clinician's suicide-risk assessment and safety plan. */
export type ClientSafetyHoldLifted = { type: 'SafetyHoldLifted'; data: { clientId: string } & HoldLift };

export type ClientEpisodesEvent = EpisodeStarted | EpisodeEnded | ClientSafetyHoldNoted | ClientSafetyHoldLifted;

export type StartEpisode = {
  type: 'StartEpisode';
  data: { clientId: string; episodeId: string; /** Defaults to the day of `now`. */ startDate?: CalendarDate };
};

export type EndEpisode = {
  type: 'EndEpisode';
  data: { clientId: string; episodeId: string; /** The discharge date; defaults to the day of `now`. */ endDate?: CalendarDate };
};

export type ClientEpisodesCommand = StartEpisode | EndEpisode | NoteSafetyHold | LiftSafetyHold;

export type ClientEpisodes = {
  /** The episode now open, if any, and the episode it readmits from. */
  openEpisode?: { episodeId: string; previousEpisodeId?: string; startDate: CalendarDate };
  /** Ended episodes, oldest first. */
  endedEpisodeIds: string[];
  /** Intake's safety hold while it lasts; an episode that opens meanwhile carries it. */
  safetyHold?: SafetyHold;
};

export const initialClientEpisodes: ClientEpisodes = { endedEpisodeIds: [] };

export function evolveClientEpisodes(state: ClientEpisodes, event: ClientEpisodesEvent): ClientEpisodes {
  switch (event.type) {
    case 'EpisodeStarted': {
      const { episodeId, previousEpisodeId, startDate } = event.data;
      return { ...state, openEpisode: { episodeId, ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }), startDate } };
    }
    case 'EpisodeEnded': {
      const { openEpisode: _ended, ...rest } = state;
      return { ...rest, endedEpisodeIds: [...state.endedEpisodeIds, event.data.episodeId] };
    }
    case 'SafetyHoldNoted':
      return { ...state, safetyHold: holdOf(event.data) };
    case 'SafetyHoldLifted':
      return withoutHold(state);
  }
}

export function decideClientEpisodes(command: ClientEpisodesCommand, state: ClientEpisodes, now: Date): ClientEpisodesEvent[] {
  if (command.type === 'NoteSafetyHold') {
    const hold = holdToNote(state.safetyHold, command.data.hold);
    return hold ? [{ type: 'SafetyHoldNoted', data: { clientId: command.data.clientId, ...hold } }] : [];
  }
  if (command.type === 'LiftSafetyHold') {
    const lift = holdToLift(state.safetyHold, command.data.release);
    return lift ? [{ type: 'SafetyHoldLifted', data: { clientId: command.data.clientId, ...lift } }] : [];
  }
  const { clientId, episodeId } = command.data;
  switch (command.type) {
    case 'StartEpisode': {
      // The same admission retried after a crash: its claim is already here.
      if (state.openEpisode?.episodeId === episodeId) return [];
      if (state.openEpisode) {
        throw new RuleBroken(
          `the client already has an open episode, ${state.openEpisode.episodeId}: change its level of care or transfer it, or discharge it before opening another`,
          'client-has-open-episode',
          { openEpisodeId: state.openEpisode.episodeId },
        );
      }
      if (state.endedEpisodeIds.includes(episodeId)) {
        throw new RuleBroken(
          `episode ${episodeId} has already ended and cannot start again: a readmission opens a new episode with a new id`,
          'episode-already-ended',
          { episodeId },
        );
      }
      const previousEpisodeId = state.endedEpisodeIds.at(-1);
      const startDate = dateOrToday(command.data.startDate, now);
      return [
        {
          type: 'EpisodeStarted',
          data: { clientId, episodeId, ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }), startDate },
        },
      ];
    }
    case 'EndEpisode': {
      // Ending twice is a retried reaction to the same discharge, not a second fact.
      if (state.endedEpisodeIds.includes(episodeId)) return [];
      if (state.openEpisode?.episodeId !== episodeId) {
        throw new RuleBroken(
          state.openEpisode
            ? `episode ${episodeId} is not the client's open episode (${state.openEpisode.episodeId}): end the episode that is open`
            : `the client has no open episode, so ${episodeId} cannot end: check the episode id`,
          'not-the-open-episode',
          { episodeId, openEpisodeId: state.openEpisode?.episodeId },
        );
      }
      return [{ type: 'EpisodeEnded', data: { clientId, episodeId, endDate: dateOrToday(command.data.endDate, now) } }];
    }
  }
}

export const clientEpisodes: Decider<ClientEpisodesCommand, ClientEpisodesEvent, ClientEpisodes> = {
  decide: decideClientEpisodes,
  evolve: evolveClientEpisodes,
  initialState: initialClientEpisodes,
};

function dateOrToday(date: CalendarDate | undefined, now: Date): CalendarDate {
  if (date === undefined) return calendarDateOf(now);
  if (!isCalendarDate(date)) throw new RuleBroken(`${String(date)} is not a calendar day: give it as YYYY-MM-DD`, 'invalid-date');
  return date;
}
