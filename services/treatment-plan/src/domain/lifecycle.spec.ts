import { fold } from '@continuum/decider';
import { decide } from './decide.js';
import { dischargeReadiness } from './discharge.js';
import { type PlanCommand } from './commands.js';
import { type PlanEvent } from './events.js';
import { type Plan, evolve, initialPlan } from './plan.js';
import { DEFAULT_PLAN_RULES } from './rules.js';
import { sobrietyStreak } from './sobriety.js';
import {
  IOP,
  PHP,
  addGoal,
  addIntervention,
  addProblem,
  changeGoalStatus,
  closeWeek,
  createPlan,
  dayOfPlan,
  discharge,
  drugTest,
  late,
  levelChange,
  on,
  relapse,
  review,
  session,
  sign,
} from './testing/plan-fixtures.js';

// One IOP episode told from admission to a completed discharge, through the plan's rules
// only: the story the service's system test tells over HTTP and Kafka.

class PlanStory {
  state: Plan = initialPlan;
  readonly events: PlanEvent[] = [];

  on(day: string, ...commands: PlanCommand[]): PlanEvent[] {
    const decided: PlanEvent[] = [];
    for (const command of commands) {
      const events = decide(command, this.state, on(day));
      this.state = fold(evolve, this.state, events);
      decided.push(...events);
    }
    this.events.push(...decided);
    return decided;
  }

  readiness(day: string) {
    if (this.state.status === 'not-created') throw new Error('no plan yet');
    return dischargeReadiness(this.state, day, DEFAULT_PLAN_RULES);
  }
}

const types = (events: PlanEvent[]) => events.map((event) => event.type);
const threeHourSessions = (weekStart: number, days: number) =>
  Array.from({ length: days }, (_, offset) => session(`session-${weekStart + offset}`, dayOfPlan(weekStart + offset), 3));

it('carries a client from a draft plan through a relapse and a step-up to a completed discharge', () => {
  const story = new PlanStory();

  story.on(dayOfPlan(0), createPlan(), addProblem(), addGoal(), addIntervention({ kind: 'relapse-prevention' }), sign('clinician'));
  expect(types(story.on(dayOfPlan(1), sign('client')))).toEqual(['PlanSigned', 'PlanActivated']);

  // Week 1: a full IOP week, dose met.
  story.on(
    dayOfPlan(6),
    ...threeHourSessions(0, 3).map((entry) => late(entry)),
    late(drugTest('test-1', dayOfPlan(4), 'negative'), 'result-received-late'),
  );
  expect(types(story.on(dayOfPlan(7), closeWeek(dayOfPlan(0))))).toEqual(['WeekDoseMet']);

  // Week 2: two sessions, a positive test, then a relapse four days on (a second use, beyond
  // alcohol's three days in urine): under-dosed, revision, step-up recommended.
  story.on(dayOfPlan(9), ...threeHourSessions(7, 2).map((entry) => late(entry)), drugTest('test-2', dayOfPlan(9), 'positive'));
  expect(types(story.on(dayOfPlan(13), relapse('relapse-1', dayOfPlan(13))))).toEqual(['RelapseRecorded', 'StepUpRecommended']);
  expect(story.state.status).toBe('revision-required');
  expect(types(story.on(dayOfPlan(14), closeWeek(dayOfPlan(7))))).toEqual(['WeekUnderDosed']);

  // The ledger steps the client up to PHP; the plan is revised at review.
  story.on(dayOfPlan(14), levelChange(PHP, dayOfPlan(14)), review({ outcomeCode: 'step-up-to-php' }));
  expect(story.state).toMatchObject({ status: 'active', level: PHP });
  story.on(
    dayOfPlan(20),
    ...Array.from({ length: 5 }, (_, offset) => late(session(`php-${offset}`, dayOfPlan(14 + offset), 4))),
    drugTest('test-3', dayOfPlan(20), 'negative'),
  );
  expect(story.on(dayOfPlan(21), closeWeek(dayOfPlan(14)))).toMatchObject([
    { type: 'WeekDoseMet', data: { hours: 20, minimum: 20, level: PHP } },
  ]);

  // Back down to IOP; sober since the relapse, with a negative test and a session each week.
  for (const day of [22, 29, 36, 42])
    story.on(dayOfPlan(day), drugTest(`weekly-${day}`, dayOfPlan(day), 'negative'), session(`iop-${day}`, dayOfPlan(day), 3));
  story.on(dayOfPlan(28), levelChange(IOP, dayOfPlan(28)));
  story.on(dayOfPlan(42), changeGoalStatus('goal-1', 'achieved'));
  expect(story.readiness(dayOfPlan(42))).toMatchObject({ ready: false, soberDays: 29 });
  expect(() => story.on(dayOfPlan(42), discharge('completed'))).toThrow(/29 consecutive sober days backed by evidence of the 30 needed/);

  expect(story.readiness(dayOfPlan(43))).toMatchObject({ ready: true, soberDays: 30, openGoals: 0 });
  expect(story.on(dayOfPlan(43), discharge('completed'))).toMatchObject([
    { type: 'PlanClosed', data: { disposition: 'completed', date: dayOfPlan(43) } },
  ]);
  expect(story.state.status).toBe('closed');
  expect(story.state.status !== 'not-created' && sobrietyStreak(story.state, dayOfPlan(43))).toBe(30);
  // The relapse never closed the plan: the only close is the clinician's discharge.
  expect(types(story.events).filter((type) => type === 'PlanClosed')).toHaveLength(1);
});
