import {
  type ConsentFactCommand,
  type ConsentFactEvent,
  type CopiedConsentFile,
  decideConsentFact,
  evolveConsentFacts,
  initialCopiedConsentFile,
} from '@continuum/consent';
import { type CareTeam, type CareTeamMember, replacesHeldTeam } from '@continuum/care-episode';
import { type Decider } from '@continuum/decider';
import { type ReferralSource } from './events.js';

// What this service knows of a client beyond single referrals, stream
// `dual-diagnosis-client-<clientId>`: its own copy of the client's Part 2 consents (from
// intake's ConsentGranted / ConsentRevoked), whether intake holds the client on a C-SSRS
// safety hold, which of intake's same-day safety follow-ups are open (a suicide-risk signal),
// and which referrals the client has and what opened them. Copies are facts
// received, so every command here is idempotent: a redelivered event changes nothing.

export type ImminentRiskFlagged = {
  type: 'ImminentRiskFlagged';
  data: { clientId: string; screeningId: string; placedAt: string; sourceEventId: string };
};
export type ImminentRiskCleared = { type: 'ImminentRiskCleared'; data: { clientId: string; releasedAt: string; sourceEventId: string } };
/** Intake opened a same-day safety follow-up: a suicide-risk signal until a clinician records it. */
export type SuicideRiskSignalFlagged = {
  type: 'SuicideRiskSignalFlagged';
  data: { clientId: string; followUpId: string; openedAt: string; sourceEventId: string };
};
export type SuicideRiskSignalCleared = {
  type: 'SuicideRiskSignalCleared';
  data: { clientId: string; followUpId: string; completedAt: string; sourceEventId: string };
};
export type ReferralLinked = {
  type: 'ReferralLinked';
  data: { clientId: string; referralId: string; conditionCode: string; source: ReferralSource; sourceEventId: string };
};

export type { CareTeam, TeamRole } from '@continuum/care-episode';

/** Treatment-plan told the episode's care team, stated whole; a change older than the one held is not recorded. */
export type CareTeamNoted = {
  type: 'CareTeamNoted';
  data: {
    clientId: string;
    episodeId: string;
    siteId: string;
    members: CareTeamMember[];
    changedAt: string;
    sourceEventId: string;
  };
};

/** The consent copies (@continuum/consent's four copy events) and this service's own facts. */
export type ClientEvent =
  | ConsentFactEvent
  | ImminentRiskFlagged
  | ImminentRiskCleared
  | SuicideRiskSignalFlagged
  | SuicideRiskSignalCleared
  | ReferralLinked
  | CareTeamNoted;

export type ClientCommand =
  | ConsentFactCommand
  | { type: 'FlagImminentRisk'; data: ImminentRiskFlagged['data'] }
  | { type: 'ClearImminentRisk'; data: ImminentRiskCleared['data'] }
  | { type: 'FlagSuicideRiskSignal'; data: SuicideRiskSignalFlagged['data'] }
  | { type: 'ClearSuicideRiskSignal'; data: SuicideRiskSignalCleared['data'] }
  | { type: 'LinkReferral'; data: ReferralLinked['data'] }
  | { type: 'NoteCareTeam'; data: CareTeamNoted['data'] };

/** The consent file (@continuum/consent: copies, agreed restrictions, events consents expire on) and this service's own facts. */
export type ClientFile = CopiedConsentFile & {
  hasImminentSuicideRisk: boolean;
  /** Intake's same-day safety follow-ups not yet recorded: while there is one, a referral opens emergent. */
  openSafetyFollowUps: string[];
  links: Array<ReferralLinked['data']>;
  /** The care team of the client's latest episode as treatment-plan last told it; undefined before it told any. */
  careTeam?: CareTeam;
  /** The episodes treatment-plan told discharged (EpisodeDischarged, noted for the consents that expire on it). */
  dischargedEpisodes: string[];
};

export const initialClientFile: ClientFile = {
  ...initialCopiedConsentFile,
  hasImminentSuicideRisk: false,
  openSafetyFollowUps: [],
  links: [],
  dischargedEpisodes: [],
};

/** A same-day safety follow-up intake opened and a clinician has not yet recorded (the safety hold has its own flag). */
export const hasSuicideRiskSignal = (file: ClientFile) => file.openSafetyFollowUps.length > 0;

export const clientFileStream = (clientId: string) => `dual-diagnosis-client-${clientId}`;

