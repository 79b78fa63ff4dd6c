import { DEFAULT_PLAN_RULES, type OpenPlan, evolve, initialPlan, mondayOf, weeksToClose } from './index.js';

const IOP = { edition: 3 as const, code: '2.1' };
const OUTPATIENT = { edition: 3 as const, code: '1' };

function planStartingOn(startDate: string, level = IOP): OpenPlan {
  const plan = evolve(initialPlan, {
    type: 'PlanDrafted',
    data: {
      planId: 'plan-1',
      episodeId: 'plan-1',
      clientId: 'client-1',
      siteId: 'site-north',
      level,
      population: 'adult',
      startDate,
      draftedAt: `${startDate}T09:00:00.000Z`,
    },
  });
  return plan as OpenPlan;
}

const closedWeek = (plan: OpenPlan, weekStart: string): OpenPlan =>
  evolve(plan, { type: 'WeekDoseMet', data: { planId: plan.planId, weekStart, hours: 9, minimum: 9, level: IOP } }) as OpenPlan;

describe('the weeks the scheduler closes', () => {
  it('finds the Monday of any day of the week, Sunday included', () => {
    expect(['2026-01-05', '2026-01-07', '2026-01-11'].map(mondayOf)).toEqual(['2026-01-05', '2026-01-05', '2026-01-05']);
    expect(mondayOf('2026-01-12')).toBe('2026-01-12');
  });

  it('closes every week that is over, from the week the plan started, and not the week still running', () => {
    expect(weeksToClose(planStartingOn('2026-01-07'), '2026-01-21', DEFAULT_PLAN_RULES)).toEqual(['2026-01-05', '2026-01-12']);
    expect(weeksToClose(planStartingOn('2026-01-07'), '2026-01-11', DEFAULT_PLAN_RULES)).toEqual([]);
  });

  it('leaves out the weeks already closed', () => {
    const plan = closedWeek(closedWeek(planStartingOn('2026-01-05'), '2026-01-05'), '2026-01-12');
    expect(weeksToClose(plan, '2026-01-26', DEFAULT_PLAN_RULES)).toEqual(['2026-01-19']);
  });

  it('asks nothing of an outpatient plan, whose weeks set no minimum', () => {
    expect(weeksToClose(planStartingOn('2026-01-05', OUTPATIENT), '2026-03-02', DEFAULT_PLAN_RULES)).toEqual([]);
  });
});
