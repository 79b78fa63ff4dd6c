// What a service that discloses keeps of the client's consents and restrictions: copies of what
// intake published (ConsentGranted v1/v2, ConsentRevoked, RestrictionAgreed) and the events
// consents expire on (a discharge, the end of aftercare), so the disclosure gateway decides at
// send time without calling intake. Copies hold ids and codes only: names and wording stay on
// the form in intake. Every service that discloses uses this one model.
import {
  type Consent,
  type ConsentExpiry,
  type ConsentForm,
  type ConsentRecipient,
  type CriminalJusticeTerms,
  type ExpiryEvent,
  type GeneralDesignation,
  type InformationCategory,
} from './consent.js';
import { type Decider } from '@continuum/decider';
import { type ClientEvent } from './consent-state.js';
import { expiryEventOfLegacyForm, purposesOfLegacyForm } from './legacy-form.js';
import { type PurposeOfUse } from './purpose-of-use.js';
import { type Restriction, type RestrictionRequest } from './restrictions.js';

/** A consent on the 2024 form as intake publishes it (ConsentGranted v2, without the client id). */
export type ConsentCopyV2 = {
  consentId: string;
  recipients: Array<
    | { kind: 'named'; recipientId: string; coveredEntity?: boolean }
    | { kind: 'general'; designation: GeneralDesignation }
    | {
        kind: 'intermediary';
        intermediaryId: string;
        participants: { kind: 'named'; participantIds: string[] } | { kind: 'treating-providers' };
      }
  >;
  purposes: PurposeOfUse[];
  categories: InformationCategory[];
  expiry: { kind: 'date'; expiresOn: string } | { kind: 'event'; event: ExpiryEvent; episodeId?: string } | { kind: 'none' };
  signedOn: string;
  clientIsMinor: boolean;
  criminalJustice?: CriminalJusticeTerms;
  grantedAt: string;
};

/** A consent on the form used before the 2024 final rule (ConsentGranted v1), as copies of it were first kept. */
export type LegacyConsentCopy = {
  consentId: string;
  recipients: Array<{ kind: 'named'; recipientId: string } | { kind: 'treating-providers' }>;
  purposes: string[];
  expiry: { kind: 'date'; expiresOn: string } | { kind: 'event' };
  signedOn: string;
  grantedAt: string;
};

/** What a service holds of a consent: the copy, and from when its revocation was received. */
export type ConsentCopy = (ConsentCopyV2 | LegacyConsentCopy) & { revokedFrom?: string; copiedAt?: string };

const isV2 = (copy: ConsentCopyV2 | LegacyConsentCopy): copy is ConsentCopyV2 => 'categories' in copy;

/** ConsentGranted's data as intake publishes it, v2 or v1 (structurally: this lib does not know the contracts). */
export type PublishedConsent =
  { schemaVersion: 2; data: ConsentCopyV2 & { clientId: string } } | { schemaVersion: 1; data: LegacyConsentCopy & { clientId: string } };

/** The copy a service keeps of a published consent: v2 as it is, v1 as its copies were always kept. */
export function copyOfPublishedConsent(published: PublishedConsent): ConsentCopyV2 | LegacyConsentCopy {
  if (published.schemaVersion === 2) {
    const { clientId: _clientId, ...copy } = published.data;
    return structuredClone(copy);
  }
  const { consentId, recipients, purposes, expiry, signedOn, grantedAt } = published.data;
  return structuredClone({ consentId, recipients, purposes, expiry, signedOn, grantedAt });
}

/**
 * A copy in the rule's terms. The copy has no names or wording: ids stand for names and codes
 * for descriptions, which is all the rule reads (it trusts a recorded consent was valid, 42 CFR
 * 2.31(c)(2)). An old copy covers no category of information (its information was described in
 * words only) and its event expiry, whose wording never crossed, is read as discharge: both the
 * safer reading, so a send under it waits for a consent on the current form.
 */
export function consentFromCopy(copy: ConsentCopy, clientId: string): Consent {
  const form = isV2(copy) ? formOfV2(copy, clientId) : formOfLegacy(copy, clientId);
  // Held from when intake recorded it, or from when this service copied it if its clock reads
  // earlier: a consent a service holds is never "not yet recorded" because two clocks differ.
  const recordedAt = copy.copiedAt !== undefined && Date.parse(copy.copiedAt) < Date.parse(copy.grantedAt) ? copy.copiedAt : copy.grantedAt;
  return {
    form,
    recordedAt,
    // The channel is intake's record; the rule reads only when the revocation was received.
    ...(copy.revokedFrom === undefined ? {} : { revocation: { receivedAt: copy.revokedFrom, channel: 'signed-form' as const } }),
  };
}

