// Other services' integration events as their relays publish them, for the consumer and API specs.
import { randomUUID } from 'node:crypto';
import {
  type CareTeamChangedV1,
  type ConsentGrantedV1,
  type ConsentGrantedV2,
  type ContinuingCareEndedV1,
  type EpisodeDischargedV1,
  type CoOccurringConditionIdentifiedV1,
  type DualDiagnosisReferralRequestedV1,
  type IntegrationEvent,
  type SafetyFollowUpCompletedV1,
  type SafetyFollowUpOpenedV1,
  type SafetyHoldPlacedV1,
  type SafetyHoldReleasedV1,
} from '@continuum/contracts';

function envelope<Type extends string, Data extends { clientId: string }, Version extends number = 1>(
  source: string,
  type: Type,
  data: Data,
  siteId: string,
  occurredAt: string,
  schemaVersion: Version = 1 as Version,
): IntegrationEvent<Type, Data, Version> {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion,
    source,
    occurredAt,
    clientId: data.clientId,
    siteId,
    correlationId: `correlation-${randomUUID().slice(0, 8)}`,
    causationId: randomUUID(),
    data,
  };
}

export const conditionIdentified = (
  clientId: string,
  condition: CoOccurringConditionIdentifiedV1['condition'],
  siteId = 'site-north',
  at = new Date().toISOString(),
  overrides: Partial<CoOccurringConditionIdentifiedV1> = {},
) =>
  envelope(
    'intake',
    'CoOccurringConditionIdentified',
    {
      clientId,
      condition,
      instrument: condition === 'ptsd' ? 'PC-PTSD-5' : 'PHQ-9',
      score: 14,
      evidenceId: randomUUID(),
      identifiedAt: at,
      ...overrides,
    } satisfies CoOccurringConditionIdentifiedV1,
    siteId,
    at,
  );

/** What both forms of intake's ConsentGranted share: a consent naming the provider, until 2099, signed and granted at `at`. */
const namingProvider = (clientId: string, recipientId: string, at: string) => ({
  consentId: randomUUID(),
  clientId,
  recipients: [{ kind: 'named' as const, recipientId }],
  expiry: { kind: 'date' as const, expiresOn: '2099-01-01' },
  signedOn: at.slice(0, 10),
  grantedAt: at,
});

/** intake's ConsentGranted v2 (the 2024 form): a consent naming the provider for treatment, for a referral's categories. */
export const consentGranted = (
  clientId: string,
  recipientId: string,
  overrides: Partial<ConsentGrantedV2> = {},
  siteId = 'site-north',
  at = new Date().toISOString(),
) =>
  envelope(
    'intake',
    'ConsentGranted',
    {
      ...namingProvider(clientId, recipientId, at),
      purposes: ['TREAT'],
      categories: ['diagnosis', 'screening-results'],
      clientIsMinor: false,
      ...overrides,
    } satisfies ConsentGrantedV2,
    siteId,
    at,
    2,
  );

/** intake's ConsentGranted v1, as consents on the form before 2024 were published. */
export const legacyConsentGranted = (
  clientId: string,
  recipientId: string,
  overrides: Partial<ConsentGrantedV1> = {},
  siteId = 'site-north',
  at = new Date().toISOString(),
) =>
  envelope(
    'intake',
    'ConsentGranted',
    { ...namingProvider(clientId, recipientId, at), purposes: ['treatment'], signedBy: 'client', ...overrides } satisfies ConsentGrantedV1,
    siteId,
    at,
  );

export const consentRevoked = (clientId: string, consentId: string, siteId = 'site-north', at = new Date().toISOString()) =>
  envelope('intake', 'ConsentRevoked', { consentId, clientId, revokedOn: at.slice(0, 10), effectiveAt: at }, siteId, at);

