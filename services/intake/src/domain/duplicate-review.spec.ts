import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { type DuplicateReviewOpened, duplicateReviewDecider } from './duplicate-review.js';

const spec = deciderSpec(duplicateReviewDecider);
const at = DEFAULT_NOW.toISOString();
const opening = {
  reviewId: 'review-1',
  clientId: 'client-2',
  siteId: 'site-south',
  possibleDuplicateOf: 'client-1',
  otherSiteId: 'site-north',
};
const opened: DuplicateReviewOpened = { type: 'DuplicateReviewOpened', data: { ...opening, openedAt: at } };
const resolve = (outcome: string) =>
  ({ type: 'ResolveDuplicateReview', data: { reviewId: 'review-1', outcome, resolvedBy: 'admin-1' } }) as const as Parameters<
    typeof duplicateReviewDecider.decide
  >[0];

describe('a duplicate review for the network administrator', () => {
  it('opens with the two clients and their sites, by id', () =>
    spec.given().when({ type: 'OpenDuplicateReview', data: opening }).then(opened));

  it('opens once, however often the registration is retried', () =>
    spec.given(opened).when({ type: 'OpenDuplicateReview', data: opening }).thenNothingHappens());

  it.each(['same-person', 'different-people'])('is resolved as %s, by whom and when', (outcome) =>
    spec
      .given(opened)
      .when(resolve(outcome))
      .then({
        type: 'DuplicateReviewResolved',
        data: {
          reviewId: 'review-1',
          clientId: 'client-2',
          possibleDuplicateOf: 'client-1',
          outcome: outcome as 'same-person',
          resolvedBy: 'admin-1',
          resolvedAt: at,
        },
      }),
  );

  it('refuses an outcome it does not know', () =>
    spec
      .given(opened)
      .when(resolve('maybe'))
      .thenThrows(/outcome must be one of/, 'duplicate-outcome-unknown'));

  it('takes the same resolution again as already done', () =>
    spec
      .given(opened, {
        type: 'DuplicateReviewResolved',
        data: {
          reviewId: 'review-1',
          clientId: 'client-2',
          possibleDuplicateOf: 'client-1',
          outcome: 'same-person',
          resolvedBy: 'admin-1',
          resolvedAt: at,
        },
      })
      .when(resolve('same-person'))
      .thenNothingHappens());

  it('refuses to change a resolution', () =>
    spec
      .given(opened, {
        type: 'DuplicateReviewResolved',
        data: {
          reviewId: 'review-1',
          clientId: 'client-2',
          possibleDuplicateOf: 'client-1',
          outcome: 'same-person',
          resolvedBy: 'admin-1',
          resolvedAt: at,
        },
      })
      .when(resolve('different-people'))
      .thenThrows(/already resolved as same-person/, 'duplicate-review-resolved'));

  it('refuses to resolve a review never opened', () =>
    spec
      .given()
      .when(resolve('same-person'))
      .thenThrows(/no duplicate review/));
});
