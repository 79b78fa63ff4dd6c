// The review of a break-the-glass grant (docs/domain/roles-and-sites.md#break-the-glass): a
// clinical supervisor of the grant's site looks at who opened which record and why, and records
// whether it was justified. HIPAA's Security Rule asks for it — "Implement procedures to
// regularly review records of information system activity, such as audit logs, access reports"
// (45 CFR 164.308(a)(1)(ii)(D)) — and a grant is the access most in need of a second look.
// The rule is pure: the service recording it only loads the grant and its review, if any.
import { type NewEvent } from '@continuum/event-store';
import { type BreakTheGlassGrant } from './break-the-glass.js';

export const BREAK_THE_GLASS_REVIEWED = 'BreakTheGlassReviewed';

/** Codes only: a reviewer's free text could name the client, and the review is on every audit export. */
export const REVIEW_OUTCOMES = ['justified', 'not-justified'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export type BreakTheGlassReview = {
  grantId: string;
  clientId: string;
  siteId: string;
  outcome: ReviewOutcome;
  reviewedBy: string;
  role: string;
  reviewedAt: string;
  correlationId: string;
};

export type ReviewRefusal =
  { refused: 'unknown-grant'; detail: string } | { refused: 'already-reviewed'; detail: string } | { refused: 'own-grant'; detail: string };

/**
 * Whether `reviewer` may record `outcome` for the grant. A grant is reviewed once (the first
 * review stands; a second is refused, not overwritten), and never by whoever broke the glass:
 * someone who is both a clinician and the site's supervisor does not review their own access.
 */
export function decideGrantReview(
  grant: BreakTheGlassGrant | undefined,
  existing: BreakTheGlassReview | undefined,
  reviewer: { userId: string; role: string },
  outcome: ReviewOutcome,
  at: Date,
  correlationId: string,
): BreakTheGlassReview | ReviewRefusal {
  if (!grant) return { refused: 'unknown-grant', detail: 'No break-the-glass grant of this service has this id.' };
  if (existing)
    return {
      refused: 'already-reviewed',
      detail: `This grant was reviewed at ${existing.reviewedAt} (${existing.outcome}); a review is recorded once.`,
    };
  if (grant.userId === reviewer.userId)
    return { refused: 'own-grant', detail: 'You broke the glass for this grant: another clinical supervisor of the site reviews it.' };
  return {
    grantId: grant.grantId,
    clientId: grant.clientId,
    siteId: grant.siteId,
    outcome,
    reviewedBy: reviewer.userId,
    role: reviewer.role,
    reviewedAt: at.toISOString(),
    correlationId,
  };
}

export function reviewEvent(review: BreakTheGlassReview, eventId: string, causationId: string): NewEvent<BreakTheGlassReview> {
  return {
    eventId,
    type: BREAK_THE_GLASS_REVIEWED,
    data: review,
    metadata: {
      schemaVersion: 1,
      clientId: review.clientId,
      siteId: review.siteId,
      actor: { userId: review.reviewedBy, role: review.role },
      occurredAt: review.reviewedAt,
      correlationId: review.correlationId,
      causationId,
    },
  };
}