const unnamed = (copy: { consentId: string; signedOn: string }, clientId: string) => ({
  consentId: copy.consentId,
  clientId,
  clientName: '',
  disclosingParty: '',
  signers: [],
  signedOn: copy.signedOn,
  statements: {},
});

function formOfV2(copy: ConsentCopyV2, clientId: string): ConsentForm {
  const recipients: ConsentRecipient[] = copy.recipients.map((recipient) =>
    recipient.kind === 'named'
      ? { ...recipient, name: recipient.recipientId }
      : recipient.kind === 'intermediary'
        ? { ...recipient, name: recipient.intermediaryId }
        : recipient,
  );
  const expiry: ConsentExpiry = copy.expiry.kind === 'event' ? { ...copy.expiry, description: copy.expiry.event } : copy.expiry;
  return {
    ...unnamed(copy, clientId),
    information: { description: copy.categories.join(', '), categories: [...copy.categories] },
    recipients,
    purposes: [...copy.purposes],
    purposeDescription: copy.purposes.join(', '),
    expiry,
    clientIsMinor: copy.clientIsMinor,
    ...(copy.criminalJustice === undefined ? {} : { criminalJustice: copy.criminalJustice }),
  };
}

function formOfLegacy(copy: LegacyConsentCopy, clientId: string): ConsentForm {
  const purposes = purposesOfLegacyForm(copy.purposes);
  return {
    ...unnamed(copy, clientId),
    information: { description: 'described in words on a form recorded before the 2024 rule', categories: [] },
    recipients: copy.recipients.map((recipient) =>
      recipient.kind === 'named'
        ? { kind: 'named', recipientId: recipient.recipientId, name: recipient.recipientId }
        : { kind: 'general', designation: 'treating-providers' },
    ),
    purposes,
    purposeDescription: purposes.join(', '),
    expiry:
      copy.expiry.kind === 'date'
        ? { kind: 'date', expiresOn: copy.expiry.expiresOn }
        : { kind: 'event', event: expiryEventOfLegacyForm(), description: 'an event on a form recorded before the 2024 rule' },
    clientIsMinor: false,
  };
}

/** RestrictionAgreed's data as intake publishes it: an agreed (or required) restriction, codes only. */
export type PublishedRestriction = {
  restrictionId: string;
  clientId: string;
  request: RestrictionRequest;
  required: boolean;
  agreedAt: string;
};

/** An agreed restriction in the rule's terms: it binds disclosures from `agreedAt` (42 CFR 2.26(a)). */
export function restrictionFromCopy(copy: PublishedRestriction): Restriction {
  return {
    restrictionId: copy.restrictionId,
    clientId: copy.clientId,
    request: structuredClone(copy.request),
    requestedAt: copy.agreedAt,
    status: 'agreed',
    decidedAt: copy.agreedAt,
  };
}

/**
 * When a discharge stops the consents that expire on it (42 CFR 2.31(a)(7)): a discharge
 * recorded after the day it happened counts from the start of that day, the safer reading
 * (no disclosure relies on the consent for any part of the day the client left).
 */
export function dischargeOccurredAt(dischargeDate: string, dischargedAt: string): string {
  return new Date(Math.min(Date.parse(`${dischargeDate}T00:00:00.000Z`), Date.parse(dischargedAt))).toISOString();
}

/** A client's consent copies, agreed restrictions and the events consents expire on: what the gateway reads. */
export type ConsentFile = {
  consents: ConsentCopy[];
  /** Revocations received before their consent (not expected in per-client order, but a copy must not lose one). */
  pendingRevocations: Record<string, string>;
  restrictions: PublishedRestriction[];
  events: ClientEvent[];
};

export const emptyConsentFile: ConsentFile = { consents: [], pendingRevocations: {}, restrictions: [], events: [] };

/** The file with this consent copied (a copy received again replaces the earlier one). */
export function withConsentCopied<F extends ConsentFile>(file: F, consent: ConsentCopyV2 | LegacyConsentCopy, copiedAt?: string): F {
  const revokedFrom = file.pendingRevocations[consent.consentId];
  const copy = {
    ...consent,
    ...(copiedAt === undefined ? {} : { copiedAt }),
    ...(revokedFrom === undefined ? {} : { revokedFrom }),
  } as ConsentCopy;
  return { ...file, consents: [...file.consents.filter((c) => c.consentId !== copy.consentId), copy] };
}

/** The file with a revocation received from `effectiveAt`. */
export function withRevocationCopied<F extends ConsentFile>(file: F, consentId: string, effectiveAt: string): F {
  if (!file.consents.some((c) => c.consentId === consentId)) {
    return { ...file, pendingRevocations: { ...file.pendingRevocations, [consentId]: effectiveAt } };
  }
  return { ...file, consents: file.consents.map((c) => (c.consentId === consentId ? { ...c, revokedFrom: effectiveAt } : c)) };
}