export const safetyHoldPlaced = (clientId: string, siteId = 'site-north', at = new Date().toISOString()) =>
  envelope(
    'intake',
    'SafetyHoldPlaced',
    { clientId, screeningId: randomUUID(), instrument: 'C-SSRS', riskCategory: 'high', placedAt: at } satisfies SafetyHoldPlacedV1,
    siteId,
    at,
  );

export const safetyHoldReleased = (clientId: string, siteId = 'site-north', at = new Date().toISOString()) =>
  envelope(
    'intake',
    'SafetyHoldReleased',
    {
      reason: 'safety-plan-recorded',
      clientId,
      safetyPlanId: randomUUID(),
      clinicianId: 'clinician-7',
      releasedAt: at,
    } satisfies SafetyHoldReleasedV1,
    siteId,
    at,
  );

export const safetyFollowUpOpened = (clientId: string, followUpId = randomUUID(), siteId = 'site-north', at = new Date().toISOString()) =>
  envelope(
    'intake',
    'SafetyFollowUpOpened',
    {
      clientId,
      followUpId,
      siteId,
      screeningId: randomUUID(),
      instrument: 'PHQ-9',
      signal: 'phq9-item-9',
      ownerRole: 'clinician',
      dueAt: new Date(Date.parse(at) + 8 * 3_600_000).toISOString(),
      openedAt: at,
    } satisfies SafetyFollowUpOpenedV1,
    siteId,
    at,
  );

export const safetyFollowUpCompleted = (clientId: string, followUpId: string, siteId = 'site-north', at = new Date().toISOString()) =>
  envelope(
    'intake',
    'SafetyFollowUpCompleted',
    {
      clientId,
      followUpId,
      outcome: 'safety-plan-made',
      safetyPlanId: randomUUID(),
      clinicianId: 'clinician-7',
      completedAt: at,
    } satisfies SafetyFollowUpCompletedV1,
    siteId,
    at,
  );

export const referralRequested = (
  clientId: string,
  overrides: Partial<DualDiagnosisReferralRequestedV1> = {},
  at = new Date().toISOString(),
) => {
  const data: DualDiagnosisReferralRequestedV1 = {
    requestId: randomUUID(),
    episodeId: randomUUID(),
    planId: randomUUID(),
    clientId,
    siteId: 'site-north',
    specialty: 'medication-management',
    urgency: 'urgent',
    conditionCode: 'bipolar',
    requestedAt: at,
    ...overrides,
  };
  return envelope('treatment-plan', 'DualDiagnosisReferralRequested', data, data.siteId, at);
};

/** treatment-plan's EpisodeDischarged: consents "until discharge" stop. */
export const episodeDischarged = (clientId: string, siteId = 'site-north', at = new Date().toISOString(), episodeId = randomUUID()) =>
  envelope(
    'treatment-plan',
    'EpisodeDischarged',
    {
      episodeId,
      clientId,
      siteId,
      level: { edition: 3, code: '2.1' },
      disposition: 'completed',
      dischargeDate: at.slice(0, 10),
      dischargedAt: at,
    } satisfies EpisodeDischargedV1,
    siteId,
    at,
  );

/** treatment-plan's CareTeamChanged: the episode's care team, stated whole (staff ids by team role). */
export const careTeamChanged = (
  clientId: string,
  episodeId: string,
  members: CareTeamChangedV1['members'],
  siteId = 'site-north',
  at = new Date().toISOString(),
) =>
  envelope(
    'treatment-plan',
    'CareTeamChanged',
    { episodeId, clientId, siteId, members, changedAt: at } satisfies CareTeamChangedV1,
    siteId,
    at,
  );

/** aftercare's ContinuingCareEnded: consents "until the end of aftercare" stop. */
export const continuingCareEnded = (clientId: string, siteId = 'site-north', at = new Date().toISOString()) =>
  envelope(
    'aftercare',
    'ContinuingCareEnded',
    { planId: randomUUID(), clientId, reasonCode: 'year-completed', endedAt: at } satisfies ContinuingCareEndedV1,
    siteId,
    at,
  );
