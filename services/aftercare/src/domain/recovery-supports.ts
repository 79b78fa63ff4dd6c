import { type CalendarDate, type LevelOfCare } from '@continuum/care-episode';

// What carries the client after discharge besides check-ins (docs/domain/aftercare.md#the-aftercare-plan): the
// step-down level, a recovery residence, peer support with attendance, continuing therapy.
// Providers, residences and groups are referenced by their directory ids.

/** Where the client continues treatment after discharge, at a less intensive level. */
export type StepDown = { level: LevelOfCare; providerId: string; startDate: CalendarDate };

export const RECOVERY_RESIDENCE_KINDS = ['recovery-residence', 'sober-living-home'] as const;
export type RecoveryResidenceKind = (typeof RECOVERY_RESIDENCE_KINDS)[number];

/**
 * NARR (National Alliance for Recovery Residences) levels of support: I peer-run, II
 * monitored, III supervised, IV service provider.
 */
export const NARR_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type NarrLevel = (typeof NARR_LEVELS)[number];

export type RecoveryResidence = { kind: RecoveryResidenceKind; residenceId: string; narrLevel: NarrLevel; moveInDate: CalendarDate };

export const PEER_SUPPORT_PROGRAMMES = ['AA', 'NA', 'SMART', 'other'] as const;
export type PeerSupportProgramme = (typeof PEER_SUPPORT_PROGRAMMES)[number];

export type PeerSupportLinkage = {
  linkageId: string;
  programme: PeerSupportProgramme;
  /** The group or meeting the client was linked to. */
  groupId: string;
  /** For `other`: the network's code for the programme. */
  otherProgrammeCode?: string;
  linkedOn: CalendarDate;
};

export type PeerSupportAttendance = { meetingDate: CalendarDate; attended: boolean };

export const CONTINUING_THERAPY_KINDS = [
  'individual-therapy',
  'group-therapy',
  'family-therapy',
  'medication-assisted-treatment',
  'psychiatric-follow-up',
  'other',
] as const;
export type ContinuingTherapyKind = (typeof CONTINUING_THERAPY_KINDS)[number];

export type ContinuingTherapy = {
  therapyId: string;
  kind: ContinuingTherapyKind;
  providerId: string;
  sessionsPerMonth: number;
  startDate: CalendarDate;
};
