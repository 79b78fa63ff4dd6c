import { type ReadModelDefinition } from '@continuum/read-store';
import { type SafetyFollowUpCompleted, type SafetyFollowUpOpened, type SafetyFollowUpOverdue } from '../domain/index.js';

// The clinicians' work queue of same-day safety follow-ups
// (docs/domain/screening.md#same-day-safety-follow-up): one row per follow-up, ids, codes and
// times only. `isOpen` and `isOverdue` are fields of their own, because an index (and so a
// filter) works on a scalar field in both adapters.

export type SafetyFollowUpRow = {
  followUpId: string;
  clientId: string;
  siteId: string;
  screeningId: string;
  instrument: SafetyFollowUpOpened['data']['instrument'];
  signal: SafetyFollowUpOpened['data']['signal'];
  ownerRole: string;
  openedAt: string;
  dueAt: string;
  isOpen: boolean;
  /** Past its due time with nothing recorded, as the scheduler flagged it. */
  isOverdue: boolean;
  overdueFlaggedAt: string | null;
  outcome: SafetyFollowUpCompleted['data']['outcome'] | null;
  completedAt: string | null;
};

export const SAFETY_FOLLOW_UPS: ReadModelDefinition = {
  name: 'intake_safety_follow_ups',
  indexes: [{ fields: ['siteId', 'isOpen', 'dueAt'] }, { fields: ['isOpen', 'isOverdue', 'dueAt'] }, { fields: ['isOpen', 'dueAt'] }],
};

export function openedRow(opened: SafetyFollowUpOpened['data']): SafetyFollowUpRow {
  const { followUpId, clientId, siteId, screeningId, instrument, signal, ownerRole, openedAt, dueAt } = opened;
  return {
    followUpId,
    clientId,
    siteId,
    screeningId,
    instrument,
    signal,
    ownerRole,
    openedAt,
    dueAt,
    isOpen: true,
    isOverdue: false,
    overdueFlaggedAt: null,
    outcome: null,
    completedAt: null,
  };
}

export function withOverdue(row: SafetyFollowUpRow, overdue: SafetyFollowUpOverdue['data']): SafetyFollowUpRow {
  return { ...row, isOverdue: row.isOpen, overdueFlaggedAt: overdue.flaggedAt };
}

export function withCompleted(row: SafetyFollowUpRow, completed: SafetyFollowUpCompleted['data']): SafetyFollowUpRow {
  return { ...row, isOpen: false, isOverdue: false, outcome: completed.outcome, completedAt: completed.completedAt };
}
