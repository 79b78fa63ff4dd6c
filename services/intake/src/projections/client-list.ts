import { type LevelOfCare } from '@continuum/care-episode';
import { type ReadModelDefinition } from '@continuum/read-store';
import { type IntakeClient, type IntakeStatus, isOnSafetyHold } from '../domain/index.js';

// The coordinator's work list: one row per client, filterable by where the client stands.
// Each flag is also a boolean field of its own, because an index (and so a filter) works on a
// scalar field in both adapters; `flags` carries the same facts as a list for display.

export const CLIENT_FLAGS = ['duplicate-suspect', 'co-occurring', 'safety-hold'] as const;
export type ClientFlag = (typeof CLIENT_FLAGS)[number];

export const FLAG_FIELDS: Record<ClientFlag, 'isDuplicateSuspect' | 'hasCoOccurringCondition' | 'isOnSafetyHold'> = {
  'duplicate-suspect': 'isDuplicateSuspect',
  'co-occurring': 'hasCoOccurringCondition',
  'safety-hold': 'isOnSafetyHold',
};

export type ClientListItem = {
  clientId: string;
  siteId: string;
  status: IntakeStatus;
  isOnSafetyHold: boolean;
  isDuplicateSuspect: boolean;
  hasCoOccurringCondition: boolean;
  flags: ClientFlag[];
  recommendedLevel: LevelOfCare | null;
  /** The clinician's placement decision for the current intake. */
  decidedLevel: LevelOfCare | null;
  registeredAt: string | null;
  updatedAt: string;
};

export const CLIENT_LIST: ReadModelDefinition = {
  name: 'intake_clients',
  indexes: [
    { fields: ['siteId', 'registeredAt'] },
    { fields: ['registeredAt'] },
    { fields: ['status'] },
    { fields: ['isOnSafetyHold'] },
    { fields: ['isDuplicateSuspect'] },
    { fields: ['hasCoOccurringCondition'] },
    { fields: ['recommendedLevel.code'] },
    { fields: ['decidedLevel.code'] },
  ],
};

/** The list row for a client's folded intake state; `siteOfEvent` stands in before registration names the site. */
export function listItemOf(clientId: string, state: IntakeClient, siteOfEvent: string, updatedAt: string): ClientListItem {
  const isDuplicateSuspect = (state.registration?.possibleDuplicateOf.length ?? 0) > 0;
  const hasCoOccurringCondition = state.conditionsIdentified.length > 0;
  const onHold = isOnSafetyHold(state);
  const flags: ClientFlag[] = [];
  if (isDuplicateSuspect) flags.push('duplicate-suspect');
  if (hasCoOccurringCondition) flags.push('co-occurring');
  if (onHold) flags.push('safety-hold');
  return {
    clientId,
    siteId: state.registration?.siteId ?? siteOfEvent,
    status: state.status,
    isOnSafetyHold: onHold,
    isDuplicateSuspect,
    hasCoOccurringCondition,
    flags,
    recommendedLevel: state.recommendation?.level ?? null,
    decidedLevel: state.placement?.level ?? null,
    registeredAt: state.registration?.registeredAt ?? null,
    updatedAt,
  };
}
