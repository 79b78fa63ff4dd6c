import { randomUUID } from 'node:crypto';
import { type ClientAdmittedV1, type IntegrationEvent, type ReferralCompletedV1 } from '@continuum/contracts';

export const IOP = { edition: 3 as const, code: '2.1' };
export const PHP = { edition: 3 as const, code: '2.5' };

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
  const full: ReferralCompletedV1 = { referralId: randomUUID(), specialty: 'psychiatric-evaluation', completedAt: '2026-01-20T15:00:00.000Z', ...data };
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
