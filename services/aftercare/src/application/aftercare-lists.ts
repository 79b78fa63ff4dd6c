import { Inject, Injectable } from '@nestjs/common';
import { type CalendarDate, calendarDateOf } from '@continuum/care-episode';
import { type Actor, CLOCK, type Clock } from '@continuum/platform';
import { type FindQuery, ProjectionRunner, type ReadModelDefinition, findEvery } from '@continuum/read-store';
import { type ListPage, countedListPage, cursorRefused, listPage, siteScopeOf } from '@continuum/platform';
import { type AftercareRules, OUTCOME_DAYS, type OutcomeDay, addDays, lastDayToRecord, mondayOf } from '../domain/index.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from '../projections/aftercare-plan-list.js';
import { CHECK_INS, type CheckInRow } from '../projections/check-in-list.js';
import { HELD_SENDS, type HeldSendRow } from '../projections/held-send-list.js';
import { AFTERCARE_RULES } from './aftercare.commands.js';

export const DEFAULT_PAGE_SIZE = 25;
/** Reports read every plan in scope, a page at a time. */
const REPORT_PAGE = 500;

/** Which page of a list. */
export type Paging = { limit?: number; after?: string };
/** Which page of a list, and optionally of which one of the caller's sites. */
export type ListFilters = Paging & { siteId?: string };

type Where = NonNullable<FindQuery['where']>;
type Sort = NonNullable<FindQuery['sort']>;

const BY_DUE_DATE: Sort = [{ field: 'dueDate', direction: 'asc' }];

/**
 * The missed list reads two queries one after the other — the check-ins marked missed, then
 * those about to be — because the store has no OR. Its cursor names the part and carries the
 * store's cursor within it: `marked.<cursor>`, `unmarked.<cursor>` (`unmarked.` = its start).
 */
const MISSED_PARTS = ['marked', 'unmarked'] as const;
type MissedPart = (typeof MISSED_PARTS)[number];

export type OutcomeTally = {
  day: OutcomeDay;
  /** Plans discharged at least `day` days ago: the ones the report can speak for. */
  plans: number;
  abstinent: number;
  lapse: number;
  relapse: number;
  unreachable: number;
  /** No check-in up to that day was recorded: unknown, never counted as abstinent. */
  unknown: number;
  strongRecoveryCapital: number;
};

// The lists answer from the projections (docs/architecture/read-side.md#read-models-are-disposable),
// a moment behind
// the event store, a page at a time (`limit`, `after` = the previous page's nextCursor). Each
// shows only the sites where the caller holds a role the route admits (every site for an
// auditor), or the one site asked for: one outside them is a 403.

