import { type CalendarDate, type Episode, type LevelOfCare } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';
// "3-2.1": edition and code together, since the census counts them apart.
import { levelKeyOf } from '../domain/index.js';

// One row per care episode, for the census (open episodes per site and level) and the
// expiring-authorisation list (what the payer covers, through when), and the network overview.

export type EpisodeListItem = {
  episodeId: string;
  clientId: string;
  siteId: string;
  status: 'open' | 'discharged';
  isOpen: boolean;
  level: LevelOfCare;
  levelKey: string;
  startDate: CalendarDate;
  dischargeDate: CalendarDate | null;
  authorization: { level: LevelOfCare; throughDate: CalendarDate; payerReference: string; quantity: number; unit: string } | null;
  authorizationThroughDate: CalendarDate | null;
};

export const EPISODE_LIST: ReadModelDefinition = {
  name: 'treatment_plan_episodes',
  indexes: [
    { fields: ['siteId', 'isOpen'] },
    { fields: ['isOpen', 'authorizationThroughDate'] },
    { fields: ['clientId'] },
    { fields: ['clientId', 'startDate'] },
    // The network overview's admissions and discharges of a period.
    { fields: ['siteId', 'startDate'] },
    { fields: ['siteId', 'dischargeDate'] },
  ],
};

export function episodeListItemOf(episode: Exclude<Episode, { status: 'not-opened' }>): EpisodeListItem {
  const { authorization } = episode;
  return {
    episodeId: episode.episodeId,
    clientId: episode.clientId,
    siteId: episode.siteId,
    status: episode.status,
    isOpen: episode.status === 'open',
    level: episode.level,
    levelKey: levelKeyOf(episode.level),
    startDate: episode.startDate,
    dischargeDate: episode.status === 'discharged' ? episode.dischargeDate : null,
    authorization: authorization
      ? {
          level: authorization.level,
          throughDate: authorization.throughDate,
          payerReference: authorization.payerReference,
          quantity: authorization.amount.quantity,
          unit: authorization.amount.unit,
        }
      : null,
    authorizationThroughDate: authorization?.throughDate ?? null,
  };
}