export function withRestrictionAgreed<F extends ConsentFile>(file: F, restriction: PublishedRestriction): F {
  const restrictions = file.restrictions ?? [];
  return { ...file, restrictions: [...restrictions.filter((r) => r.restrictionId !== restriction.restrictionId), restriction] };
}

export function withClientEvent<F extends ConsentFile>(file: F, event: ClientEvent): F {
  return { ...file, events: [...(file.events ?? []), event] };
}

/** The file's consents and restrictions in the rule's terms, for decideDisclosure. */
export function consentsAndRestrictionsOf(
  file: ConsentFile,
  clientId: string,
): { consents: Consent[]; restrictions: Restriction[]; events: ClientEvent[] } {
  return {
    consents: file.consents.map((copy) => consentFromCopy(copy, clientId)),
    restrictions: (file.restrictions ?? []).map(restrictionFromCopy),
    events: [...(file.events ?? [])],
  };
}

// A discloser's consent file as events in its own stream: each fact copied once (idempotent per
// source event: a redelivered bus event decides nothing). Services that keep more about the
// client in the same stream extend the state and delegate these four events to evolveConsentFacts.

export type ConsentCopied = {
  type: 'ConsentCopied';
  /** A copy of intake's ConsentGranted: v2 since the 2024 form, v1 (LegacyConsentCopy) before it. */
  data: {
    clientId: string;
    consent: ConsentCopyV2 | LegacyConsentCopy;
    /** When this service recorded its copy (absent on copies made before it was kept). */
    copiedAt?: string;
    sourceEventId: string;
  };
};
export type ConsentRevocationCopied = {
  type: 'ConsentRevocationCopied';
  data: { clientId: string; consentId: string; revokedOn: string; effectiveAt: string; sourceEventId: string };
};
/** The client's request for restriction the programme agreed to, or the required one (42 CFR 2.26(a)): it wins over any consent. */
export type RestrictionCopied = {
  type: 'RestrictionCopied';
  data: { clientId: string; restriction: PublishedRestriction; sourceEventId: string };
};
/** Something consents may expire on happened to the client (42 CFR 2.31(a)(7)): a discharge, the end of aftercare. */
export type ClientEventNoted = {
  type: 'ClientEventNoted';
  data: { clientId: string; event: ExpiryEvent; occurredAt: string; episodeId?: string; sourceEventId: string };
};

export type ConsentFactEvent = ConsentCopied | ConsentRevocationCopied | RestrictionCopied | ClientEventNoted;

export type ConsentFactCommand =
  | { type: 'CopyConsent'; data: ConsentCopied['data'] }
  | { type: 'CopyRevocation'; data: ConsentRevocationCopied['data'] }
  | { type: 'CopyRestriction'; data: RestrictionCopied['data'] }
  | { type: 'NoteClientEvent'; data: ClientEventNoted['data'] };

export const CONSENT_FACT_OF = {
  CopyConsent: 'ConsentCopied',
  CopyRevocation: 'ConsentRevocationCopied',
  CopyRestriction: 'RestrictionCopied',
  NoteClientEvent: 'ClientEventNoted',
} as const;

/** A consent file that remembers which source events it copied. */
export type CopiedConsentFile = ConsentFile & { sourceEventIds: string[] };

export const initialCopiedConsentFile: CopiedConsentFile = { ...emptyConsentFile, sourceEventIds: [] };

const isConsentFact = (event: { type: string }): event is ConsentFactEvent =>
  (Object.values(CONSENT_FACT_OF) as string[]).includes(event.type);

/** The file with one copied fact: undefined for an event that is not one of the four (the caller's own). */
export function evolveConsentFacts<F extends CopiedConsentFile>(state: F, event: { type: string; data: unknown }): F | undefined {
  if (!isConsentFact(event)) return undefined;
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
  }
}

/** The copy a command asks for, or nothing when its source event was copied already. */
export function decideConsentFact(command: ConsentFactCommand, state: Pick<CopiedConsentFile, 'sourceEventIds'>): ConsentFactEvent[] {
  if (state.sourceEventIds.includes(command.data.sourceEventId)) return [];
  return [{ type: CONSENT_FACT_OF[command.type], data: command.data } as ConsentFactEvent];
}

export const consentFileDecider: Decider<ConsentFactCommand, ConsentFactEvent, CopiedConsentFile> = {
  initialState: initialCopiedConsentFile,
  evolve: (state, event) => evolveConsentFacts(state, event) ?? state,
  decide: (command, state) => decideConsentFact(command, state),
};
