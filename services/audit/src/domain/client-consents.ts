import {
  type ConsentCopyV2,
  type ConsentFile,
  type ConsentForm,
  type LegacyConsentCopy,
  type PublishedRestriction,
  dischargeOccurredAt,
  emptyConsentFile,
  withClientEvent,
  withConsentCopied,
  withRestrictionAgreed,
  withRevocationCopied,
} from '@continuum/consent';
import { asEpisodeEvent } from './care-episodes.js';
import { STREAM_PREFIXES, type StoredEvent, isAboutClient } from './stored-event.js';

// A client's consents, agreed restrictions and the events consents expire on, as the store
// holds them: read straight from intake's client stream (ConsentGranted on the 2024 form or the
// old one, ConsentRevoked, RestrictionAgreed), the care-episode ledger (EpisodeDischarged) and
// aftercare (ContinuingCareEnded). Kept in the one model every discloser keeps
// (@continuum/consent ConsentFile), so the audit's FHIR export to an outside recipient is
// decided by decideDisclosure like every other send, and its exported Consent shows the same
// state. Only ids, codes and dates are kept: names and wording stay in intake's stream.

export type ClientConsents = {
  clientId: string;
  file: ConsentFile;
  /** Who signed each consent, by role only (42 CFR 2.31(a)(8); 2.14 for a minor, 2.15 for a representative). */
  signerRoles: Map<string, string[]>;
};

export const startClientConsents = (clientId: string): ClientConsents => ({
  clientId,
  file: structuredClone(emptyConsentFile),
  signerRoles: new Map(),
});

/** The form used before the 2024 rule, as ConsentGranted first stored it; every field but the id read with care. */
type LegacyForm = {
  consentId: string;
  recipients?: Array<{ kind: 'named'; recipientId: string } | { kind: 'treating-providers' }>;
  purposes?: string[];
  expiry?: { kind: 'date'; expiresOn: string } | { kind: 'event'; event: string };
  signature?: { signedBy: string; signedOn: string };
};

/** The 2024 form has signers and categorised information; anything else is the old form. */
const isLegacyForm = (form: ConsentForm | LegacyForm): form is LegacyForm =>
  !Array.isArray((form as Partial<ConsentForm>).signers) || !Array.isArray((form as Partial<ConsentForm>).information?.categories);
const isForm = (form: unknown): form is ConsentForm | LegacyForm =>
  typeof form === 'object' && form !== null && typeof (form as { consentId?: unknown }).consentId === 'string';

/**
 * Folds one event of the client; returns the consent it is about (ConsentGranted, ConsentRevoked),
 * or undefined. Events of other clients and every other event leave the fold as it was.
 */
export function foldClientConsents(consents: ClientConsents, event: StoredEvent): string | undefined {
  if (!isAboutClient(event, consents.clientId)) return undefined;
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  if (event.streamId.startsWith(STREAM_PREFIXES.intake)) return foldIntakeEvent(consents, event, data);
  const episodeEvent = asEpisodeEvent(event);
  if (episodeEvent?.event.type === 'EpisodeDischarged') {
    // 42 CFR 2.31(a)(7): a consent "until discharge" stops when the client is discharged.
    consents.file = withClientEvent(consents.file, {
      clientId: consents.clientId,
      event: 'discharge',
      occurredAt: dischargeOccurredAt(episodeEvent.event.data.date, event.recordedAt),
      episodeId: episodeEvent.episodeId,
    });
  } else if (
    event.streamId.startsWith(STREAM_PREFIXES.aftercare) &&
    event.type === 'ContinuingCareEnded' &&
    typeof data.endedAt === 'string'
  ) {
    consents.file = withClientEvent(consents.file, { clientId: consents.clientId, event: 'end-of-aftercare', occurredAt: data.endedAt });
  }
  return undefined;
}

