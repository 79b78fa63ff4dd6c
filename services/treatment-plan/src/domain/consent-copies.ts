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

// What treatment-plan keeps of a client's Part 2 consents, stream `consent-copies-treatment-plan-<clientId>`:
// copies of intake's ConsentGranted (v1 and v2), ConsentRevoked and RestrictionAgreed, the
// client's discharges (its own EpisodeDischarged) that consents "until discharge" expire on,
// and its outside sends (a held one is tried again when a consent arrives). The disclosure gateway reads this file at
// send time (@continuum/consent's ConsentFile), so no send calls intake. Copies are facts
// received: every command is idempotent per source event, a redelivery changes nothing.

export const CONSENT_COPIES_STREAM_PREFIX = 'consent-copies-treatment-plan-';
export const consentCopiesStream = (clientId: string) => `${CONSENT_COPIES_STREAM_PREFIX}${clientId}`;

/** What carried a send this service makes outside the network (@continuum/consent's DisclosureCarrier). */
export type OutsideSendCarrier = 'payer-authorization-request' | 'court-report';

export type ConsentCopied = {
  type: 'ConsentCopied';
  data: { clientId: string; consent: ConsentCopyV2 | LegacyConsentCopy; copiedAt: string; sourceEventId: string };
};
export type ConsentRevocationCopied = {
  type: 'ConsentRevocationCopied';
  data: { clientId: string; consentId: string; revokedOn: string; effectiveAt: string; sourceEventId: string };
};
/** The client's request for restriction the programme agreed to, or the required one (42 CFR 2.26(a)). */
export type RestrictionCopied = {
  type: 'RestrictionCopied';
  data: { clientId: string; restriction: PublishedRestriction; sourceEventId: string };
};
/** Something consents may expire on happened to the client (42 CFR 2.31(a)(7)): here, a discharge. */
export type ClientEventNoted = {
  type: 'ClientEventNoted';
  data: { clientId: string; event: ExpiryEvent; occurredAt: string; episodeId?: string; sourceEventId: string };
};
/** A send to outside the network was asked for: if it waits for a consent, the next consent to arrive tries it again. */
export type OutsideSendLinked = {
  type: 'OutsideSendLinked';
  data: { clientId: string; carrier: OutsideSendCarrier; sendId: string; sourceEventId: string };
};

export type ConsentCopiesEvent = ConsentCopied | ConsentRevocationCopied | RestrictionCopied | ClientEventNoted | OutsideSendLinked;

export type ConsentCopiesCommand =
  | { type: 'CopyConsent'; data: ConsentCopied['data'] }
  | { type: 'CopyRevocation'; data: ConsentRevocationCopied['data'] }
  | { type: 'CopyRestriction'; data: RestrictionCopied['data'] }
  | { type: 'NoteClientEvent'; data: ClientEventNoted['data'] }
  | { type: 'LinkOutsideSend'; data: OutsideSendLinked['data'] };

export type ConsentCopies = ConsentFile & {
  sends: Array<{ carrier: OutsideSendCarrier; sendId: string }>;
  sourceEventIds: string[];
};

export const initialConsentCopies: ConsentCopies = { ...emptyConsentFile, sends: [], sourceEventIds: [] };

export function evolveConsentCopies(state: ConsentCopies, event: ConsentCopiesEvent): ConsentCopies {
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
    case 'OutsideSendLinked':
      return { ...seen, sends: [...state.sends, { carrier: event.data.carrier, sendId: event.data.sendId }] };
    default:
      return state;
  }
}

const EVENT_OF = {
  CopyConsent: 'ConsentCopied',
  CopyRevocation: 'ConsentRevocationCopied',
  CopyRestriction: 'RestrictionCopied',
  NoteClientEvent: 'ClientEventNoted',
  LinkOutsideSend: 'OutsideSendLinked',
} as const;

export const consentCopiesDecider: Decider<ConsentCopiesCommand, ConsentCopiesEvent, ConsentCopies> = {
  initialState: initialConsentCopies,
  evolve: evolveConsentCopies,
  decide(command, state) {
    // A copy of a fact already copied (a redelivery) adds nothing.
    if (state.sourceEventIds.includes(command.data.sourceEventId)) return [];
    return [{ type: EVENT_OF[command.type], data: command.data } as ConsentCopiesEvent];
  },
};
