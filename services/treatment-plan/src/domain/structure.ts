import { RuleBroken } from '@continuum/decider';
import { dayOf } from './calendar.js';
import { ASAM_DIMENSIONS, CLOSED_GOAL_STATUSES, GOAL_STATUSES, type GoalStatus, INTERVENTION_KINDS } from './codes.js';
import { type AddGoal, type AddIntervention, type AddObjective, type AddProblem, type ChangeGoalStatus } from './commands.js';
import { type PlanEvent } from './events.js';
import { type Goal, type OpenPlan } from './plan.js';
import { type ValidationProblem, isBlank, refuseIfInvalid, requireDate, requireOneOf, requireText } from './validation.js';

// Problems → goals → objectives → interventions
// (docs/domain/treatment-plan.md#problems-goals-objectives-interventions). Each piece
// serves one that already exists; a plan stays open to change after activation, because a
// treatment plan is a living document.

export function isGoalClosed(goal: Pick<Goal, 'status'>): boolean {
  return CLOSED_GOAL_STATUSES.includes(goal.status);
}

function findProblem(plan: OpenPlan, problemId: string, next: string) {
  const problem = plan.problems.find((candidate) => candidate.problemId === problemId);
  if (!problem)
    throw new RuleBroken(`the plan has no problem ${problemId}: add it first (AddProblem), then ${next}`, 'unknown-problem', { problemId });
  return problem;
}

function findGoal(plan: OpenPlan, goalId: string, next: string): Goal {
  const goal = plan.goals.find((candidate) => candidate.goalId === goalId);
  if (!goal) throw new RuleBroken(`the plan has no goal ${goalId}: add it first (AddGoal), then ${next}`, 'unknown-goal', { goalId });
  return goal;
}

export function addProblem(command: AddProblem, plan: OpenPlan): PlanEvent[] {
  const { problemId, code, dimension } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'problemId', problemId, 'give the problem an id');
  requireText(problems, 'code', code, 'give the problem code');
  if (dimension !== undefined) requireOneOf(problems, 'dimension', dimension, ASAM_DIMENSIONS);
  refuseIfInvalid('the problem cannot be added', 'invalid-problem', problems);
  if (plan.problems.some((problem) => problem.problemId === problemId)) {
    throw new RuleBroken(`problem ${problemId} is already on the plan: give a new problem a new id`, 'problem-exists', { problemId });
  }
  return [{ type: 'ProblemAdded', data: { planId: plan.planId, problemId, code, ...(dimension === undefined ? {} : { dimension }) } }];
}

export function addGoal(command: AddGoal, plan: OpenPlan, now: Date): PlanEvent[] {
  const { goalId, problemId, code, targetDate } = command.data;
  const today = dayOf(now);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'goalId', goalId, 'give the goal an id');
  requireText(problems, 'problemId', problemId, 'name the problem the goal serves');
  requireText(problems, 'code', code, 'give the goal code');
  requireDate(problems, 'targetDate', targetDate, {
    notBefore: { date: today, message: `a new goal's target date is today (${today}) or later` },
  });
  refuseIfInvalid('the goal cannot be added', 'invalid-goal', problems);
  findProblem(plan, problemId, 'the goals that serve it');
  if (plan.goals.some((goal) => goal.goalId === goalId)) {
    throw new RuleBroken(`goal ${goalId} is already on the plan: give a new goal a new id`, 'goal-exists', { goalId });
  }
  return [{ type: 'GoalAdded', data: { planId: plan.planId, goalId, problemId, code, targetDate } }];
}

// Why a goal was given up matters to the next clinician and to the auditor.
const STATUSES_NEEDING_A_REASON: readonly GoalStatus[] = ['not-achieved', 'cancelled'];

