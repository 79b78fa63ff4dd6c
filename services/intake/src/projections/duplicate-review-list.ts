import { type Projection, type ReadModelDefinition, foldInto } from '@continuum/read-store';
import {
  DUPLICATE_REVIEW_STREAM_PREFIX,
  type DuplicateOutcome,
  type DuplicateReviewOpened,
  type DuplicateReviewResolved,
} from '../domain/index.js';

// The network administrator's work list of possible duplicates
// (docs/domain/intake-record-views.md#possible-duplicates): one row per review, ids only.

export type DuplicateReviewRow = {
  reviewId: string;
  clientId: string;
  siteId: string;
  possibleDuplicateOf: string;
  otherSiteId: string;
  openedAt: string;
  isOpen: boolean;
  outcome: DuplicateOutcome | null;
  resolvedAt: string | null;
};

export const DUPLICATE_REVIEWS: ReadModelDefinition = {
  name: 'intake_duplicate_reviews',
  indexes: [{ fields: ['isOpen', 'openedAt'] }],
};

const REVIEW_EVENTS = ['DuplicateReviewOpened', 'DuplicateReviewResolved'];

export const intakeDuplicateReviewsProjection: Projection = {
  name: 'intake-duplicate-reviews',
  version: 1,
  readModels: [DUPLICATE_REVIEWS],
  filter: { streamPrefixes: [DUPLICATE_REVIEW_STREAM_PREFIX], eventTypes: REVIEW_EVENTS },
  async apply(event, context) {
    if (!event.streamId.startsWith(DUPLICATE_REVIEW_STREAM_PREFIX) || !REVIEW_EVENTS.includes(event.type)) return;
    const { reviewId } = event.data as { reviewId: string };
    const rows = await context.collection<DuplicateReviewRow>(DUPLICATE_REVIEWS);
    await foldInto(rows, reviewId, event, (current) => {
      if (event.type === 'DuplicateReviewOpened') {
        const { clientId, siteId, possibleDuplicateOf, otherSiteId, openedAt } = event.data as DuplicateReviewOpened['data'];
        return (
          current ?? {
            reviewId,
            clientId,
            siteId,
            possibleDuplicateOf,
            otherSiteId,
            openedAt,
            isOpen: true,
            outcome: null,
            resolvedAt: null,
          }
        );
      }
      const { outcome, resolvedAt } = event.data as DuplicateReviewResolved['data'];
      return current && { ...current, isOpen: false, outcome, resolvedAt };
    });
  },
};
