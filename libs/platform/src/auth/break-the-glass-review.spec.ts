import { type BreakTheGlassGrant } from './break-the-glass.js';
import { BREAK_THE_GLASS_REVIEWED, type BreakTheGlassReview, decideGrantReview, reviewEvent } from './break-the-glass-review.js';

const grant: BreakTheGlassGrant = {
  grantId: 'grant-1',
  clientId: 'client-1',
  siteId: 'site-north',
  userId: 'nurse-5',
  role: 'nurse',
  reason: 'client arrived in crisis; care team unreachable',
  service: 'treatment-plan',
  grantedAt: '2026-01-12T09:00:00.000Z',
  expiresAt: '2026-01-12T10:00:00.000Z',
  correlationId: 'round-3',
};
const supervisor = { userId: 'supervisor-1', role: 'clinical-supervisor' };
const at = new Date('2026-01-13T08:00:00.000Z');

describe('reviewing a break-the-glass grant', () => {
  it("given a grant nobody reviewed, when the site's supervisor reviews it, then the review names the grant, the outcome and the reviewer", () => {
    expect(decideGrantReview(grant, undefined, supervisor, 'not-justified', at, 'corr-1')).toEqual({
      grantId: 'grant-1',
      clientId: 'client-1',
      siteId: 'site-north',
      outcome: 'not-justified',
      reviewedBy: 'supervisor-1',
      role: 'clinical-supervisor',
      reviewedAt: '2026-01-13T08:00:00.000Z',
      correlationId: 'corr-1',
    });
  });

  it('given a reviewed grant, when another review comes, then it is refused and the first stands', () => {
    const first = decideGrantReview(grant, undefined, supervisor, 'justified', at, 'corr-1') as BreakTheGlassReview;
    const second = decideGrantReview(grant, first, { userId: 'supervisor-2', role: 'clinical-supervisor' }, 'not-justified', at, 'corr-2');
    expect(second).toMatchObject({ refused: 'already-reviewed' });
    expect('detail' in second && second.detail).toContain('justified');
  });

  it('given a grant, when the user who broke the glass reviews it, then it is refused', () => {
    expect(
      decideGrantReview(grant, undefined, { userId: 'nurse-5', role: 'clinical-supervisor' }, 'justified', at, 'corr-1'),
    ).toMatchObject({
      refused: 'own-grant',
    });
  });

  it('given no such grant, when a review comes, then it is refused as unknown', () => {
    expect(decideGrantReview(undefined, undefined, supervisor, 'justified', at, 'corr-1')).toMatchObject({ refused: 'unknown-grant' });
  });

  it("is recorded with the client and site in the envelope, as the reviewer's access record", () => {
    const review = decideGrantReview(grant, undefined, supervisor, 'justified', at, 'corr-1') as BreakTheGlassReview;
    expect(reviewEvent(review, 'event-1', 'cause-1')).toEqual({
      eventId: 'event-1',
      type: BREAK_THE_GLASS_REVIEWED,
      data: review,
      metadata: {
        schemaVersion: 1,
        clientId: 'client-1',
        siteId: 'site-north',
        actor: { userId: 'supervisor-1', role: 'clinical-supervisor' },
        occurredAt: '2026-01-13T08:00:00.000Z',
        correlationId: 'corr-1',
        causationId: 'cause-1',
      },
    });
  });
});
