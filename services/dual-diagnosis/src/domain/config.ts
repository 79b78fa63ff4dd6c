import { DEFAULT_REFERRAL_DISCLOSURE, type ReferralDisclosure } from './consent-gate.js';

// The referral deadlines (docs/domain/dual-diagnosis.md#urgency-and-due-dates) are network
// defaults, never constants:
// a network passes its own ReferralConfig (see dual-diagnosis.config.ts for the variables).

export const SPECIALTIES = ['psychiatric-evaluation', 'medication-management', 'trauma-therapy', 'other'] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export const URGENCIES = ['emergent', 'urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** When a referral of an urgency is due: by the end of the day it was opened (UTC), or within a number of hours. */
export type DueRule = { kind: 'same-day' } | { kind: 'within-hours'; hours: number };

export type ReferralConfig = {
  due: Record<Urgency, DueRule>;
  /** An overdue referral escalates again each time this many hours pass without acceptance or an appointment. */
  escalateEveryHours: number;
  /** What a referral to an outside provider discloses and why (42 CFR 2.31(a)(3), (a)(5)), and the network's consent policy. */
  disclosure: ReferralDisclosure;
  /** The specialty a co-occurring condition found at intake is referred to. */
  specialtyForCondition: Record<string, Specialty>;
  /** Urgency of a referral opened from an intake screen, unless its severity or a suicide risk asks for more. */
  screeningUrgency: Urgency;
  /**
   * The least urgency of a referral whose screen scored in a severity band, per instrument and
   * band (docs/domain/dual-diagnosis.md#urgency-and-due-dates); a band not listed adds nothing.
   */
  urgencyForSeverity: Readonly<Record<string, Readonly<Partial<Record<string, Urgency>>>>>;
};

/** Urgent within 72 hours, routine within 14 days, emergent always the same day (docs/domain/dual-diagnosis.md#urgency-and-due-dates). */
export const DEFAULT_URGENT_DUE_HOURS = 72;
export const DEFAULT_ROUTINE_DUE_DAYS = 14;

export const DEFAULT_REFERRAL_CONFIG: ReferralConfig = {
  due: {
    emergent: { kind: 'same-day' },
    urgent: { kind: 'within-hours', hours: DEFAULT_URGENT_DUE_HOURS },
    routine: { kind: 'within-hours', hours: DEFAULT_ROUTINE_DUE_DAYS * 24 },
  },
  escalateEveryHours: 24,
  disclosure: DEFAULT_REFERRAL_DISCLOSURE,
  specialtyForCondition: {
    depression: 'psychiatric-evaluation',
    anxiety: 'psychiatric-evaluation',
    bipolar: 'psychiatric-evaluation',
    ptsd: 'trauma-therapy',
    trauma: 'trauma-therapy',
  },
  screeningUrgency: 'routine',
  // Severe depression or anxiety is seen within 72 hours. Kroenke, Spitzer & Williams (J Gen
  // Intern Med 2001;16:606–613) ask for immediate treatment from a PHQ-9 of 15 (moderately
  // severe) as well as from 20, so the safer reading counts moderately severe as urgent too.
  // GAD-7 (Spitzer et al., Arch Intern Med 2006;166:1092–1097) has severe from 15.
  urgencyForSeverity: {
    'PHQ-9': { 'moderately-severe': 'urgent', severe: 'urgent' },
    'GAD-7': { severe: 'urgent' },
  },
};

/** What a referral opened from a co-occurring condition found at intake asks for: the condition's specialty (`other` for one the network did not map), at the network's screening urgency. */
export function screeningReferralOf(conditionCode: string, config: ReferralConfig): { specialty: Specialty; urgency: Urgency } {
  return { specialty: config.specialtyForCondition[conditionCode] ?? 'other', urgency: config.screeningUrgency };
}
