import { randomUUID } from 'node:crypto';
import { type EpisodeDischargedV1, type EpisodeOpenedV1, type IntegrationEvent } from '@continuum/contracts';

export { barc10Totalling } from '../domain/testing/aftercare-fixtures.js';

export const IOP = { edition: 3 as const, code: '2.1' };
export const OUTPATIENT = { edition: 3 as const, code: '1' };

const envelope = <Type extends string, Data extends { clientId: string; siteId: string }>(
  type: Type,
  data: Data,
  occurredAt: string,
): IntegrationEvent<Type, Data> => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  source: 'treatment-plan',
  occurredAt,
  clientId: data.clientId,
  siteId: data.siteId,
  correlationId: `correlation-${randomUUID().slice(0, 8)}`,
  causationId: randomUUID(),
  data,
});

/** Treatment-plan's EpisodeDischarged as its relay publishes it. */
export function episodeDischarged(
  overrides: Partial<EpisodeDischargedV1> = {},
): IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1> {
  const data: EpisodeDischargedV1 = {
    episodeId: randomUUID(),
    clientId: randomUUID(),
    siteId: 'site-north',
    level: IOP,
    disposition: 'completed',
    dischargeDate: '2026-03-01',
    dischargedAt: '2026-03-01T16:00:00.000Z',
    ...overrides,
  };
  return envelope('EpisodeDischarged', data, data.dischargedAt);
}

/** Treatment-plan's EpisodeOpened for a readmission that follows `previousEpisodeId`. */
export function episodeOpened(
  overrides: Partial<EpisodeOpenedV1> & Pick<EpisodeOpenedV1, 'clientId'>,
): IntegrationEvent<'EpisodeOpened', EpisodeOpenedV1> {
  const data: EpisodeOpenedV1 = {
    episodeId: randomUUID(),
    siteId: 'site-north',
    level: IOP,
    programmeId: 'programme-iop-north',
    startDate: '2026-04-06',
    admissionId: randomUUID(),
    openedAt: '2026-04-06T09:00:00.000Z',
    ...overrides,
  };
  return envelope('EpisodeOpened', data, data.openedAt);
}
