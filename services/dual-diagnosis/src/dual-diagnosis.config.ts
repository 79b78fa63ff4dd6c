import { integer, optional, serviceConfig, string } from '@continuum/platform';
import { DEFAULT_REFERRAL_CONFIG, DEFAULT_ROUTINE_DUE_DAYS, DEFAULT_URGENT_DUE_HOURS, type ReferralConfig } from './domain/index.js';

// The shared event store file (the auditors' trail is one log); dual-diagnosis's own read
// models (READ_STORE_URL, else MONGODB_URI, else sqlite:./data/dual-diagnosis/read.db).
// The referral deadlines (docs/domain/dual-diagnosis.md#urgency-and-due-dates) are network defaults,
// overridable here; emergent
// referrals are always due by the end of the day they open. OVERDUE_CHECK_INTERVAL_MS is how
// often the scheduler looks for overdue referrals; 0 turns the timer off (tests call tick(now)).
export const dualDiagnosisServiceConfig = serviceConfig(
  { port: 3103, eventStoreUrl: 'sqlite:./data/events.db' },
  {
    READ_STORE_URL: optional(string({ secret: true })),
    MONGODB_URI: optional(string({ secret: true })),
    REFERRAL_URGENT_DUE_HOURS: integer({ default: DEFAULT_URGENT_DUE_HOURS, min: 1, max: 24 * 30 }),
    REFERRAL_ROUTINE_DUE_DAYS: integer({ default: DEFAULT_ROUTINE_DUE_DAYS, min: 1, max: 90 }),
    REFERRAL_ESCALATE_EVERY_HOURS: integer({ default: DEFAULT_REFERRAL_CONFIG.escalateEveryHours, min: 1, max: 24 * 30 }),
    OVERDUE_CHECK_INTERVAL_MS: integer({ default: 60_000, min: 0 }),
  },
);

export type DualDiagnosisConfig = ReturnType<typeof dualDiagnosisServiceConfig.load>;

export function referralConfigOf(config: DualDiagnosisConfig): ReferralConfig {
  return {
    ...DEFAULT_REFERRAL_CONFIG,
    due: {
      ...DEFAULT_REFERRAL_CONFIG.due,
      urgent: { kind: 'within-hours', hours: config.REFERRAL_URGENT_DUE_HOURS },
      routine: { kind: 'within-hours', hours: config.REFERRAL_ROUTINE_DUE_DAYS * 24 },
    },
    escalateEveryHours: config.REFERRAL_ESCALATE_EVERY_HOURS,
  };
}
