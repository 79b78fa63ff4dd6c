import { type CalendarDate } from '@continuum/care-episode';
import { type Decider, RuleBroken } from '@continuum/decider';
import { addDays, isMonday } from './calendar.js';
import { type ValidationProblem, refuseIfInvalid, requireDate, requireText } from './validation.js';

// Random drug-test selection (docs/domain/medication-and-toxicology.md#random-selection): once
// a week per site, a share of the site's open plans is drawn, each with a weekday to be
// tested on. The seed is chosen by the service and recorded in the event with the candidates,
// so the draw can be replayed and checked, and this decider stays pure: the same seed and
// candidates always draw the same clients on the same days.

export const RANDOM_DRAW_STREAM_PREFIX = 'random-test-draw-';

export function randomDrawStream(siteId: string, weekStart: CalendarDate): string {
  return `${RANDOM_DRAW_STREAM_PREFIX}${siteId}-${weekStart}`;
}

export type DrawRandomTests = {
  type: 'DrawRandomTests';
  data: { siteId: string; weekStart: CalendarDate; seed: string; ratePercent: number; candidatePlanIds: string[]; drawnBy: string };
};
export type RandomSelection = { planId: string; date: CalendarDate };
export type RandomTestsDrawn = {
  type: 'RandomTestsDrawn';
  data: {
    siteId: string;
    weekStart: CalendarDate;
    seed: string;
    ratePercent: number;
    candidatePlanIds: string[];
    selections: RandomSelection[];
    drawnBy: string;
  };
};
export type RandomDraw = { status: 'not-drawn' } | ({ status: 'drawn' } & RandomTestsDrawn['data']);

/** FNV-1a over the seed, then mulberry32: a small, well-known generator, enough for a fair draw that can be replayed. */
function generator(seed: string): () => number {
  let hash = 0x811c9dc5;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  let state = hash;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The draw: ceil(rate × candidates) plans (at least one when there are candidates and the rate
 * is above 0), each on a weekday, Monday to Friday, of the week. Candidates are sorted first,
 * so their order in the command does not change the draw.
 */
export function drawSelections(
  seed: string,
  candidatePlanIds: readonly string[],
  ratePercent: number,
  weekStart: CalendarDate,
): RandomSelection[] {
  const next = generator(seed);
  const pool = [...new Set(candidatePlanIds)].sort();
  for (let index = pool.length - 1; index > 0; index--) {
    const swap = Math.floor(next() * (index + 1));
    [pool[index], pool[swap]] = [pool[swap]!, pool[index]!];
  }
  const count = ratePercent <= 0 ? 0 : Math.min(pool.length, Math.ceil((pool.length * ratePercent) / 100));
  return pool
    .slice(0, count)
    .map((planId) => ({ planId, date: addDays(weekStart, Math.floor(next() * 5)) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.planId.localeCompare(b.planId));
}

export function decideRandomDraw(command: DrawRandomTests, state: RandomDraw): RandomTestsDrawn[] {
  const { siteId, weekStart, seed, ratePercent, candidatePlanIds, drawnBy } = command.data;
  // One draw per site and week: a second changes nothing, so a retried request cannot redraw.
  if (state.status === 'drawn') return [];
  const problems: ValidationProblem[] = [];
  requireText(problems, 'siteId', siteId, 'give the site');
  if (requireDate(problems, 'weekStart', weekStart) && !isMonday(weekStart)) {
    problems.push({ field: 'weekStart', message: `weeks run Monday to Sunday: ${weekStart} is not a Monday` });
  }
  requireText(problems, 'seed', seed, 'give the seed the draw uses');
  if (!(Number.isInteger(ratePercent) && ratePercent >= 0 && ratePercent <= 100)) {
    problems.push({ field: 'ratePercent', message: 'give the rate as a whole percentage from 0 to 100' });
  }
  if (!Array.isArray(candidatePlanIds)) problems.push({ field: 'candidatePlanIds', message: 'give the open plans of the site' });
  refuseIfInvalid('the random draw cannot be made', 'invalid-random-draw', problems);
  if (candidatePlanIds.length === 0) {
    throw new RuleBroken(`there is no open plan at ${siteId} to draw from`, 'nothing-to-draw', { siteId });
  }
  const selections = drawSelections(seed, candidatePlanIds, ratePercent, weekStart);
  return [
    {
      type: 'RandomTestsDrawn',
      data: { siteId, weekStart, seed, ratePercent, candidatePlanIds: [...new Set(candidatePlanIds)].sort(), selections, drawnBy },
    },
  ];
}

export function evolveRandomDraw(state: RandomDraw, event: RandomTestsDrawn): RandomDraw {
  return state.status === 'drawn' ? state : { status: 'drawn', ...event.data };
}

export const randomDraw: Decider<DrawRandomTests, RandomTestsDrawn, RandomDraw> = {
  decide: (command, state) => decideRandomDraw(command, state),
  evolve: evolveRandomDraw,
  initialState: { status: 'not-drawn' },
};