function foldIntakeEvent(consents: ClientConsents, event: StoredEvent, data: Record<string, unknown>): string | undefined {
  if (event.type === 'ConsentGranted' && isForm(data.consent)) {
    const form = data.consent;
    const grantedAt = typeof data.grantedAt === 'string' ? data.grantedAt : event.recordedAt;
    consents.file = withConsentCopied(
      consents.file,
      isLegacyForm(form) ? legacyCopy(form, grantedAt) : copyOfForm(form, grantedAt),
      event.recordedAt,
    );
    const roles = isLegacyForm(form) ? (form.signature ? [form.signature.signedBy] : []) : form.signers.map((signer) => signer.role);
    consents.signerRoles.set(form.consentId, roles);
    return form.consentId;
  }
  if (event.type === 'ConsentRevoked' && typeof data.consentId === 'string') {
    const receivedAt = revocationReceivedAt(data, event.recordedAt);
    if (receivedAt !== undefined) consents.file = withRevocationCopied(consents.file, data.consentId, receivedAt);
    return data.consentId;
  }
  if (event.type === 'RestrictionAgreed' && typeof data.restrictionId === 'string') {
    consents.file = withRestrictionAgreed(consents.file, structuredClone(data) as PublishedRestriction);
  }
  return undefined;
}

/**
 * 42 CFR 2.31(a)(6): a revocation takes effect on receipt. One stored before receipt was
 * recorded holds the date written on it: from the start of that day, or from when intake
 * recorded it if earlier (intake reads it the same way).
 */
function revocationReceivedAt(data: Record<string, unknown>, recordedAt: string): string | undefined {
  if (typeof data.receivedAt === 'string') return data.receivedAt;
  if (typeof data.revokedOn !== 'string') return undefined;
  const recorded = typeof data.recordedAt === 'string' ? data.recordedAt : recordedAt;
  return new Date(Math.min(Date.parse(`${data.revokedOn}T00:00:00.000Z`), Date.parse(recorded))).toISOString();
}

/** The 2024 form as every discloser copies it: ids and codes, no names or wording. */
function copyOfForm(form: ConsentForm, grantedAt: string): ConsentCopyV2 {
  return {
    consentId: form.consentId,
    recipients: form.recipients.map((recipient) =>
      recipient.kind === 'named'
        ? {
            kind: 'named',
            recipientId: recipient.recipientId,
            ...(recipient.coveredEntity === undefined ? {} : { coveredEntity: recipient.coveredEntity }),
          }
        : recipient.kind === 'intermediary'
          ? { kind: 'intermediary', intermediaryId: recipient.intermediaryId, participants: structuredClone(recipient.participants) }
          : { kind: 'general', designation: recipient.designation },
    ),
    purposes: [...form.purposes],
    categories: [...form.information.categories],
    expiry:
      form.expiry.kind === 'event'
        ? { kind: 'event', event: form.expiry.event, ...(form.expiry.episodeId === undefined ? {} : { episodeId: form.expiry.episodeId }) }
        : structuredClone(form.expiry),
    signedOn: form.signedOn,
    clientIsMinor: form.clientIsMinor,
    ...(form.criminalJustice === undefined ? {} : { criminalJustice: structuredClone(form.criminalJustice) }),
    grantedAt,
  };
}

/**
 * The form used before the 2024 rule, as its copies were always kept. A form that does not say
 * when it expires is read as expiring on discharge, and one without a signing date as signed the
 * day it was recorded: both the safer reading (the consent covers less, never more).
 */
function legacyCopy(form: LegacyForm, grantedAt: string): LegacyConsentCopy {
  return {
    consentId: form.consentId,
    recipients: (form.recipients ?? []).map((recipient) =>
      recipient.kind === 'named' ? { kind: 'named', recipientId: recipient.recipientId } : { kind: 'treating-providers' },
    ),
    purposes: [...(form.purposes ?? [])],
    expiry: form.expiry?.kind === 'date' ? { kind: 'date', expiresOn: form.expiry.expiresOn } : { kind: 'event' },
    signedOn: form.signature?.signedOn ?? grantedAt.slice(0, 10),
    grantedAt,
  };
}
