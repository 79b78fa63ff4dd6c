import { lengthOfStay, plannedEndOf, programmeLengthOf } from './length-of-stay.js';
import { type ClosedPlan, type OpenPlan } from './plan.js';
import { DEFAULT_PLAN_RULES, planRules } from './rules.js';
import { IOP, PHP, START, createPlan, dayOfPlan, discharge, extendProgramme, planAfter, relapse } from './testing/plan-fixtures.js';

// Length of stay against the programme's planned end (docs/domain/treatment-plan.md#length-of-stay).

const openPlan = (...steps: Parameters<typeof planAfter>[0]) => planAfter(steps) as OpenPlan;

describe('the planned end an admission sets', () => {
  it('is 90 days after the start for IOP, in both editions, and none for a level without a length', () => {
    expect(plannedEndOf(DEFAULT_PLAN_RULES, { level: IOP, startDate: START })).toBe('2026-04-05');
    expect(plannedEndOf(DEFAULT_PLAN_RULES, { level: { edition: 4, code: '2.1' }, startDate: START })).toBe('2026-04-05');
    expect(plannedEndOf(DEFAULT_PLAN_RULES, { level: PHP, startDate: START })).toBeUndefined();
  });

  it("follows the programme's own length before its level's", () => {
    const rules = planRules({ programmeLengthDays: { '3-2.1': 90, '3-2.5': 30, 'site-north/3-2.1/evening': 60 } });
    expect(programmeLengthOf(rules, IOP, 'site-north/3-2.1/evening')).toBe(60);
    expect(programmeLengthOf(rules, IOP, 'site-south/3-2.1/evening')).toBe(90);
    expect(programmeLengthOf(rules, PHP)).toBe(30);
    // 3rd-edition 2.5 (PHP) is not 4th-edition 2.5 (high-intensity outpatient).
    expect(programmeLengthOf(rules, { edition: 4, code: '2.5' })).toBeUndefined();
  });
});

describe('length of stay so far', () => {
  it('counts the days since the start against the planned 90', () => {
    expect(lengthOfStay(openPlan(createPlan()), dayOfPlan(30))).toEqual({
      startDate: START,
      asOf: dayOfPlan(30),
      daysSoFar: 30,
      plannedEndDate: '2026-04-05',
      plannedDays: 90,
      daysRemaining: 60,
      initialPlannedEndDate: '2026-04-05',
      extendedByDays: 0,
      extensions: 0,
      extensionsAfterRelapse: 0,
    });
  });

  it('counts nothing before a start that lies ahead (admitted on Friday for Monday)', () => {
    expect(lengthOfStay(openPlan(createPlan()), dayOfPlan(-3))).toMatchObject({ daysSoFar: 0, daysRemaining: 93 });
  });

  it('shows a stay past the planned end as days remaining below zero', () => {
    expect(lengthOfStay(openPlan(createPlan()), dayOfPlan(95))).toMatchObject({ daysSoFar: 95, daysRemaining: -5 });
  });

  it('measures the extension after a relapse: the planned end moves, the first one stays known', () => {
    const plan = openPlan(
      createPlan(),
      relapse('relapse-1', dayOfPlan(40), { extendProgramme: { newEndDate: dayOfPlan(120), reasonCode: 'relapse' } }),
      [extendProgramme(dayOfPlan(134)), dayOfPlan(100)],
    );
    expect(lengthOfStay(plan, dayOfPlan(100))).toMatchObject({
      plannedEndDate: dayOfPlan(134),
      plannedDays: 134,
      initialPlannedEndDate: '2026-04-05',
      extendedByDays: 44,
      extensions: 2,
      extensionsAfterRelapse: 1,
    });
  });

  it('counts a closed plan to its discharge day: 5 January to 4 April is 89 days', () => {
    const closed = planAfter([createPlan(), discharge('administrative', dayOfPlan(89))]) as ClosedPlan;
    expect(lengthOfStay(closed, dayOfPlan(120))).toMatchObject({ asOf: '2026-04-04', daysSoFar: 89, daysRemaining: 1 });
  });

  it('has no planned figures for a programme without a planned end', () => {
    expect(lengthOfStay(openPlan(createPlan({ level: PHP })), dayOfPlan(10))).toMatchObject({
      daysSoFar: 10,
      plannedEndDate: null,
      plannedDays: null,
      daysRemaining: null,
      initialPlannedEndDate: null,
      extendedByDays: null,
    });
  });
});
