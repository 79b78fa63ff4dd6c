import { deciderSpec } from '@continuum/testing';
import { treatmentPlan } from './decide.js';
import {
  START,
  activePlan,
  addGoal,
  addIntervention,
  addObjective,
  addProblem,
  changeGoalStatus,
  createPlan,
  dayOfPlan,
  draftPlan,
  historyOf,
  on,
  planAfter,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(steps));
const today = on(START);

describe('problems', () => {
  it('adds a problem filed under an ASAM dimension', () =>
    given(createPlan())
      .when(addProblem({ dimension: 5 }), today)
      .then({ type: 'ProblemAdded', data: { planId: 'episode-1', problemId: 'problem-1', code: 'alcohol-use-disorder', dimension: 5 } }));

  it('refuses a dimension outside 1 to 6 and a missing code', () =>
    given(createPlan())
      .when(addProblem({ code: '', dimension: 7 as never }), today)
      .thenThrows(/code: .*dimension: use one of 1, 2, 3, 4, 5, 6/s, 'invalid-problem'));

  it('refuses a second problem with the same id', () =>
    given(...draftPlan())
      .when(addProblem({ code: 'opioid-use-disorder' }), today)
      .thenThrows(/problem-1 is already on the plan/, 'problem-exists'));
});

describe('goals', () => {
  it('adds a goal for an existing problem, proposed until agreed', () => {
    expect(planAfter(draftPlan())).toMatchObject({
      goals: [{ goalId: 'goal-1', problemId: 'problem-1', status: 'proposed', targetDate: dayOfPlan(90) }],
    });
  });

  it('refuses a goal for a problem the plan does not have, saying to add the problem first', () =>
    given(createPlan())
      .when(addGoal({ problemId: 'problem-9' }), today)
      .thenThrows(/no problem problem-9: add it first \(AddProblem\)/, 'unknown-problem'));

  it('refuses a target date in the past', () =>
    given(createPlan(), addProblem())
      .when(addGoal({ targetDate: '2026-01-04' }), today)
      .thenThrows(/targetDate: a new goal's target date is today \(2026-01-05\) or later/, 'invalid-goal'));

  it('allows new problems and goals after activation: the plan is a living document', () =>
    given(...activePlan())
      .when(addProblem({ problemId: 'problem-2', code: 'housing-instability' }), on(dayOfPlan(20)))
      .thenMatches({ type: 'ProblemAdded', data: { problemId: 'problem-2' } }));
});

describe('goal status', () => {
  const changedOn = dayOfPlan(10);

  it('moves a proposed goal to active, recording from where', () =>
    given(...draftPlan())
      .when(changeGoalStatus('goal-1', 'active'), on(changedOn))
      .then({ type: 'GoalStatusChanged', data: { planId: 'episode-1', goalId: 'goal-1', from: 'proposed', to: 'active', changedOn } }));

  it('does nothing when the goal already has that status', () =>
    given(...draftPlan(), changeGoalStatus('goal-1', 'active'))
      .when(changeGoalStatus('goal-1', 'active'))
      .thenNothingHappens());

  it('asks for a reason when a goal is not achieved or cancelled', () =>
    given(...draftPlan())
      .when(changeGoalStatus('goal-1', 'cancelled'), today)
      .thenThrows(/give a reasonCode when marking goal goal-1 cancelled/, 'reason-required'));

  it('closes a goal as not achieved with its reason', () =>
    given(...draftPlan(), changeGoalStatus('goal-1', 'active'))
      .when(changeGoalStatus('goal-1', 'not-achieved', 'client-declined'), today)
      .thenMatches({ type: 'GoalStatusChanged', data: { from: 'active', to: 'not-achieved', reasonCode: 'client-declined' } }));

  it('reopens a closed goal only as active, and only with a reason', () => {
    const achieved = [...draftPlan(), changeGoalStatus('goal-1', 'achieved')];
    given(...achieved)
      .when(changeGoalStatus('goal-1', 'cancelled', 'duplicate'), today)
      .thenThrows(/already closed \(achieved\): reopen it as active first/, 'goal-status-not-allowed');
    given(...achieved)
      .when(changeGoalStatus('goal-1', 'active'), today)
      .thenThrows(/give a reasonCode when reopening goal goal-1/, 'reason-required');
    given(...achieved)
      .when(changeGoalStatus('goal-1', 'active', 'relapse'), today)
      .thenMatches({ type: 'GoalStatusChanged', data: { from: 'achieved', to: 'active' } });
  });

  it('never sends a goal back to proposed', () =>
    given(...draftPlan(), changeGoalStatus('goal-1', 'active'))
      .when(changeGoalStatus('goal-1', 'proposed'), today)
      .thenThrows(/cannot go back to proposed/, 'goal-status-not-allowed'));

  it('refuses a status for a goal the plan does not have', () =>
    given(...draftPlan())
      .when(changeGoalStatus('goal-9', 'active'), today)
      .thenThrows(/no goal goal-9: add it first \(AddGoal\)/, 'unknown-goal'));
});

describe('objectives', () => {
  it('adds an objective that leads to an existing goal', () =>
    given(...draftPlan())
      .when(addObjective({ targetDate: dayOfPlan(30) }), today)
      .then({
        type: 'ObjectiveAdded',
        data: { planId: 'episode-1', objectiveId: 'objective-1', goalId: 'goal-1', code: 'identify-triggers', targetDate: dayOfPlan(30) },
      }));

  it('refuses an objective for a goal the plan does not have', () =>
    given(...draftPlan())
      .when(addObjective({ goalId: 'goal-9' }), today)
      .thenThrows(/no goal goal-9: add it first/, 'unknown-goal'));

  it('refuses an objective due after its goal', () =>
    given(...draftPlan())
      .when(addObjective({ targetDate: dayOfPlan(91) }), today)
      .thenThrows(/due on 2026-04-06, after its goal goal-1 \(2026-04-05\)/, 'objective-after-goal'));

  it('accepts an objective due on the goal’s own date', () =>
    given(...draftPlan())
      .when(addObjective({ targetDate: dayOfPlan(90) }), today)
      .thenMatches({ type: 'ObjectiveAdded' }));

  it('refuses an objective for a closed goal, saying to reopen it', () =>
    given(...draftPlan(), changeGoalStatus('goal-1', 'achieved'))
      .when(addObjective(), today)
      .thenThrows(/goal goal-1 is closed \(achieved\): reopen it/, 'goal-closed'));
});

describe('interventions', () => {
  it('adds an intervention from the programme’s list to an existing problem', () =>
    given(...draftPlan())
      .when(addIntervention({ kind: 'mat-naltrexone', frequencyPerWeek: 1 }), today)
      .then({
        type: 'InterventionAdded',
        data: {
          planId: 'episode-1',
          interventionId: 'intervention-1',
          problemId: 'problem-1',
          kind: 'mat-naltrexone',
          frequencyPerWeek: 1,
        },
      }));

  it('refuses an intervention that is not on the list, naming the list', () =>
    given(...draftPlan())
      .when(addIntervention({ kind: 'hypnosis' as never }), today)
      .thenThrows(/kind: use one of individual-therapy, .*case-management/, 'invalid-intervention'));

  it('refuses an intervention for a problem the plan does not have', () =>
    given(createPlan())
      .when(addIntervention(), today)
      .thenThrows(/no problem problem-1: add it first \(AddProblem\), then the interventions/, 'unknown-problem'));

  it('refuses a frequency of zero a week', () =>
    given(...draftPlan())
      .when(addIntervention({ frequencyPerWeek: 0 }), today)
      .thenThrows(/frequencyPerWeek: give how many times a week/, 'invalid-intervention'));
});
