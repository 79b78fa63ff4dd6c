import { type CalendarDate, type LevelOfCare } from '@continuum/care-episode';
import { addDays, daysBetween } from './calendar.js';
import { type ClosedPlan, type OpenPlan } from './plan.js';
import { type PlanRules } from './rules.js';

// Length of stay (docs/domain/treatment-plan.md#length-of-stay). An admission sets the
// programme's planned end from its configured length (IOP 90 days unless the network says
// otherwise), so that how long a client stays, against how long was planned, and how much the
// extensions after a relapse added, are measured rather than guessed. Days are counted as the
// discharge day minus the admission day: a client admitted on 5 January and discharged on
// 4 April stayed 89 days.

/** `3-2.1`: a level as the programme lengths name it, edition first (3rd-edition 2.5 is not 4th-edition 2.5). */
export function levelKeyOf(level: LevelOfCare): string {
  return `${level.edition}-${level.code}`;
}

/** The programme's configured length in days: the programme's own, else its level's, else none. */
export function programmeLengthOf(
  rules: Pick<PlanRules, 'programmeLengthDays'>,
  level: LevelOfCare,
  programmeId?: string,
): number | undefined {
  const lengths = rules.programmeLengthDays;
  return (programmeId === undefined ? undefined : lengths[programmeId]) ?? lengths[levelKeyOf(level)];
}

/** The planned end of a programme that starts on `startDate`, when its length is configured. */
export function plannedEndOf(
  rules: Pick<PlanRules, 'programmeLengthDays'>,
  programme: { level: LevelOfCare; programmeId?: string; startDate: CalendarDate },
): CalendarDate | undefined {
  const days = programmeLengthOf(rules, programme.level, programme.programmeId);
  return days === undefined ? undefined : addDays(programme.startDate, days);
}

export type LengthOfStay = {
  startDate: CalendarDate;
  /** The day the stay is counted to: today, or the discharge day of a closed plan. */
  asOf: CalendarDate;
  /** Days from the start to `asOf`; 0 before a start that lies ahead. */
  daysSoFar: number;
  /** The planned end now, extensions included; null when the programme has none. */
  plannedEndDate: CalendarDate | null;
  /** Days from the start to the planned end. */
  plannedDays: number | null;
  /** Days from `asOf` to the planned end: negative once the client stays past it. */
  daysRemaining: number | null;
  /** The planned end the plan was drafted with at admission. */
  initialPlannedEndDate: CalendarDate | null;
  /** Days the extensions added to the planned end drafted at admission. */
  extendedByDays: number | null;
  extensions: number;
  /** Extensions that came with a recorded relapse. */
  extensionsAfterRelapse: number;
};

export function lengthOfStay(plan: OpenPlan | ClosedPlan, today: CalendarDate): LengthOfStay {
  const asOf = plan.status === 'closed' ? plan.closedOn : today;
  const { startDate } = plan;
  const plannedEndDate = plan.plannedEndDate ?? null;
  const initialPlannedEndDate = plan.initialPlannedEndDate ?? null;
  return {
    startDate,
    asOf,
    daysSoFar: Math.max(0, daysBetween(startDate, asOf)),
    plannedEndDate,
    plannedDays: plannedEndDate === null ? null : daysBetween(startDate, plannedEndDate),
    daysRemaining: plannedEndDate === null ? null : daysBetween(asOf, plannedEndDate),
    initialPlannedEndDate,
    extendedByDays: plannedEndDate === null || initialPlannedEndDate === null ? null : daysBetween(initialPlannedEndDate, plannedEndDate),
    extensions: plan.extensions.length,
    extensionsAfterRelapse: plan.extensions.filter((extension) => extension.relapseId !== undefined).length,
  };
}