@Injectable()
export class AftercareLists {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AFTERCARE_RULES) private readonly rules: AftercareRules,
  ) {}

  /**
   * Check-ins not yet recorded that fall due in the week starting on `week`'s Monday (this
   * week by default), per site, soonest first. A page ends where it ends: a site whose
   * check-ins run over it goes on at the top of the next page.
   */
  async dueThisWeek(actor: Actor, filters: ListFilters & { week?: CalendarDate }) {
    const weekStart = mondayOf(filters.week ?? this.today());
    const weekEnd = addDays(weekStart, 6);
    const scope = siteScopeOf(actor, filters.siteId);
    const page = scope
      ? await countedListPage(await this.projections.collection<CheckInRow>(CHECK_INS), {
          where: { ...scope, status: 'scheduled', isPlanActive: true, dueDate: { gte: weekStart, lte: weekEnd } },
          sort: [
            { field: 'siteId', direction: 'asc' },
            { field: 'dueDate', direction: 'asc' },
          ],
          limit: filters.limit ?? DEFAULT_PAGE_SIZE,
          ...(filters.after ? { after: filters.after } : {}),
        })
      : { total: 0, items: [] };
    const sites: Array<{ siteId: string; checkIns: Array<ReturnType<AftercareLists['withWindow']>> }> = [];
    for (const row of page.items) {
      const current = sites.at(-1);
      if (current?.siteId === row.siteId) current.checkIns.push(this.withWindow(row));
      else sites.push({ siteId: row.siteId, checkIns: [this.withWindow(row)] });
    }
    return { weekStart, weekEnd, total: page.total, sites, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /**
   * Check-ins whose grace days ran out without a record: first those the scheduler marked
   * missed (with their outreach task), then those it has yet to mark, each oldest due first.
   */
  async missed(actor: Actor, filters: ListFilters) {
    const today = this.today();
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { asOf: today, total: 0, items: [] };
    const parts: Record<MissedPart, Where> = {
      marked: { ...scope, status: 'missed' },
      unmarked: { ...scope, status: 'scheduled', isPlanActive: true, dueDate: { lt: addDays(today, -this.rules.graceDays) } },
    };
    const limit = filters.limit ?? DEFAULT_PAGE_SIZE;
    const checkIns = await this.projections.collection<CheckInRow>(CHECK_INS);
    const unmarkedCount = await checkIns.count(parts.unmarked);
    const total = (await checkIns.count(parts.marked)) + unmarkedCount;
    let position = missedPositionOf(filters.after);
    const items: Array<ReturnType<AftercareLists['withWindow']> & { isMarked: boolean }> = [];
    if (position.part === 'marked') {
      const marked = await listPage(checkIns, {
        where: parts.marked,
        sort: BY_DUE_DATE,
        limit,
        ...(position.after ? { after: position.after } : {}),
      });
      items.push(...marked.items.map((row) => ({ ...this.withWindow(row), isMarked: true })));
      if (marked.nextCursor) return { asOf: today, total, items, nextCursor: `marked.${marked.nextCursor}` };
      if (items.length === limit) return { asOf: today, total, items, ...(unmarkedCount > 0 ? { nextCursor: 'unmarked.' } : {}) };
      position = { part: 'unmarked' };
    }
    const unmarked = await listPage(checkIns, {
      where: parts.unmarked,
      sort: BY_DUE_DATE,
      limit: limit - items.length,
      ...(position.after ? { after: position.after } : {}),
    });
    items.push(...unmarked.items.map((row) => ({ ...this.withWindow(row), isMarked: false })));
    return { asOf: today, total, items, ...(unmarked.nextCursor ? { nextCursor: `unmarked.${unmarked.nextCursor}` } : {}) };
  }

  /**
   * Sends to outside recipients (step-down providers, recovery residences, peer-support groups)
   * waiting for the client's Part 2 consent, oldest first, with the main reason and its section:
   * what a case manager asks clients to consent to.
   */
  async heldSends(actor: Actor, filters: ListFilters) {
    const page = await this.page<HeldSendRow>(HELD_SENDS, actor, filters, { status: 'awaiting-consent' }, [
      { field: 'since', direction: 'asc' },
    ]);
    return { asOf: this.today(), ...page };
  }

  /** A client's aftercare plans, newest discharge first, at the sites the caller may see: how staff find a plan's id. */
  async plansOf(actor: Actor, clientId: string, paging: Paging) {
    const page = await this.page<AftercarePlanRow>(AFTERCARE_PLANS, actor, paging, { clientId }, [
      { field: 'dischargeDate', direction: 'desc' },
    ]);
    return { clientId, ...page, items: page.items.map(({ state: _state, outcomes: _outcomes, ...row }) => row) };
  }

  /**
   * Outcomes 30, 90, 180 and 365 days after discharge, per site and per level at discharge.
   * Counts, not a list of rows: the report stays whole (a page of it would count wrong), read
   * a page of plans at a time.
   */
  async outcomes(actor: Actor, siteId?: string) {
    const today = this.today();
    const scope = siteScopeOf(actor, siteId);
    if (!scope) return { asOf: today, bySite: [], byDischargeLevel: [] };
    const plans = await findEvery(await this.projections.collection<AftercarePlanRow>(AFTERCARE_PLANS), {
      where: scope,
      limit: REPORT_PAGE,
    });
    const bySite = groupBy(plans, (plan) => plan.siteId);
    const byLevel = groupBy(plans, (plan) => plan.dischargeLevelKey);
    return {
      asOf: today,
      bySite: [...bySite.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([site, group]) => ({ siteId: site, outcomes: tally(group, today) })),
      byDischargeLevel: [...byLevel.values()]
        .map((group) => ({ dischargeLevel: group[0]!.dischargeLevel, outcomes: tally(group, today) }))
        .sort((a, b) => a.dischargeLevel.edition - b.dischargeLevel.edition || a.dischargeLevel.code.localeCompare(b.dischargeLevel.code)),
    };
  }

  private withWindow(row: CheckInRow) {
    const { planId, clientId, siteId, day, dueDate, status, outcome, consecutiveMisses } = row;
    return {
      planId,
      clientId,
      siteId,
      day,
      dueDate,
      lastDayToRecord: lastDayToRecord(dueDate, this.rules),
      status,
      outcome,
      consecutiveMisses,
    };
  }

  private async page<T>(
    definition: ReadModelDefinition,
    actor: Actor,
    filters: ListFilters,
    where: Where,
    sort: Sort,
  ): Promise<ListPage<T>> {
    const scope = siteScopeOf(actor, filters.siteId);
    if (!scope) return { items: [] };
    return listPage(await this.projections.collection<T>(definition), {
      where: { ...scope, ...where },
      sort,
      limit: filters.limit ?? DEFAULT_PAGE_SIZE,
      ...(filters.after ? { after: filters.after } : {}),
    });
  }

  private today(): CalendarDate {
    return calendarDateOf(this.clock.now());
  }
}

/** Where a page of the missed list starts: which part, and the store's cursor within it. */
function missedPositionOf(after: string | undefined): { part: MissedPart; after?: string } {
  if (!after) return { part: 'marked' };
  const dot = after.indexOf('.');
  const part = MISSED_PARTS.find((candidate) => candidate === after.slice(0, dot));
  if (dot < 0 || !part) throw cursorRefused();
  const within = after.slice(dot + 1);
  return within ? { part, after: within } : { part };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** For each reporting day, the plans that have reached it and how their clients were doing then. */
function tally(plans: AftercarePlanRow[], today: CalendarDate): OutcomeTally[] {
  return OUTCOME_DAYS.map((day) => {
    const counted: OutcomeTally = {
      day,
      plans: 0,
      abstinent: 0,
      lapse: 0,
      relapse: 0,
      unreachable: 0,
      unknown: 0,
      strongRecoveryCapital: 0,
    };
    for (const plan of plans) {
      if (addDays(plan.dischargeDate, day) > today) continue;
      counted.plans += 1;
      const outcome = plan.outcomes[`${day}`];
      if (!outcome) counted.unknown += 1;
      else {
        counted[outcome.outcome] += 1;
        if (outcome.isStrongRecoveryCapital) counted.strongRecoveryCapital += 1;
      }
    }
    return counted;
  });
}
