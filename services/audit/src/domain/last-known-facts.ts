import { type EventReference, type StoredEvent, referenceTo } from './stored-event.js';

// Plans, referrals and aftercare plans are folded generically until their services export
// their own evolve functions: what each stream's events said, the later over the earlier.
// An auditor reads facts recorded, never facts inferred, so this fold invents nothing.

export type LastKnownFacts = {
  /** The aggregate's id: the stream name after its prefix (a plan's id is its episode's id). */
  id: string;
  streamId: string;
  /** Where the lifecycle stood, for aggregates whose lifecycle the audit knows (referrals). */
  status?: string;
  /** Every field the stream's events carried, the latest value of each. */
  facts: Record<string, unknown>;
  events: number;
  firstRecordedAt: string;
  lastEvent: EventReference;
};

/**
 * docs/domain/dual-diagnosis.md#lifecycle: requested → sent → accepted | declined → scheduled →
 * completed | no-show | cancelled, in the words of dual-diagnosis's own referral events
 * (services/dual-diagnosis/src/domain/referral.ts, which the audit may not import). Events
 * not listed (UrgencyRaised, DisclosureRecorded, ReferralOverdue…) leave the status as it was.
 */
export const REFERRAL_STATUS_BY_EVENT: Readonly<Record<string, string>> = {
  ReferralOpened: 'requested',
  ProviderAssigned: 'requested',
  ReferralAwaitingConsent: 'awaiting-consent',
  ReferralSent: 'sent',
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  AppointmentScheduled: 'scheduled',
  AppointmentMissed: 'no-show',
  ReferralFailed: 'failed',
  ReferralCompleted: 'completed',
  ReferralCancelled: 'cancelled',
};

export function evolveLastKnownFacts(
  current: LastKnownFacts | undefined,
  event: StoredEvent,
  prefix: string,
  statusByEvent: Readonly<Record<string, string>> = {},
): LastKnownFacts {
  const data =
    typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? (event.data as Record<string, unknown>) : {};
  const status = statusByEvent[event.type] ?? current?.status;
  return {
    id: current?.id ?? event.streamId.slice(prefix.length),
    streamId: event.streamId,
    ...(status === undefined ? {} : { status }),
    facts: { ...current?.facts, ...data },
    events: (current?.events ?? 0) + 1,
    firstRecordedAt: current?.firstRecordedAt ?? event.recordedAt,
    lastEvent: referenceTo(event),
  };
}
