// Whether a consent can be relied on at an instant (42 CFR 2.31(c)): not before it was signed
// and recorded, not once it has expired by date or by event, not once its written revocation
// was received. Each answer says why, with the section.
import { type Consent, type ExpiryEvent } from './consent.js';

/** Something that happened to the client and that consents may expire on, as the services publish it (ids and codes only). */
export type ClientEvent = { clientId: string; event: ExpiryEvent; occurredAt: string; episodeId?: string };

export type ConsentState =
  | { status: 'active' }
  | { status: 'not-yet-active'; from: string; citation: string }
  | { status: 'expired'; since: string; by: 'date' | 'event'; citation: string }
  | { status: 'revoked'; since: string; citation: string };

const startOfDate = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);
const iso = (t: number) => new Date(t).toISOString();

/**
 * The first time `event` happened to the client on or after the start of the signature date
 * (an earlier discharge belongs to an earlier stay), for the episode named if one is. Counting
 * from the signature date rather than from when the consent was recorded is the safer reading:
 * an event on the day of signing ends the consent.
 */
export function eventOccurrence(
  consent: Consent,
  event: ExpiryEvent,
  events: readonly ClientEvent[],
  episodeId?: string,
): number | undefined {
  const from = startOfDate(consent.form.signedOn);
  const times = events
    .filter((e) => e.clientId === consent.form.clientId && e.event === event && (episodeId === undefined || e.episodeId === episodeId))
    .map((e) => Date.parse(e.occurredAt))
    .filter((t) => t >= from);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** From when a 42 CFR 2.35 consent may be revoked: undefined while its time or event has not come. */
export function revocableFrom(consent: Consent, events: readonly ClientEvent[]): number | undefined {
  const terms = consent.form.criminalJustice;
  if (!terms) return Number.NEGATIVE_INFINITY;
  return terms.revocableFrom.kind === 'date'
    ? startOfDate(terms.revocableFrom.on)
    : eventOccurrence(consent, terms.revocableFrom.event, events);
}

/**
 * From when a revocation stops disclosures: on receipt (42 CFR 2.31(a)(6)). A 42 CFR 2.35 consent
 * is irrevocable until its stated time or event (2.35(d)); a revocation received earlier is kept
 * and, as the safer reading for the client, takes effect the moment the consent becomes revocable.
 */
export function revocationEffectiveAt(consent: Consent, events: readonly ClientEvent[]): number | undefined {
  if (!consent.revocation) return undefined;
  const received = Date.parse(consent.revocation.receivedAt);
  const revocable = revocableFrom(consent, events);
  return revocable === undefined ? undefined : Math.max(received, revocable);
}

/** From when the consent has expired, by its date or its event; undefined while it runs. */
export function expiredAt(consent: Consent, events: readonly ClientEvent[]): { at: number; by: 'date' | 'event' } | undefined {
  const expiry = consent.form.expiry;
  if (expiry.kind === 'date') return { at: startOfDate(expiry.expiresOn), by: 'date' };
  if (expiry.kind === 'event') {
    const at = eventOccurrence(consent, expiry.event, events, expiry.episodeId);
    return at === undefined ? undefined : { at, by: 'event' };
  }
  return undefined;
}

/**
 * How the consent stands at `at`. Boundaries, each the safer reading: active from the later of
 * the start of the signature date and when the programme recorded it (it cannot rely on a form it
 * does not hold); inactive from the expiry instant itself; revoked from the receipt instant itself,
 * so a disclosure stamped with exactly `receivedAt` is not covered. Disclosures made before stay lawful.
 */
export function consentStateAt(consent: Consent, at: Date, events: readonly ClientEvent[]): ConsentState {
  const t = at.getTime();
  const from = Math.max(startOfDate(consent.form.signedOn), Date.parse(consent.recordedAt));
  if (t < from) return { status: 'not-yet-active', from: iso(from), citation: '42 CFR 2.31(a)(9)' };
  const revokedAt = revocationEffectiveAt(consent, events);
  const expired = expiredAt(consent, events);
  // Of a revocation and an expiry both past, the earlier is the reason it stopped.
  if (revokedAt !== undefined && t >= revokedAt && (expired === undefined || revokedAt <= expired.at)) {
    return { status: 'revoked', since: iso(revokedAt), citation: consent.form.criminalJustice ? '42 CFR 2.35(d)' : '42 CFR 2.31(a)(6)' };
  }
  if (expired !== undefined && t >= expired.at) {
    return { status: 'expired', since: iso(expired.at), by: expired.by, citation: '42 CFR 2.31(a)(7), 2.31(c)(1)' };
  }
  return { status: 'active' };
}
