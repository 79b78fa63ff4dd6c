import { deciderSpec } from '@continuum/testing';
import { weeklyHours, weeklyIndividualMinimum, weeklyMinimum } from './attendance.js';
import { addDays } from './calendar.js';
import { treatmentPlan } from './decide.js';
import { DEFAULT_PLAN_RULES, planRules } from './rules.js';
import {
  IOP,
  OP,
  PHP,
  START,
  type Step,
  closeWeek,
  createPlan,
  dayOfPlan,
  historyOf,
  levelChange,
  on,
  planAfter,
  session,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
const afterWeek = on(dayOfPlan(7));

/** Sessions on the week's first days adding up to `total` hours (3-hour sessions, the rest last). */
function sessionsTotalling(total: number, weekStart = START): Step[] {
  const steps: Step[] = [];
  let left = total;
  for (let day = 0; left > 0; day++) {
    const hours = Math.min(3, Math.round(left * 100) / 100);
    steps.push(session(`session-${weekStart}-${day}`, addDays(weekStart, day), hours));
    left = Math.round((left - hours) * 100) / 100;
  }
  return steps;
}

describe('recording sessions', () => {
  it('records an attended session with its hours', () =>
    given(createPlan())
      .when(
        { type: 'RecordSession', data: { sessionId: 'session-1', date: START, hours: 3, attended: true, kind: 'group-counselling' } },
        on(START),
      )
      .then({
        type: 'SessionAttended',
        data: { planId: 'episode-1', sessionId: 'session-1', date: START, hours: 3, kind: 'group-counselling' },
      }));

  it('records a missed session with the hours it was scheduled for', () =>
    given(createPlan())
      .when(session('session-1', START, 3, false), on(START))
      .then({ type: 'SessionMissed', data: { planId: 'episode-1', sessionId: 'session-1', date: START, hours: 3 } }));

  it('records the same session once, however often it is sent', () =>
    given(createPlan(), session('session-1', START, 3))
      .when(session('session-1', START, 3), on(START))
      .thenNothingHappens());

  it('refuses a session in the future, before the plan, or of no length, naming each', () => {
    given(createPlan())
      .when(session('session-1', dayOfPlan(1), 3), on(START))
      .thenThrows(
        /date: the session is recorded once it has happened: 2026-01-06 is after today \(2026-01-05\) at the site/,
        'invalid-session',
      );
    given(createPlan())
      .when(session('session-1', '2026-01-04', 3), on(START))
      .thenThrows(/the plan started on 2026-01-05/, 'invalid-session');
    given(createPlan())
      .when(session('session-1', START, 0), on(START))
      .thenThrows(/hours: give the session length in hours/, 'invalid-session');
  });

  it('counts only attended hours in the week, Monday to Sunday', () => {
    const plan = planAfter([
      createPlan(),
      session('s1', START, 3),
      session('s2', dayOfPlan(2), 3, false),
      session('s3', dayOfPlan(6), 2.5),
      session('s4', dayOfPlan(7), 3),
    ]);
    expect(plan.status !== 'not-created' && weeklyHours(plan, START)).toBe(5.5);
  });
});

/** IOP asks for two individual sessions a week beside its hours (none of the sessions above is one); PHP sets no such minimum. */
const individual = (level: typeof IOP) => (level === IOP ? { individualSessions: 0, individualSessionsMinimum: 2 } : {});

describe('closing a week against the level’s minimum', () => {
  it.each([
    ['an adult in IOP', 'adult', IOP, 8.9, 9],
    ['an adolescent in IOP', 'adolescent', IOP, 5.9, 6],
    ['a client in PHP', 'adult', PHP, 19.9, 20],
  ] as const)('raises an under-dosed alert for %s just below the minimum, and none at it', (_who, population, level, below, minimum) => {
    given(createPlan({ population, level }), ...sessionsTotalling(below))
      .when(closeWeek(START), afterWeek)
      .then({
        type: 'WeekUnderDosed',
        data: { planId: 'episode-1', weekStart: START, hours: below, minimum, level, ...individual(level) },
      });
    given(createPlan({ population, level }), ...sessionsTotalling(minimum))
      .when(closeWeek(START), afterWeek)
      .then({ type: 'WeekDoseMet', data: { planId: 'episode-1', weekStart: START, hours: minimum, minimum, level, ...individual(level) } });
  });

  it('does not count a missed session towards the dose', () =>
    given(createPlan(), ...sessionsTotalling(6), session('missed', dayOfPlan(4), 3, false))
      .when(closeWeek(START), afterWeek)
      .thenMatches({ type: 'WeekUnderDosed', data: { hours: 6, minimum: 9 } }));

  it('raises no alert for outpatient, which has no weekly minimum', () =>
    given(createPlan({ level: OP }), session('s1', START, 1))
      .when(closeWeek(START), afterWeek)
      .thenNothingHappens());

  it('closes each week once, however often the scheduler asks', () =>
    given(createPlan(), ...sessionsTotalling(4), closeWeek(START))
      .when(closeWeek(START), on(dayOfPlan(9)))
      .thenNothingHappens());

  it('refuses a week that is not over yet, saying when to close it', () =>
    given(createPlan())
      .when(closeWeek(START), on(dayOfPlan(6)))
      .thenThrows(/runs until 2026-01-11: close it from 2026-01-12 on/, 'week-not-over'));

  it('refuses a week that does not start on a Monday', () =>
    given(createPlan())
      .when(closeWeek(dayOfPlan(1)), on(dayOfPlan(14)))
      .thenThrows(/give the Monday the week starts on \(2026-01-06 is not a Monday\)/, 'invalid-week'));

  it('refuses a week that ended before the plan started', () =>
    given(createPlan())
      .when(closeWeek('2025-12-29'), afterWeek)
      .thenThrows(/the plan started on 2026-01-05, after the week of 2025-12-29/, 'week-before-plan'));
});

describe('the level the plan recorded for the week', () => {
  it('checks a week after a step-up against the new level', () =>
    given(createPlan(), levelChange(PHP, dayOfPlan(7)), ...sessionsTotalling(12, dayOfPlan(7)))
      .when(closeWeek(dayOfPlan(7)), on(dayOfPlan(14)))
      .thenMatches({ type: 'WeekUnderDosed', data: { hours: 12, minimum: 20, level: PHP } }));

  it('checks the week before the step-up against the level it had', () =>
    given(createPlan(), ...sessionsTotalling(9), levelChange(PHP, dayOfPlan(7)))
      .when(closeWeek(START), on(dayOfPlan(8)))
      .thenMatches({ type: 'WeekDoseMet', data: { hours: 9, minimum: 9, level: IOP } }));

  it('asks each day’s share of its level’s minimum in a week the level changed', () => {
    // Monday to Wednesday in IOP (3 × 9/7), Thursday to Sunday in PHP (4 × 20/7): 15.29 hours.
    const plan = planAfter([createPlan(), levelChange(PHP, dayOfPlan(3))]);
    if (plan.status === 'not-created') throw new Error('no plan');
    expect(weeklyMinimum(plan, START, DEFAULT_PLAN_RULES)).toEqual({ minimum: 15.29, level: PHP });
  });

  it('asks only for the days in treatment in the week the plan started', () => {
    // Admitted to IOP on a Thursday: four days of the week, 4 × 9/7 = 5.14 hours.
    given(createPlan({ startDate: dayOfPlan(3) }), ...sessionsTotalling(5.1, dayOfPlan(3)))
      .when(closeWeek(START), afterWeek)
      .thenMatches({ type: 'WeekUnderDosed', data: { hours: 5.1, minimum: 5.14 } });
    given(createPlan({ startDate: dayOfPlan(3) }), ...sessionsTotalling(6, dayOfPlan(3)))
      .when(closeWeek(START), afterWeek)
      .thenMatches({ type: 'WeekDoseMet', data: { hours: 6, minimum: 5.14 } });
  });

  it('does nothing when the plan learns of the level it already records', () =>
    given(createPlan())
      .when(levelChange(IOP, dayOfPlan(3)))
      .thenNothingHappens());

  it('records a level change with where it came from', () =>
    given(createPlan())
      .when(levelChange(PHP, dayOfPlan(3)), on(dayOfPlan(3)))
      .then({ type: 'PlanLevelUpdated', data: { planId: 'episode-1', from: IOP, to: PHP, effectiveDate: dayOfPlan(3) } }));

  it('refuses a level change dated before the last one', () =>
    given(createPlan(), levelChange(PHP, dayOfPlan(10)))
      .when(levelChange(IOP, dayOfPlan(9)), on(dayOfPlan(11)))
      .thenThrows(/last changed on 2026-01-15: a change effective 2026-01-14 would rewrite that history/, 'level-change-out-of-order'));
});

describe('individual sessions beside the hours', () => {
  it('reports the individual-therapy sessions of the week against the programme’s minimum of two for IOP', () => {
    const individual = (id: string, day: number) => ({
      ...session(id, dayOfPlan(day), 3),
      data: { ...session(id, dayOfPlan(day), 3).data, kind: 'individual-therapy' },
    });
    given(createPlan(), individual('i1', 0), individual('i2', 2), session('g1', dayOfPlan(4), 3))
      .when(closeWeek(START), afterWeek)
      .thenMatches({ type: 'WeekDoseMet', data: { hours: 9, individualSessions: 2, individualSessionsMinimum: 2 } });
    given(createPlan(), individual('i1', 0), session('g1', dayOfPlan(2), 3), session('g2', dayOfPlan(4), 3))
      .when(closeWeek(START), afterWeek)
      .thenMatches({ type: 'WeekDoseMet', data: { hours: 9, individualSessions: 1, individualSessionsMinimum: 2 } });
  });

  it('asks a partial first week for its share, rounded down, and takes the figure from the network’s rules', () => {
    expect(
      weeklyIndividualMinimum(
        { startDate: dayOfPlan(3), levelHistory: [{ level: IOP, effectiveDate: dayOfPlan(3) }] },
        START,
        DEFAULT_PLAN_RULES,
      ),
    ).toBe(1);
    expect(
      weeklyIndividualMinimum(
        { startDate: START, levelHistory: [{ level: IOP, effectiveDate: START }] },
        START,
        planRules({ individualSessionsPerWeek: { '3-2.1': 3 } }),
      ),
    ).toBe(3);
    expect(
      weeklyIndividualMinimum({ startDate: START, levelHistory: [{ level: PHP, effectiveDate: START }] }, START, DEFAULT_PLAN_RULES),
    ).toBeUndefined();
  });
});
