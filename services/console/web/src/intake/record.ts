// What intake's GET /clients/{id} answers, as far as the flow reads it.
import { type IntakeRequests } from '../api';

export type Level = IntakeRequests['LevelOfCareDto'];
export type ScreeningRecord = {
  screeningId: string;
  recordedAt: string;
  outcome: { instrument: string; score?: number; band?: string; positive?: boolean };
};
/**
 * Intake answers each reader the view their role allows (identity and scheduling, or clinical:
 * docs/domain/intake-record-views.md); the identity view has no screenings, assessment or
 * placement reasoning, only the decided level.
 */
export type IntakeRecord = {
  view?: 'identity' | 'clinical';
  clientId: string;
  status: string;
  siteId: string;
  person: { givenName: string; familyName: string; dateOfBirth: string };
  possibleDuplicateOf?: string[];
  consents: { consentId: string; status?: string }[];
  screenings?: ScreeningRecord[];
  isOnSafetyHold?: boolean;
  assessment?: { assessmentId: string };
  recommendation?: { level: Level };
  placement?: { level: Level; varianceReason?: string };
  /** The decided level, in the identity view. */
  placedLevel?: Level;
  admissions: { admissionId: string; level: Level; siteId: string; startDate: string; track: string }[];
};

/** The level decided at placement, from either view. */
export const decidedLevelOf = (record: IntakeRecord): Level | undefined => record.placement?.level ?? record.placedLevel;

/**
 * The first step not done yet: 0 registration … 6 admission, 7 when admitted. A reader of the
 * identity view does not see the clinical steps: until a level is decided they are at the
 * screening step (which they may record), then at admission.
 */
export function stepOf(record: IntakeRecord): number {
  const screened = (instrument: (name: string) => boolean) =>
    (record.screenings ?? []).some((screening) => instrument(screening.outcome.instrument));
  if (record.consents.length === 0) return 1;
  if (record.view === 'identity') {
    if (!decidedLevelOf(record)) return 2;
    return record.admissions.length === 0 || record.status !== 'admitted' ? 6 : 7;
  }
  if (!screened((name) => name !== 'C-SSRS')) return 2;
  if (!screened((name) => name === 'C-SSRS')) return 3;
  if (!record.assessment) return 4;
  if (!record.placement) return 5;
  if (record.admissions.length === 0 || record.status !== 'admitted') return 6;
  return 7;
}

/** The ASAM 3rd edition's levels of care, in order of intensity: the codes the console offers. */
export const THIRD_EDITION_CODES = ['0.5', '1', '2.1', '2.5', '3.1', '3.3', '3.5', '3.7', '4'];

export const levelName = (level: Level) => `ASAM ${level.edition === 4 ? '4th' : '3rd'} ed. ${level.code}`;
