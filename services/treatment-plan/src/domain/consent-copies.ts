import {
  type ConsentFactCommand,
  type ConsentFactEvent,
  type CopiedConsentFile,
  decideConsentFact,
  evolveConsentFacts,
  initialCopiedConsentFile,
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

/** A send to outside the network was asked for: if it waits for a consent, the next consent to arrive tries it again. */
export type OutsideSendLinked = {
  type: 'OutsideSendLinked';
  data: { clientId: string; carrier: OutsideSendCarrier; sendId: string; sourceEventId: string };
};

export type ConsentCopiesEvent = ConsentFactEvent | OutsideSendLinked;

export type ConsentCopiesCommand = ConsentFactCommand | { type: 'LinkOutsideSend'; data: OutsideSendLinked['data'] };

/** @continuum/consent's copied consent file, and the outside sends to try again when a consent arrives. */
export type ConsentCopies = CopiedConsentFile & {
  sends: Array<{ carrier: OutsideSendCarrier; sendId: string }>;
};

export const initialConsentCopies: ConsentCopies = { ...initialCopiedConsentFile, sends: [] };

export function evolveConsentCopies(state: ConsentCopies, event: ConsentCopiesEvent): ConsentCopies {
  if (event.type !== 'OutsideSendLinked') return evolveConsentFacts(state, event) ?? state;
  return {
    ...state,
    sourceEventIds: [...state.sourceEventIds, event.data.sourceEventId],
    sends: [...state.sends, { carrier: event.data.carrier, sendId: event.data.sendId }],
  };
}

export const consentCopiesDecider: Decider<ConsentCopiesCommand, ConsentCopiesEvent, ConsentCopies> = {
  initialState: initialConsentCopies,
  evolve: evolveConsentCopies,
  decide(command, state) {
    if (command.type !== 'LinkOutsideSend') return decideConsentFact(command, state);
    // A link already made (a retried request) adds nothing.
    if (state.sourceEventIds.includes(command.data.sourceEventId)) return [];
    return [{ type: 'OutsideSendLinked', data: command.data }];
  },
};
