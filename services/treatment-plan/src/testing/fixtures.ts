import { randomUUID } from 'node:crypto';
import {
  type ClientAdmittedV1,
  type ConsentGrantedV2,
  type ConsentRevokedV1,
  type IntegrationEvent,
  type RestrictionAgreedV1,
  type ReferralCompletedV1,
  type SafetyHoldPlacedV1,
  type SafetyHoldReleasedV1,
  type ScreeningWorsenedV1,
} from '@continuum/contracts';
import { WORSENED_PHQ9 } from '../domain/testing/plan-fixtures.js';

export const IOP = { edition: 3 as const, code: '2.1' };
export const PHP = { edition: 3 as const, code: '2.5' };
/** 3.7, the network's default safety level: medically monitored intensive inpatient. */
export const INPATIENT = { edition: 3 as const, code: '3.7' };

/** Intake's ClientAdmitted as its relay publishes it. */
export function clientAdmitted(overrides: Partial<ClientAdmittedV1> = {}): IntegrationEvent<'ClientAdmitted', ClientAdmittedV1> {
  const data: ClientAdmittedV1 = {
    clientId: randomUUID(),
    admissionId: randomUUID(),
    level: IOP,
    siteId: 'site-north',
    track: 'evening',
    startDate: '2026-01-05',
    assessmentId: randomUUID(),
    placementId: randomUUID(),
    referralId: randomUUID(),
    admittedAt: '2026-01-02T10:00:00.000Z',
    ...overrides,
  };
  return {
    eventId: randomUUID(),
    type: 'ClientAdmitted',
    schemaVersion: 1,
    source: 'intake',
    occurredAt: data.admittedAt,
    clientId: data.clientId,
    siteId: data.siteId,
    correlationId: `correlation-${data.admissionId.slice(0, 8)}`,
    causationId: randomUUID(),
    data,
  };
}

/** Dual-diagnosis's ReferralCompleted, as its relay publishes it. */
export function referralCompleted(
  data: Omit<ReferralCompletedV1, 'referralId' | 'completedAt' | 'specialty'> & Partial<ReferralCompletedV1>,
): IntegrationEvent<'ReferralCompleted', ReferralCompletedV1> {
  const full: ReferralCompletedV1 = {
    referralId: randomUUID(),
    specialty: 'psychiatric-evaluation',
    completedAt: '2026-01-20T15:00:00.000Z',
    ...data,
  };
  return {
    eventId: randomUUID(),
    type: 'ReferralCompleted',
    schemaVersion: 1,
    source: 'dual-diagnosis',
    occurredAt: full.completedAt,
    clientId: full.clientId,
    siteId: 'site-north',
    correlationId: `correlation-${full.referralId.slice(0, 8)}`,
    causationId: randomUUID(),
    data: full,
  };
}

/** Intake's SafetyHoldPlaced (a C-SSRS of high risk), as its relay publishes it. */
export function safetyHoldPlaced(
  clientId: string,
  overrides: Partial<SafetyHoldPlacedV1> = {},
): IntegrationEvent<'SafetyHoldPlaced', SafetyHoldPlacedV1> {
  const data: SafetyHoldPlacedV1 = {
    clientId,
    screeningId: randomUUID(),
    instrument: 'C-SSRS',
    riskCategory: 'high',
    placedAt: '2026-01-02T09:00:00.000Z',
    ...overrides,
  };
  return intakeEvent('SafetyHoldPlaced', data, data.placedAt);
}

/** Intake's SafetyHoldReleased: by a safety plan unless the reason says otherwise. */
export function safetyHoldReleased(
  clientId: string,
  release:
    { reason: 'safety-plan-recorded' } | { reason: 'placed-at-24-hour-level'; admissionId: string; level: ClientAdmittedV1['level'] } = {
    reason: 'safety-plan-recorded',
  },
  releasedAt = '2026-01-12T08:00:00.000Z',
): IntegrationEvent<'SafetyHoldReleased', SafetyHoldReleasedV1> {
  const data: SafetyHoldReleasedV1 =
    release.reason === 'safety-plan-recorded'
      ? { reason: 'safety-plan-recorded', clientId, safetyPlanId: randomUUID(), clinicianId: 'clinician-7', releasedAt }
      : { reason: 'placed-at-24-hour-level', clientId, admissionId: release.admissionId, level: release.level, releasedAt };
  return intakeEvent('SafetyHoldReleased', data, releasedAt);
}

/** Intake's ScreeningWorsened (a PHQ-9 from 9 to 16, moderate to moderately severe), as its relay publishes it. */
export function screeningWorsened(
  clientId: string,
  overrides: Partial<ScreeningWorsenedV1> = {},
): IntegrationEvent<'ScreeningWorsened', ScreeningWorsenedV1> {
  const data: ScreeningWorsenedV1 = {
    clientId,
    siteId: 'site-north',
    screeningId: randomUUID(),
    ...WORSENED_PHQ9,
    reasons: [...WORSENED_PHQ9.reasons],
    recordedAt: '2026-01-12T10:00:00.000Z',
    ...overrides,
  };
  return intakeEvent('ScreeningWorsened', data, data.recordedAt, data.siteId);
}

/** Intake's ConsentGranted v2 (the 2024 form): by default a single TPO consent to health plans, with no expiry. */
export function consentGranted(
  clientId: string,
  overrides: Partial<ConsentGrantedV2> = {},
  grantedAt = '2026-01-10T10:00:00.000Z',
): IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2> {
  const data: ConsentGrantedV2 = {
    consentId: randomUUID(),
    clientId,
    recipients: [{ kind: 'general', designation: 'health-plans' }],
    purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
    categories: ['diagnosis', 'level-of-care', 'treatment-plan'],
    expiry: { kind: 'none' },
    signedOn: grantedAt.slice(0, 10),
    clientIsMinor: false,
    grantedAt,
    ...overrides,
  };
  return intakeEvent('ConsentGranted', data, grantedAt, 'site-north', 2);
}

export function consentRevoked(
  clientId: string,
  consentId: string,
  effectiveAt: string,
): IntegrationEvent<'ConsentRevoked', ConsentRevokedV1> {
  return intakeEvent('ConsentRevoked', { consentId, clientId, revokedOn: effectiveAt.slice(0, 10), effectiveAt }, effectiveAt);
}

/** Intake's RestrictionAgreed for the required restriction: services the client paid for in full. */
export function paidInFullAgreed(
  clientId: string,
  serviceIds: string[],
  agreedAt = '2026-01-11T10:00:00.000Z',
): IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1> {
  return intakeEvent(
    'RestrictionAgreed',
    { restrictionId: randomUUID(), clientId, request: { kind: 'paid-in-full', serviceIds }, required: true, agreedAt },
    agreedAt,
  );
}

function intakeEvent<Type extends string, Data extends { clientId: string }, Version extends number = 1>(
  type: Type,
  data: Data,
  occurredAt: string,
  siteId = 'site-north',
  schemaVersion: Version = 1 as Version,
): IntegrationEvent<Type, Data, Version> {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion,
    source: 'intake',
    occurredAt,
    clientId: data.clientId,
    siteId,
    correlationId: `correlation-${randomUUID().slice(0, 8)}`,
    causationId: randomUUID(),
    data,
  };
}
