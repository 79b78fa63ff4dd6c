import { deciderSpec } from '@continuum/testing';
import { type DrawRandomTests, drawSelections, randomDraw } from './random-draws.js';

const MONDAY = '2026-01-05';
const candidates = Array.from({ length: 8 }, (_, index) => `plan-${index + 1}`);
const draw = (data: Partial<DrawRandomTests['data']> = {}): DrawRandomTests => ({
  type: 'DrawRandomTests',
  data: {
    siteId: 'site-north',
    weekStart: MONDAY,
    seed: 'seed-1',
    ratePercent: 25,
    candidatePlanIds: candidates,
    drawnBy: 'case-manager-3',
    ...data,
  },
});
const spec = deciderSpec(randomDraw);

describe('random drug-test selection', () => {
  it('draws the rate’s share of the open plans, each on a weekday of the week, recording seed and candidates', () => {
    const [drawn] = randomDraw.decide(draw(), randomDraw.initialState, new Date(`${MONDAY}T08:00:00Z`));
    expect(drawn!.data).toMatchObject({
      siteId: 'site-north',
      weekStart: MONDAY,
      seed: 'seed-1',
      ratePercent: 25,
      candidatePlanIds: [...candidates].sort(),
    });
    expect(drawn!.data.selections).toHaveLength(2);
    for (const selection of drawn!.data.selections) {
      expect(candidates).toContain(selection.planId);
      expect(selection.date >= MONDAY && selection.date <= '2026-01-09').toBe(true);
    }
  });

  it('is reproducible: the same seed and candidates, in any order, draw the same clients on the same days; another seed may not', () => {
    const first = drawSelections('seed-1', candidates, 25, MONDAY);
    expect(drawSelections('seed-1', [...candidates].reverse(), 25, MONDAY)).toEqual(first);
    const others = ['seed-2', 'seed-3', 'seed-4', 'seed-5'].map((seed) => drawSelections(seed, candidates, 25, MONDAY));
    expect(others.some((other) => JSON.stringify(other) !== JSON.stringify(first))).toBe(true);
  });

  it('draws at least one when the rate is above 0, none at 0, everyone at 100', () => {
    expect(drawSelections('s', ['only'], 1, MONDAY)).toHaveLength(1);
    expect(drawSelections('s', candidates, 0, MONDAY)).toEqual([]);
    expect(drawSelections('s', candidates, 100, MONDAY)).toHaveLength(8);
  });

  it('draws once per site and week: a second draw changes nothing', () =>
    spec
      .given(...randomDraw.decide(draw(), randomDraw.initialState, new Date()))
      .when(draw({ seed: 'seed-2' }))
      .thenNothingHappens());

  it('refuses a week that does not start on Monday, a rate outside 0–100 and a site with no open plan', () => {
    spec
      .given()
      .when(draw({ weekStart: '2026-01-06', ratePercent: 101 }))
      .thenThrows(/weekStart: .*not a Monday.*ratePercent: give the rate/s, 'invalid-random-draw');
    spec
      .given()
      .when(draw({ candidatePlanIds: [] }))
      .thenThrows(/no open plan at site-north/, 'nothing-to-draw');
  });
});
