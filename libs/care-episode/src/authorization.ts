import { type CalendarDate, calendarDateOf } from './calendar-date.js';
import { type Episode } from './episode.js';
import { type LevelOfCare, isSameLevel } from './levels.js';

// Utilisation review: what the payer authorised is kept apart from the level the clinician
// chose, and the gap between them is shown rather than resolved. A clinician never
// lowers care to fit an authorisation; the programme appeals or the client pays, and
// either way the record shows the two side by side.

export type AuthorizationVariance =
  /** Nothing recorded from a payer for this episode (self-pay, or a review still pending). */
  | { kind: 'no-authorization' }
  /**
   * Compared by edition and code, not by intensity: a payer that authorised 3rd-edition 2.1
   * for a client now coded 4th-edition 2.1 is shown, because the claim must match the code.
   */
  | { kind: 'level-differs'; clinicalLevel: LevelOfCare; authorizedLevel: LevelOfCare }
  | { kind: 'expired'; throughDate: CalendarDate; asOf: CalendarDate };

/**
 * The variances of an open or discharged episode on a given day (empty when the
 * authorisation covers the clinical level that day). For a discharged episode, pass the
 * discharge date to see whether the stay was covered to its end.
 */
export function authorizationVariance(episode: Episode, asOf: Date | CalendarDate): AuthorizationVariance[] {
  if (episode.status === 'not-opened') return [];
  const { authorization, level } = episode;
  if (!authorization) return [{ kind: 'no-authorization' }];
  const day = typeof asOf === 'string' ? asOf : calendarDateOf(asOf);
  const variances: AuthorizationVariance[] = [];
  if (!isSameLevel(authorization.level, level)) {
    variances.push({ kind: 'level-differs', clinicalLevel: level, authorizedLevel: authorization.level });
  }
  // The through date is the last covered day, so it expires the day after.
  if (day > authorization.throughDate) variances.push({ kind: 'expired', throughDate: authorization.throughDate, asOf: day });
  return variances;
}
