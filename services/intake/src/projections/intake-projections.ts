import { type Projection } from '@continuum/read-store';
import { intakeDuplicateReviewsProjection } from './duplicate-review-list.js';
import { intakeClientsProjection } from './intake-clients.projection.js';
import { intakeConsentsProjection } from './intake-consents.projection.js';
import { intakeSafetyFollowUpsProjection } from './intake-safety-follow-ups.projection.js';

/** Every projection of the intake service: the runner feeds them, `projections:rebuild intake` rebuilds them. */
export const intakeProjections: readonly Projection[] = [
  intakeClientsProjection,
  intakeConsentsProjection,
  intakeSafetyFollowUpsProjection,
  intakeDuplicateReviewsProjection,
];
