import { randomUUID } from 'node:crypto';
import {
  type CareTeamChangedV1,
  type ConsentGrantedV2,
  type ConsentRevokedV1,
  type EpisodeDischargedV1,
  type EpisodeOpenedV1,
  type IntegrationEvent,
  type RestrictionAgreedV1,
} from '@continuum/contracts';

export { barc10Totalling } from '../domain/testing/aftercare-fixtures.js';

export const IOP = { edition: 3 as const, code: '2.1' };
export const OUTPATIENT = { edition: 3 as const, code: '1' };

const envelope = <Type extends string, Data extends { clientId: string }, Version extends number = 1>(
  type: Type,
  data: Data,
  occurredAt: string,
  { source = 'treatment-plan', siteId = (data as { siteId?: string }).siteId ?? 'site-north', schemaVersion = 1 as Version } = {} as {
    source?: string;
    siteId?: string;
    schemaVersion?: Version;
  },
): IntegrationEvent<Type, Data, Version> => ({
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

/** intake's ConsentGranted v2 (the 2024 form): a consent naming `recipientId` for treatment, covering what every aftercare send carries. */
export function consentGranted(
  clientId: string,
  recipientId: string,
  at: string,
  overrides: Partial<ConsentGrantedV2> = {},
): IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2> {
  const data: ConsentGrantedV2 = {
    consentId: randomUUID(),
    clientId,
    recipients: [{ kind: 'named', recipientId }],
    purposes: ['TREAT'],
    categories: ['demographics', 'diagnosis', 'level-of-care', 'discharge-summary'],
    expiry: { kind: 'date', expiresOn: '2099-01-01' },
    signedOn: at.slice(0, 10),
    clientIsMinor: false,
    grantedAt: at,
    ...overrides,
  };
  return envelope('ConsentGranted', data, at, { source: 'intake', schemaVersion: 2 });
}

export const consentRevoked = (clientId: string, consentId: string, at: string): IntegrationEvent<'ConsentRevoked', ConsentRevokedV1> =>
  envelope('ConsentRevoked', { consentId, clientId, revokedOn: at.slice(0, 10), effectiveAt: at }, at, { source: 'intake' });

/** intake's RestrictionAgreed: the client asked that nothing go to these recipients, and the programme agreed (42 CFR 2.26). */
export const restrictionAgreed = (
  clientId: string,
  recipientIds: string[],
  at: string,
): IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1> =>
  envelope(
    'RestrictionAgreed',
    { restrictionId: randomUUID(), clientId, request: { kind: 'requested', scope: { recipientIds } }, required: false, agreedAt: at },
    at,
    { source: 'intake' },
  );

/** Treatment-plan's CareTeamChanged: the episode's team as the site's clinical supervisor seated it. */
export function careTeamChanged(
  episode: Pick<EpisodeDischargedV1, 'episodeId' | 'clientId' | 'siteId'>,
  members: CareTeamChangedV1['members'],
  changedAt = '2026-02-01T09:00:00.000Z',
): IntegrationEvent<'CareTeamChanged', CareTeamChangedV1> {
  const { episodeId, clientId, siteId } = episode;
  return envelope('CareTeamChanged', { episodeId, clientId, siteId, members, changedAt }, changedAt);
}
