import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, type EventStore, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idempotencyKeyOf, listPage } from '@continuum/platform';
import { ProjectionRunner } from '@continuum/read-store';
import { type DuplicateOutcome, type DuplicateReviewOpened, duplicateReviewDecider, duplicateReviewStream } from '../domain/index.js';
import { DUPLICATE_REVIEWS, type DuplicateReviewRow } from '../projections/duplicate-review-list.js';
import { DEFAULT_PAGE_SIZE } from './client-lists.js';
import { envelopeOf } from './command-cause.js';

// The network administrator's reviews of possible duplicates (domain/duplicate-review.ts):
// the open ones from the projection, a resolution on the review's own stream.
@Injectable()
export class DuplicateReviews {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionRunner,
  ) {}

  /** Open reviews, oldest first: the order they were raised. */
  async open(filters: { limit?: number; after?: string }) {
    const rows = await this.projections.collection<DuplicateReviewRow>(DUPLICATE_REVIEWS);
    return listPage(rows, {
      where: { isOpen: true },
      sort: [{ field: 'openedAt', direction: 'asc' }],
      limit: filters.limit ?? DEFAULT_PAGE_SIZE,
      ...(filters.after ? { after: filters.after } : {}),
    });
  }

  async resolve(reviewId: string, outcome: DuplicateOutcome, cause: CommandCause) {
    const [opened] = await this.store.readStream(duplicateReviewStream(reviewId), { maxCount: 1 });
    if (!opened) throw new DuplicateReviewNotFound(reviewId);
    const { clientId, siteId } = opened.data as DuplicateReviewOpened['data'];
    const resolvedBy = cause.kind === 'request' ? cause.actor.userId : 'intake';
    return runCommand({
      store: this.store,
      stream: duplicateReviewStream(reviewId),
      decider: duplicateReviewDecider,
      command: { type: 'ResolveDuplicateReview', data: { reviewId, outcome, resolvedBy } },
      now: this.clock.now(),
      idempotencyKey: idempotencyKeyOf(cause),
      envelope: () => envelopeOf(cause, { clientId, siteId }),
    });
  }
}

export class DuplicateReviewNotFound extends NotFoundException {
  constructor(reviewId: string) {
    super(`There is no duplicate review ${reviewId}. The open ones are listed at GET /api/v1/duplicate-reviews.`);
  }
}