export function evolveClientFile(state: ClientFile, event: ClientEvent): ClientFile {
  const copied = evolveConsentFacts(state, event);
  if (copied) {
    const discharged = event.type === 'ClientEventNoted' && event.data.event === 'discharge' ? event.data.episodeId : undefined;
    return discharged === undefined ? copied : { ...copied, dischargedEpisodes: [...state.dischargedEpisodes, discharged] };
  }
  const seen = { ...state, sourceEventIds: [...state.sourceEventIds, event.data.sourceEventId] };
  switch (event.type) {
    case 'ImminentRiskFlagged':
      return { ...seen, hasImminentSuicideRisk: true };
    case 'ImminentRiskCleared':
      return { ...seen, hasImminentSuicideRisk: false };
    case 'SuicideRiskSignalFlagged':
      return {
        ...seen,
        openSafetyFollowUps: [...state.openSafetyFollowUps.filter((id) => id !== event.data.followUpId), event.data.followUpId],
      };
    case 'SuicideRiskSignalCleared':
      return { ...seen, openSafetyFollowUps: state.openSafetyFollowUps.filter((id) => id !== event.data.followUpId) };
    case 'ReferralLinked':
      return { ...seen, links: [...state.links, event.data] };
    case 'CareTeamNoted': {
      const { episodeId, members, changedAt } = event.data;
      return { ...seen, careTeam: { episodeId, members, changedAt } };
    }
    default:
      return state;
  }
}

export const clientFileDecider: Decider<ClientCommand, ClientEvent, ClientFile> = {
  initialState: initialClientFile,
  evolve: evolveClientFile,
  decide(command, state) {
    if (state.sourceEventIds.includes(command.data.sourceEventId)) return [];
    switch (command.type) {
      case 'CopyConsent':
      case 'CopyRevocation':
      case 'CopyRestriction':
      case 'NoteClientEvent':
        return decideConsentFact(command, state);
      case 'FlagImminentRisk':
        return [{ type: 'ImminentRiskFlagged', data: command.data }];
      case 'ClearImminentRisk':
        return [{ type: 'ImminentRiskCleared', data: command.data }];
      case 'FlagSuicideRiskSignal':
        return [{ type: 'SuicideRiskSignalFlagged', data: command.data }];
      case 'ClearSuicideRiskSignal':
        return [{ type: 'SuicideRiskSignalCleared', data: command.data }];
      case 'LinkReferral':
        return [{ type: 'ReferralLinked', data: command.data }];
      case 'NoteCareTeam':
        return replacesHeldTeam(command.data, state.careTeam) ? [{ type: 'CareTeamNoted', data: command.data }] : [];
    }
  },
};

/**
 * Which referral a co-occurring condition found at intake belongs to: one referral per
 * condition episode. The same source event always names the referral it opened; another
 * finding of a condition whose referral is still open joins it; otherwise the next episode
 * of that condition opens a new referral (the application derives its id from the episode).
 */
export function referralForCondition(
  state: ClientFile,
  conditionCode: string,
  sourceEventId: string,
  isReferralOpen: (referralId: string) => boolean,
): { kind: 'already-linked' | 'joins-open'; referralId: string } | { kind: 'new-episode'; episode: number } {
  const linked = state.links.find((link) => link.sourceEventId === sourceEventId);
  if (linked) return { kind: 'already-linked', referralId: linked.referralId };
  const forCondition = state.links.filter((link) => link.source === 'intake-screening' && link.conditionCode === conditionCode);
  const referralIds = [...new Set(forCondition.map((link) => link.referralId))];
  const latest = referralIds.at(-1);
  if (latest !== undefined && isReferralOpen(latest)) return { kind: 'joins-open', referralId: latest };
  return { kind: 'new-episode', episode: referralIds.length + 1 };
}

/**
 * Whether the provider has a treating provider relationship with the client (42 CFR 2.11): the
 * client agreed to be evaluated or treated by it and it agreed, which here means it accepted a
 * referral of the client that still stands (accepted, scheduled, missed once, or completed).
 * A provider only assigned, sent to, or that declined has none; nor has one whose referral was
 * cancelled or failed (the safer reading: whether it had accepted is not kept after those).
 */
export function hasTreatingRelationship(
  referrals: ReadonlyArray<{ status: string; provider?: { providerId: string } }>,
  providerId: string,
): boolean {
  const accepted = ['accepted', 'scheduled', 'no-show', 'completed'];
  return referrals.some((referral) => accepted.includes(referral.status) && referral.provider?.providerId === providerId);
}
