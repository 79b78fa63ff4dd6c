// Consent files, requests and histories the outside-send specs build on: ids and codes only.
import {
  type ConsentCopyV2,
  type ConsentFile,
  type CourtOrder,
  type PublishedRestriction,
  emptyConsentFile,
  withClientEvent,
  withConsentCopied,
  withRestrictionAgreed,
} from '@continuum/consent';
import { type RequestOutsideSend } from '../outside-sends.js';

export const CLIENT = 'client-7';
export const SITE = 'site-north';
export const EPISODE = 'episode-1';
export const SEND = 'send-1';
export const CASE_MANAGER = { userId: 'user-cm-1', role: 'case-manager' };
export const PAYER = { recipientId: 'payer-bluefield', kind: 'health-plan' as const };
export const PROBATION = { recipientId: 'probation-7', kind: 'criminal-justice' as const, monitorsProgress: true };
export const NOW = new Date('2026-02-01T12:00:00.000Z');

/** A single consent for treatment, payment and operations, to health plans by general designation (42 CFR 2.31(a)(4)(i)). */
export const tpoConsent = (changes: Partial<ConsentCopyV2> = {}): ConsentCopyV2 => ({
  consentId: 'consent-tpo',
  recipients: [{ kind: 'general', designation: 'health-plans' }],
  purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
  categories: ['diagnosis', 'level-of-care', 'treatment-plan'],
  expiry: { kind: 'none' },
  signedOn: '2026-01-10',
  clientIsMinor: false,
  grantedAt: '2026-01-10T10:00:00.000Z',
  ...changes,
});

/** A 42 CFR 2.35 consent naming the probation officer who monitors the client, irrevocable until 30 June 2026. */
export const criminalJusticeConsent = (changes: Partial<ConsentCopyV2> = {}): ConsentCopyV2 => ({
  consentId: 'consent-cj',
  recipients: [{ kind: 'named', recipientId: PROBATION.recipientId }],
  purposes: ['HLEGAL'],
  categories: ['attendance', 'lab-results', 'treatment-plan'],
  expiry: { kind: 'date', expiresOn: '2027-01-01' },
  signedOn: '2026-01-10',
  clientIsMinor: false,
  criminalJustice: { conditionOf: 'parole', revocableFrom: { kind: 'date', on: '2026-06-30' } },
  grantedAt: '2026-01-10T10:00:00.000Z',
  ...changes,
});

export const paidInFull = (serviceIds: string[], agreedAt = '2026-01-20T09:00:00.000Z'): PublishedRestriction => ({
  restrictionId: 'restriction-paid',
  clientId: CLIENT,
  request: { kind: 'paid-in-full', serviceIds },
  required: true,
  agreedAt,
});

export const fileWith = (
  consents: ConsentCopyV2[] = [],
  restrictions: PublishedRestriction[] = [],
  discharges: string[] = [],
): ConsentFile => {
  let file: ConsentFile = emptyConsentFile;
  for (const consent of consents) file = withConsentCopied(file, consent);
  for (const restriction of restrictions) file = withRestrictionAgreed(file, restriction);
  for (const occurredAt of discharges)
    file = withClientEvent(file, { clientId: CLIENT, event: 'discharge', occurredAt, episodeId: EPISODE });
  return file;
};

export const authorizationRequest = (file: ConsentFile, changes: Partial<RequestOutsideSend['data']> = {}): RequestOutsideSend => ({
  type: 'RequestOutsideSend',
  data: {
    sendId: SEND,
    clientId: CLIENT,
    siteId: SITE,
    content: { kind: 'payer-authorization-request', episodeId: EPISODE, level: { edition: 3, code: '2.1' }, diagnosisCodes: ['F11.20'] },
    recipient: PAYER,
    categories: ['diagnosis', 'level-of-care', 'treatment-plan'],
    basis: { kind: 'consent' },
    disclosedBy: CASE_MANAGER,
    file,
    ...changes,
  },
});

export const order = (changes: Partial<CourtOrder> = {}): CourtOrder => ({
  orderId: 'order-118',
  court: 'County Circuit Court',
  section: '2.64',
  issuedOn: '2026-01-25',
  authorisedCategories: ['attendance', 'lab-results'],
  ...changes,
});

export const courtReport = (file: ConsentFile, changes: Partial<RequestOutsideSend['data']> = {}): RequestOutsideSend => ({
  type: 'RequestOutsideSend',
  data: {
    sendId: SEND,
    clientId: CLIENT,
    siteId: SITE,
    content: { kind: 'court-report', episodeId: EPISODE, periodFrom: '2026-01-05', periodTo: '2026-01-31', reportRef: 'report-jan' },
    recipient: PROBATION,
    categories: ['attendance', 'lab-results'],
    basis: { kind: 'consent' },
    disclosedBy: { userId: 'user-clinician-1', role: 'clinician' },
    file,
    ...changes,
  },
});
