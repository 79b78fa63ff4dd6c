import { REFERRAL_STATUS_BY_EVENT } from '../last-known-facts.js';
import { type FhirResource, SYSTEMS, coded, fhirId, identified, referenceTo } from './fhir-resource.js';

// A dual-diagnosis referral (stream `referral-<referralId>`) is two resources: the
// ServiceRequest is what was asked for (specialty, urgency, condition, due date); the Task
// (task.ts) is the work of getting it done, with the lifecycle of the referral. Their facts
// come from dual-diagnosis's events, mirrored here (the audit may not import that service).

export type ReferralFacts = {
  referralId: string;
  /** In dual-diagnosis's words: requested, awaiting-consent, sent, accepted, declined, scheduled, no-show, completed, cancelled, failed. */
  status: string;
  siteId?: string;
  specialty?: string;
  urgency?: string;
  conditionCode?: string;
  episodeId?: string;
  openedAt?: string;
  dueAt?: string;
  providerId?: string;
  providerKind?: string;
  consentId?: string;
  disclosureId?: string;
  appointmentDate?: string;
  reasonCode?: string;
  outcome?: { conditionConfirmed: boolean; recommendationCodes: string[] };
  lastRecordedAt: string;
};

export function evolveReferralFacts(
  current: ReferralFacts | undefined,
  referralId: string,
  type: string,
  data: Record<string, unknown>,
  recordedAt: string,
): ReferralFacts {
  const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined);
  const referral: ReferralFacts = { ...(current ?? { referralId, status: 'requested' }), lastRecordedAt: recordedAt };
  const status = REFERRAL_STATUS_BY_EVENT[type];
  if (status) referral.status = status;
  switch (type) {
    case 'ReferralOpened':
      return {
        ...referral,
        siteId: text('siteId'),
        specialty: text('specialty'),
        urgency: text('urgency'),
        conditionCode: text('conditionCode'),
        episodeId: text('episodeId'),
        openedAt: text('openedAt') ?? recordedAt,
        dueAt: text('dueAt') ?? text('dueDate'),
      };
    case 'UrgencyRaised':
      return { ...referral, urgency: text('to') ?? referral.urgency, dueAt: text('dueAt') ?? referral.dueAt };
    case 'ProviderAssigned':
      return { ...referral, providerId: text('providerId'), providerKind: text('providerKind'), reasonCode: undefined };
    case 'ReferralAwaitingConsent':
      return { ...referral, reasonCode: text('reasonCode') };
    case 'ReferralSent':
      return {
        ...referral,
        providerId: text('providerId') ?? referral.providerId,
        consentId: text('consentId'),
        disclosureId: text('disclosureId'),
        reasonCode: undefined,
      };
    case 'AppointmentScheduled':
      return { ...referral, appointmentDate: text('appointmentDate') };
    case 'ReferralDeclined':
    case 'ReferralFailed':
    case 'ReferralCancelled':
      return { ...referral, reasonCode: text('reasonCode') };
    case 'ReferralCompleted':
      return {
        ...referral,
        conditionCode: text('conditionCode') ?? referral.conditionCode,
        outcome: {
          conditionConfirmed: data.conditionConfirmed === true,
          recommendationCodes: Array.isArray(data.recommendationCodes)
            ? data.recommendationCodes.filter((code): code is string => typeof code === 'string')
            : [],
        },
      };
    default:
      return referral;
  }
}

const REQUEST_STATUS: Record<string, string> = {
  'awaiting-consent': 'on-hold',
  completed: 'completed',
  cancelled: 'revoked',
  failed: 'revoked',
};
/** Emergent is same day (docs/domain/dual-diagnosis.md#urgency-and-due-dates), which FHIR calls `stat`. */
export const PRIORITY: Record<string, string> = { emergent: 'stat', urgent: 'urgent', routine: 'routine' };

export function serviceRequestOf(referral: ReferralFacts, clientId: string): FhirResource {
  return {
    resourceType: 'ServiceRequest',
    id: fhirId(referral.referralId),
    identifier: [{ system: SYSTEMS.referral, value: referral.referralId }],
    status: REQUEST_STATUS[referral.status] ?? 'active',
    intent: 'order',
    ...(referral.specialty ? { code: coded(SYSTEMS.specialty, referral.specialty) } : {}),
    ...(referral.urgency && PRIORITY[referral.urgency] ? { priority: PRIORITY[referral.urgency] } : {}),
    subject: referenceTo('Patient', clientId),
    ...(referral.dueAt ? { occurrencePeriod: { end: referral.dueAt } } : {}),
    ...(referral.openedAt ? { authoredOn: referral.openedAt } : {}),
    ...(referral.siteId ? { requester: { identifier: { system: SYSTEMS.site, value: referral.siteId } } } : {}),
    ...(referral.providerId ? { performer: [identified(SYSTEMS.provider, referral.providerId)] } : {}),
    ...(referral.conditionCode ? { reasonCode: [coded(SYSTEMS.condition, referral.conditionCode)] } : {}),
    ...(referral.episodeId ? { supportingInfo: [referenceTo('EpisodeOfCare', referral.episodeId)] } : {}),
  };
}
