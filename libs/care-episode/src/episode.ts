import { type CalendarDate } from './calendar-date.js';
import { type LateEntryReason } from './fact-dates.js';
import { type ChangeDirection, type LevelOfCare } from './levels.js';
import { type HoldLift, type SafetyHold, holdOf, withoutHold } from './safety-hold.js';

// The care episode: one admission, one stream, the legal history of the client's care
// (docs/domain/client-journey.md#the-care-episode-treatment-plan-service). Events carry ids and
// codes only: no names, birth dates or
// free-text notes, because the relay turns them into integration events that leave the
// service. Where a person's words matter (a reason, a summary) the event holds a reference
// to the document kept by the service that owns it.

// Note for subscribers filtering by prefix: the per-client guard streams
// (`care-episode-client-<clientId>`, client-episodes.ts) share this prefix, so a projection of
// episodes filters by event type as well.
export const EPISODE_STREAM_PREFIX = 'care-episode-';

export function episodeStream(episodeId: string): string {
  return `${EPISODE_STREAM_PREFIX}${episodeId}`;
}

/** Who made a decision, in which role. Ids and role codes only. */
export type DecidedBy = { userId: string; role: string };

export const LEVEL_CHANGE_REASONS = [
  'relapse',
  'worsening-scores',
  'withdrawal-risk',
  'safety-risk',
  'co-occurring-condition',
  'clinical-progress',
  'treatment-goals-met',
  'payer-decision',
  'client-choice',
  'programme-availability',
  're-coded-to-another-edition',
  'other',
] as const;
export type LevelChangeReasonCode = (typeof LEVEL_CHANGE_REASONS)[number];

export const SITE_TRANSFER_REASONS = [
  'client-relocated',
  'clinical-need',
  'programme-availability',
  'client-choice',
  'site-closure',
  'other',
] as const;
export type SiteTransferReasonCode = (typeof SITE_TRANSFER_REASONS)[number];

/** A short coded reason, with an optional id of the note that explains it (never the note itself). */
export type Reason<Code extends string> = { code: Code; reference?: string };

