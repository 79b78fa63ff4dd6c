import { type ReferralConfig, type Urgency } from './config.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The instant a referral of `urgency` opened at `openedAt` is due: emergent the same day, urgent
 * 72 h, routine 14 days (docs/domain/dual-diagnosis.md#urgency-and-due-dates).
 */
export function dueAt(urgency: Urgency, openedAt: Date, config: ReferralConfig): string {
  const rule = config.due[urgency];
  if (rule.kind === 'same-day') {
    const startOfDay = Date.UTC(openedAt.getUTCFullYear(), openedAt.getUTCMonth(), openedAt.getUTCDate());
    return new Date(startOfDay + DAY).toISOString();
  }
  return new Date(openedAt.getTime() + rule.hours * HOUR).toISOString();
}

/**
 * How far an unanswered referral has escalated at `now`: 0 before its due instant, 1 from
 * it, and one more each `escalateEveryHours` after that.
 */
export function escalationLevelAt(due: string, now: Date, config: ReferralConfig): number {
  const late = now.getTime() - Date.parse(due);
  if (late < 0) return 0;
  return 1 + Math.floor(late / (config.escalateEveryHours * HOUR));
}

const URGENCY_ORDER: Record<Urgency, number> = { routine: 0, urgent: 1, emergent: 2 };

export function isMoreUrgent(candidate: Urgency, than: Urgency): boolean {
  return URGENCY_ORDER[candidate] > URGENCY_ORDER[than];
}