export function changeGoalStatus(command: ChangeGoalStatus, plan: OpenPlan, now: Date): PlanEvent[] {
  const { goalId, status, reasonCode } = command.data;
  const problems: ValidationProblem[] = [];
  requireOneOf(problems, 'status', status, GOAL_STATUSES);
  if (reasonCode !== undefined) requireText(problems, 'reasonCode', reasonCode, 'give the reason as a code, or leave it out');
  refuseIfInvalid('the goal status cannot be changed', 'invalid-goal-status', problems);
  const goal = findGoal(plan, goalId, 'change its status');
  if (goal.status === status) return [];
  if (status === 'proposed') {
    throw new RuleBroken(
      `goal ${goalId} is ${goal.status}; a goal cannot go back to proposed: cancel it and propose a new one instead`,
      'goal-status-not-allowed',
    );
  }
  if (isGoalClosed(goal) && status !== 'active') {
    throw new RuleBroken(
      `goal ${goalId} is already closed (${goal.status}): reopen it as active first, with a reason`,
      'goal-status-not-allowed',
    );
  }
  const reopening = isGoalClosed(goal);
  if ((reopening || STATUSES_NEEDING_A_REASON.includes(status)) && isBlank(reasonCode)) {
    const act = reopening ? `reopening goal ${goalId}` : `marking goal ${goalId} ${status}`;
    throw new RuleBroken(`give a reasonCode when ${act}: the reason stays on the plan's record`, 'reason-required', { goalId });
  }
  return [
    {
      type: 'GoalStatusChanged',
      data: {
        planId: plan.planId,
        goalId,
        from: goal.status,
        to: status,
        ...(reasonCode === undefined ? {} : { reasonCode }),
        changedOn: dayOf(now),
      },
    },
  ];
}

export function addObjective(command: AddObjective, plan: OpenPlan, now: Date): PlanEvent[] {
  const { objectiveId, goalId, code, targetDate } = command.data;
  const today = dayOf(now);
  const problems: ValidationProblem[] = [];
  requireText(problems, 'objectiveId', objectiveId, 'give the objective an id');
  requireText(problems, 'goalId', goalId, 'name the goal the objective leads to');
  requireText(problems, 'code', code, 'give the objective code');
  if (targetDate !== undefined) {
    requireDate(problems, 'targetDate', targetDate, {
      notBefore: { date: today, message: `a new objective's target date is today (${today}) or later` },
    });
  }
  refuseIfInvalid('the objective cannot be added', 'invalid-objective', problems);
  const goal = findGoal(plan, goalId, 'the objectives that lead to it');
  if (isGoalClosed(goal)) {
    throw new RuleBroken(
      `goal ${goalId} is closed (${goal.status}): reopen it as active before adding objectives, or add them to another goal`,
      'goal-closed',
      { goalId },
    );
  }
  // An objective is a step towards its goal, so it cannot be due after the goal itself.
  if (targetDate !== undefined && targetDate > goal.targetDate) {
    throw new RuleBroken(
      `objective ${objectiveId} would be due on ${targetDate}, after its goal ${goalId} (${goal.targetDate}): set it on or before the goal's date, or move the goal's date`,
      'objective-after-goal',
      { goalTargetDate: goal.targetDate },
    );
  }
  if (plan.objectives.some((objective) => objective.objectiveId === objectiveId)) {
    throw new RuleBroken(`objective ${objectiveId} is already on the plan: give a new objective a new id`, 'objective-exists', {
      objectiveId,
    });
  }
  return [
    {
      type: 'ObjectiveAdded',
      data: { planId: plan.planId, objectiveId, goalId, code, ...(targetDate === undefined ? {} : { targetDate }) },
    },
  ];
}

export function addIntervention(command: AddIntervention, plan: OpenPlan): PlanEvent[] {
  const { interventionId, problemId, kind, frequencyPerWeek } = command.data;
  const problems: ValidationProblem[] = [];
  requireText(problems, 'interventionId', interventionId, 'give the intervention an id');
  requireText(problems, 'problemId', problemId, 'name the problem the intervention serves');
  requireOneOf(problems, 'kind', kind, INTERVENTION_KINDS);
  if (frequencyPerWeek !== undefined && !(Number.isFinite(frequencyPerWeek) && frequencyPerWeek > 0 && frequencyPerWeek <= 21)) {
    problems.push({ field: 'frequencyPerWeek', message: 'give how many times a week, more than 0 and at most 21, or leave it out' });
  }
  refuseIfInvalid('the intervention cannot be added', 'invalid-intervention', problems);
  findProblem(plan, problemId, 'the interventions that serve it');
  if (plan.interventions.some((intervention) => intervention.interventionId === interventionId)) {
    throw new RuleBroken(`intervention ${interventionId} is already on the plan: give a new intervention a new id`, 'intervention-exists', {
      interventionId,
    });
  }
  return [
    {
      type: 'InterventionAdded',
      data: { planId: plan.planId, interventionId, problemId, kind, ...(frequencyPerWeek === undefined ? {} : { frequencyPerWeek }) },
    },
  ];
}