export const EVIDENCE_KINDS = ['assessment', 'screening', 'drug-test', 'review', 'attendance', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export type EvidenceReference = { kind: EvidenceKind; id: string };

export const DISCHARGE_DISPOSITIONS = ['completed', 'against-advice', 'administrative', 'transferred-out', 'other'] as const;
export type DischargeDisposition = (typeof DISCHARGE_DISPOSITIONS)[number];

export type AuthorizedAmount = { quantity: number; unit: 'days' | 'units' };

export type EpisodeOpened = {
  type: 'EpisodeOpened';
  data: {
    episodeId: string;
    clientId: string;
    level: LevelOfCare;
    siteId: string;
    programmeId: string;
    /** e.g. `morning` or `evening` for an IOP. */
    track?: string;
    openedBy: DecidedBy;
    assessmentId: string;
    /** Intake's admission decision this episode came from (the causation). */
    admissionId: string;
    startDate: CalendarDate;
    /** Set on a readmission: the client's episode before this one. */
    previousEpisodeId?: string;
  };
};

export type LevelOfCareChanged = {
  type: 'LevelOfCareChanged';
  data: {
    episodeId: string;
    from: LevelOfCare;
    to: LevelOfCare;
    /** Computed from the level catalogue when the change was decided; never taken from the caller. */
    direction: ChangeDirection;
    reason: Reason<LevelChangeReasonCode>;
    evidence: EvidenceReference[];
    decidedBy: DecidedBy;
    effectiveDate: CalendarDate;
    /** Present when the change was recorded after its day (fact-dates.ts). */
    lateEntryReason?: LateEntryReason;
  };
};

export type AuthorizedLevelRecorded = {
  type: 'AuthorizedLevelRecorded';
  data: {
    episodeId: string;
    /** What the payer authorised; may differ from the clinical level, which it never changes. */
    level: LevelOfCare;
    amount: AuthorizedAmount;
    /** Last day covered, inclusive. */
    throughDate: CalendarDate;
    payerReference: string;
    recordedBy: DecidedBy;
    recordedOn: CalendarDate;
  };
};

export type SiteTransferred = {
  type: 'SiteTransferred';
  data: {
    episodeId: string;
    fromSiteId: string;
    toSiteId: string;
    reason: Reason<SiteTransferReasonCode>;
    decidedBy: DecidedBy;
    effectiveDate: CalendarDate;
    /** Present when the change was recorded after its day (fact-dates.ts). */
    lateEntryReason?: LateEntryReason;
  };
};

export type EpisodeDischarged = {
  type: 'EpisodeDischarged';
  data: {
    episodeId: string;
    disposition: DischargeDisposition;
    dischargeSummaryRef: string;
    dischargedBy: DecidedBy;
    date: CalendarDate;
    /** Present when the discharge was recorded after its day (fact-dates.ts). */
    lateEntryReason?: LateEntryReason;
  };
};

/**
 * Intake's safety hold, noted on the episode (safety-hold.ts): while it lasts the level stays
 * at or above the network's safety level. Recorded when intake's SafetyHoldPlaced arrives during
 * the episode, or with EpisodeOpened when the client was already held.
 */
export type SafetyHoldNoted = {
  type: 'SafetyHoldNoted';
  data: { episodeId: string; clientId: string } & SafetyHold;
};

/** The hold ended: intake recorded the clinician's suicide-risk assessment and safety plan. */
export type SafetyHoldLifted = {
  type: 'SafetyHoldLifted';
  /** `screeningId`: the screening that placed the hold lifted; `releasedAt`: intake's instant. */
  data: { episodeId: string; clientId: string } & HoldLift;
};

export type EpisodeEvent =
  EpisodeOpened | LevelOfCareChanged | AuthorizedLevelRecorded | SiteTransferred | EpisodeDischarged | SafetyHoldNoted | SafetyHoldLifted;

export type PayerAuthorization = Omit<AuthorizedLevelRecorded['data'], 'episodeId'>;

export type EpisodeFacts = {
  episodeId: string;
  clientId: string;
  siteId: string;
  programmeId: string;
  track?: string;
  startDate: CalendarDate;
  previousEpisodeId?: string;
  /** The clinical level: only EpisodeOpened and LevelOfCareChanged move it. */
  level: LevelOfCare;
  /** The day the current level (or site) took effect; nothing dated earlier may follow it. */
  lastEffectiveDate: CalendarDate;
  /** The payer's latest authorisation, kept apart from the clinical level. */
  authorization?: PayerAuthorization;
  /** Intake's safety hold while it lasts: no level below the network's safety level (decide.ts). */
  safetyHold?: SafetyHold;
};

export type Episode =
  | { status: 'not-opened' }
  | ({ status: 'open' } & EpisodeFacts)
  | ({ status: 'discharged'; disposition: DischargeDisposition; dischargeSummaryRef: string; dischargeDate: CalendarDate } & EpisodeFacts);

export const initialEpisode: Episode = { status: 'not-opened' };

export function evolveEpisode(state: Episode, event: EpisodeEvent): Episode {
  if (event.type === 'EpisodeOpened') {
    const { episodeId, clientId, siteId, programmeId, track, startDate, previousEpisodeId, level } = event.data;
    return {
      status: 'open',
      episodeId,
      clientId,
      siteId,
      programmeId,
      ...(track === undefined ? {} : { track }),
      startDate,
      ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }),
      level,
      lastEffectiveDate: startDate,
    };
  }
  // A stream whose first event is not EpisodeOpened is corrupt; folding it further would
  // invent an episode, so the state stays as it is.
  if (state.status === 'not-opened') return state;
  switch (event.type) {
    case 'LevelOfCareChanged':
      return { ...state, level: event.data.to, lastEffectiveDate: event.data.effectiveDate };
    case 'AuthorizedLevelRecorded': {
      const { episodeId: _episodeId, ...authorization } = event.data;
      return { ...state, authorization };
    }
    case 'SiteTransferred':
      return { ...state, siteId: event.data.toSiteId, lastEffectiveDate: event.data.effectiveDate };
    case 'EpisodeDischarged':
      return {
        ...state,
        status: 'discharged',
        disposition: event.data.disposition,
        dischargeSummaryRef: event.data.dischargeSummaryRef,
        dischargeDate: event.data.date,
        lastEffectiveDate: event.data.date,
      };
    // A hold never moves the level or its date: it bounds the changes that follow.
    case 'SafetyHoldNoted':
      return { ...state, safetyHold: holdOf(event.data) };
    case 'SafetyHoldLifted':
      return withoutHold(state);
  }
}
