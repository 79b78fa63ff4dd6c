import { type Decider, RuleBroken } from '@continuum/decider';

// A possible duplicate across the network, for a network administrator to resolve
// (docs/domain/intake-record-views.md#possible-duplicates). A registration whose person shares
// the duplicate key (person.ts) with clients already registered opens one review per earlier
// client. The review names clients and sites by id only; the administrator decides with the two
// sites: the same person (the records are linked) or different people (the flag is cleared).

export const DUPLICATE_REVIEW_STREAM_PREFIX = 'intake-duplicate-review-';
export const duplicateReviewStream = (reviewId: string) => `${DUPLICATE_REVIEW_STREAM_PREFIX}${reviewId}`;

export type DuplicateOutcome = 'same-person' | 'different-people';
export const DUPLICATE_OUTCOMES: readonly DuplicateOutcome[] = ['same-person', 'different-people'];

export type DuplicateReviewOpened = {
  type: 'DuplicateReviewOpened';
  data: { reviewId: string; clientId: string; siteId: string; possibleDuplicateOf: string; otherSiteId: string; openedAt: string };
};
export type DuplicateReviewResolved = {
  type: 'DuplicateReviewResolved';
  data: {
    reviewId: string;
    clientId: string;
    possibleDuplicateOf: string;
    outcome: DuplicateOutcome;
    resolvedBy: string;
    resolvedAt: string;
  };
};
export type DuplicateReviewEvent = DuplicateReviewOpened | DuplicateReviewResolved;

export type OpenDuplicateReview = { type: 'OpenDuplicateReview'; data: Omit<DuplicateReviewOpened['data'], 'openedAt'> };
export type ResolveDuplicateReview = {
  type: 'ResolveDuplicateReview';
  data: { reviewId: string; outcome: DuplicateOutcome; resolvedBy: string };
};
export type DuplicateReviewCommand = OpenDuplicateReview | ResolveDuplicateReview;

export type DuplicateReview =
  | { status: 'none' }
  | { status: 'open'; opened: DuplicateReviewOpened['data'] }
  | { status: 'resolved'; opened: DuplicateReviewOpened['data']; resolution: DuplicateReviewResolved['data'] };

export const duplicateReviewDecider: Decider<DuplicateReviewCommand, DuplicateReviewEvent, DuplicateReview> = {
  initialState: { status: 'none' },
  evolve: (state, event) => {
    if (event.type === 'DuplicateReviewOpened') return { status: 'open', opened: event.data };
    return state.status === 'none' ? state : { status: 'resolved', opened: state.opened, resolution: event.data };
  },
  decide: (command, state, now) => {
    if (command.type === 'OpenDuplicateReview') {
      // A retry of the registration opens nothing more.
      return state.status === 'none' ? [{ type: 'DuplicateReviewOpened', data: { ...command.data, openedAt: now.toISOString() } }] : [];
    }
    if (state.status === 'none') {
      throw new RuleBroken(`There is no duplicate review ${command.data.reviewId}.`, 'duplicate-review-not-found');
    }
    if (!DUPLICATE_OUTCOMES.includes(command.data.outcome)) {
      throw new RuleBroken(`outcome must be one of ${DUPLICATE_OUTCOMES.join(', ')}.`, 'duplicate-outcome-unknown');
    }
    if (state.status === 'resolved') {
      if (state.resolution.outcome === command.data.outcome) return [];
      throw new RuleBroken(
        `Duplicate review ${command.data.reviewId} was already resolved as ${state.resolution.outcome} on ${state.resolution.resolvedAt}.`,
        'duplicate-review-resolved',
      );
    }
    return [
      {
        type: 'DuplicateReviewResolved',
        data: {
          reviewId: command.data.reviewId,
          clientId: state.opened.clientId,
          possibleDuplicateOf: state.opened.possibleDuplicateOf,
          outcome: command.data.outcome,
          resolvedBy: command.data.resolvedBy,
          resolvedAt: now.toISOString(),
        },
      },
    ];
  },
};
