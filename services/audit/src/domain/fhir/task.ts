import { type FhirResource, SYSTEMS, coded, fhirId, identified, referenceTo } from './fhir-resource.js';
import { PRIORITY, type ReferralFacts } from './service-request.js';

// The work of a referral as a Task: FHIR's status for where it stands, the referral's own
// status as the business status, the provider as owner, the due date as the restriction,
// the consent it was sent under as input and the specialist's outcome as output.

const TASK_STATUS: Record<string, string> = {
  requested: 'requested',
  'awaiting-consent': 'on-hold',
  sent: 'received',
  accepted: 'accepted',
  declined: 'rejected',
  scheduled: 'in-progress',
  'no-show': 'in-progress',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

export function taskOf(referral: ReferralFacts, clientId: string): FhirResource {
  const request = referenceTo('ServiceRequest', referral.referralId);
  const input = [
    ...(referral.consentId
      ? [{ type: coded(SYSTEMS.consent, 'consent'), valueReference: referenceTo('Consent', referral.consentId) }]
      : []),
    ...(referral.disclosureId
      ? [
          {
            type: coded(SYSTEMS.consent, 'disclosure'),
            valueIdentifier: { system: 'urn:continuum:disclosure', value: referral.disclosureId },
          },
        ]
      : []),
    ...(referral.appointmentDate ? [{ type: coded(SYSTEMS.referralStatus, 'appointment-date'), valueDate: referral.appointmentDate }] : []),
  ];
  const output = referral.outcome
    ? [
        { type: coded(SYSTEMS.condition, 'condition-confirmed'), valueBoolean: referral.outcome.conditionConfirmed },
        ...referral.outcome.recommendationCodes.map((code) => ({
          type: coded(SYSTEMS.recommendation, 'recommendation'),
          valueCodeableConcept: coded(SYSTEMS.recommendation, code),
        })),
      ]
    : [];
  const authoredOn = referral.openedAt;
  const lastModified = authoredOn && Date.parse(referral.lastRecordedAt) < Date.parse(authoredOn) ? authoredOn : referral.lastRecordedAt;
  return {
    resourceType: 'Task',
    id: fhirId(referral.referralId),
    identifier: [{ system: SYSTEMS.referral, value: referral.referralId }],
    basedOn: [request],
    status: TASK_STATUS[referral.status] ?? 'requested',
    ...(referral.reasonCode ? { statusReason: coded(SYSTEMS.reason, referral.reasonCode) } : {}),
    businessStatus: coded(SYSTEMS.referralStatus, referral.status),
    intent: 'order',
    ...(referral.urgency && PRIORITY[referral.urgency] ? { priority: PRIORITY[referral.urgency] } : {}),
    focus: request,
    for: referenceTo('Patient', clientId),
    ...(authoredOn ? { authoredOn } : {}),
    lastModified,
    ...(referral.providerId ? { owner: identified(SYSTEMS.provider, referral.providerId) } : {}),
    ...(referral.dueAt ? { restriction: { period: { end: referral.dueAt } } } : {}),
    ...(input.length ? { input } : {}),
    ...(output.length ? { output } : {}),
  };
}
