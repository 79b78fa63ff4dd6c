import {
  type ConsentCopyV2,
  type ConsentFile,
  type ExpiryEvent,
  type LegacyConsentCopy,
  type PublishedRestriction,
  emptyConsentFile,
  withClientEvent,
  withConsentCopied,
  withRestrictionAgreed,
  withRevocationCopied,
} from '@continuum/consent';
import { type Decider } from '@continuum/decider';
import { AFTERCARE_STREAM_PREFIX, aftercarePlanIdFor } from './events.js';

// What aftercare keeps of a client's Part 2 consents, stream `aftercare-client-<clientId>`
// (docs/domain/aftercare.md#what-aftercare-discloses): copies of intake's ConsentGranted (v1,
// v2), ConsentRevoked and RestrictionAgreed, and the events consents expire on (treatment-plan's
// EpisodeDischarged, aftercare's own ContinuingCareEnded), so the one consent rule decides a
// send with no call to intake. Copies are facts received: every command names the event it
// copies, and a redelivered event decides nothing.

export const AFTERCARE_CLIENT_STREAM_PREFIX = 'aftercare-client-';
export const consentFileStream = (clientId: string) => `${AFTERCARE_CLIENT_STREAM_PREFIX}${clientId}`;
/** A plan's stream, not a consent file's: both start with `aftercare-` (plan ids are episode UUIDs, never `client-…`). */
export const isAftercarePlanStream = (streamId: string) =>
  streamId.startsWith(AFTERCARE_STREAM_PREFIX) && !streamId.startsWith(AFTERCARE_CLIENT_STREAM_PREFIX);

export type ConsentCopied = {
  type: 'ConsentCopied';
  data: { clientId: string; consent: ConsentCopyV2 | LegacyConsentCopy; copiedAt: string; sourceEventId: string };
};
export type ConsentRevocationCopied = {
  type: 'ConsentRevocationCopied';
  data: { clientId: string; consentId: string; revokedOn: string; effectiveAt: string; sourceEventId: string };
};
/** The client's request for restriction the programme agreed to (42 CFR 2.26): it wins over any consent. */
export type RestrictionCopied = {
  type: 'RestrictionCopied';
  data: { clientId: string; restriction: PublishedRestriction; sourceEventId: string };
};
/**
 * Something happened that consents may expire on (42 CFR 2.31(a)(7)): a discharge (its
 * `episodeId` is also the aftercare plan's id) or the end of aftercare.
 */
export type ClientEventNoted = {
  type: 'ClientEventNoted';
  data: { clientId: string; event: ExpiryEvent; occurredAt: string; episodeId?: string; sourceEventId: string };
};

export type ConsentFileEvent = ConsentCopied | ConsentRevocationCopied | RestrictionCopied | ClientEventNoted;

export type ConsentFileCommand =
  | { type: 'CopyConsent'; data: ConsentCopied['data'] }
  | { type: 'CopyRevocation'; data: ConsentRevocationCopied['data'] }
  | { type: 'CopyRestriction'; data: RestrictionCopied['data'] }
  | { type: 'NoteClientEvent'; data: ClientEventNoted['data'] };

export type ClientConsentFile = ConsentFile & { sourceEventIds: string[] };

export const initialClientConsentFile: ClientConsentFile = { ...emptyConsentFile, sourceEventIds: [] };

export function evolveConsentFile(state: ClientConsentFile, event: ConsentFileEvent): ClientConsentFile {
  const seen = { ...state, sourceEventIds: [...state.sourceEventIds, event.data.sourceEventId] };
  switch (event.type) {
    case 'ConsentCopied':
      return withConsentCopied(seen, event.data.consent, event.data.copiedAt);
    case 'ConsentRevocationCopied':
      return withRevocationCopied(seen, event.data.consentId, event.data.effectiveAt);
    case 'RestrictionCopied':
      return withRestrictionAgreed(seen, event.data.restriction);
    case 'ClientEventNoted': {
      const { clientId, event: happened, occurredAt, episodeId } = event.data;
      return withClientEvent(seen, { clientId, event: happened, occurredAt, ...(episodeId === undefined ? {} : { episodeId }) });
    }
    default:
      return state;
  }
}

const EVENT_OF = {
  CopyConsent: 'ConsentCopied',
  CopyRevocation: 'ConsentRevocationCopied',
  CopyRestriction: 'RestrictionCopied',
  NoteClientEvent: 'ClientEventNoted',
} as const;

export const consentFileDecider: Decider<ConsentFileCommand, ConsentFileEvent, ClientConsentFile> = {
  initialState: initialClientConsentFile,
  evolve: evolveConsentFile,
  decide(command, state) {
    if (state.sourceEventIds.includes(command.data.sourceEventId)) return [];
    return [{ type: EVENT_OF[command.type], data: command.data } as ConsentFileEvent];
  },
};

/** The aftercare plans of the client the file knows of: one per discharge (the plan id is the episode id). */
export const planIdsInFile = (file: ClientConsentFile): string[] => [
  ...new Set(
    file.events.flatMap((event) =>
      event.event === 'discharge' && event.episodeId !== undefined ? [aftercarePlanIdFor(event.episodeId)] : [],
    ),
  ),
];
