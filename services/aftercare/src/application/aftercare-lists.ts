import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { type CalendarDate, calendarDateOf } from '#continuum/care-episode';
import { type Actor, CLOCK, type Clock, assertSiteAccess, sitesVisibleTo } from '#continuum/platform';
import { type FindQuery, ProjectionRunner, type ReadModelDefinition, findEvery } from '#continuum/read-store';
import { type AftercareRules, OUTCOME_DAYS, type OutcomeDay, addDays, lastDayToRecord, mondayOf } from '../domain/index.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from '../projections/aftercare-plan-list.js';
import { CHECK_INS, type CheckInRow } from '../projections/check-in-list.js';
import { AFTERCARE_RULES } from './aftercare-commands.js';

/** A list is for a person to work through; a site's aftercare caseload never comes near this. */
const MOST_ROWS = 500;
/** Reports read every plan in scope, a page at a time. */
const PAGE = 500;

type Where = NonNullable<FindQuery['where']>;

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

// The lists answer from the projections (ARCHITECTURE.md "The read path"), a moment behind
// the event store. Each shows only the sites where the caller holds a role the route admits
// (every site for an auditor).

@Injectable()
export class AftercareLists {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AFTERCARE_RULES) private readonly rules: AftercareRules,
  ) {}

  /** Check-ins not yet recorded that fall due in the week starting on `week`'s Monday (this week by default), per site. */
  async dueThisWeek(actor: Actor, week?: CalendarDate) {
    const weekStart = mondayOf(week ?? this.today());
    const weekEnd = addDays(weekStart, 6);
    const scope = this.scopeOf(actor);
    if (!scope) return { weekStart, weekEnd, sites: [] };
    const rows = await this.rows<CheckInRow>(CHECK_INS, { ...scope, status: 'scheduled', isPlanActive: true, dueDate: { gte: weekStart, lte: weekEnd } });
    const bySite = new Map<string, CheckInRow[]>();
    for (const row of rows) bySite.set(row.siteId, [...(bySite.get(row.siteId) ?? []), row]);
    return {
      weekStart,
      weekEnd,
      sites: [...bySite.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([siteId, items]) => ({ siteId, checkIns: items.sort((a, b) => a.dueDate.localeCompare(b.dueDate)).map((row) => this.withWindow(row)) })),
    };
  }

  /**
   * Check-ins whose grace days ran out without a record: those the scheduler marked missed
   * (with their outreach task) and those it has yet to mark.
   */
  async missed(actor: Actor) {
    const today = this.today();
    const scope = this.scopeOf(actor);
    if (!scope) return { asOf: today, items: [] };
    const marked = await this.rows<CheckInRow>(CHECK_INS, { ...scope, status: 'missed' });
    const unmarked = await this.rows<CheckInRow>(CHECK_INS, { ...scope, status: 'scheduled', isPlanActive: true, dueDate: { lt: addDays(today, -this.rules.graceDays) } });
    const items = [...marked.map((row) => ({ ...this.withWindow(row), isMarked: true })), ...unmarked.map((row) => ({ ...this.withWindow(row), isMarked: false }))];
    return { asOf: today, items: items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.planId.localeCompare(b.planId)) };
  }

  /** A client's aftercare plans, newest discharge first, at the sites the caller may see: how staff find a plan's id. */
  async plansOf(actor: Actor, clientId: string) {
    const scope = this.scopeOf(actor);
    if (!scope) return { clientId, items: [] };
    const rows = await this.rows<AftercarePlanRow>(AFTERCARE_PLANS, { ...scope, clientId });
    const items = rows
      .sort((a, b) => b.dischargeDate.localeCompare(a.dischargeDate))
      .map(({ state: _state, outcomes: _outcomes, ...row }) => row);
    return { clientId, items };
  }

  /** Outcomes 30, 90, 180 and 365 days after discharge, per site and per level at discharge. */
  async outcomes(actor: Actor, siteId?: string) {
    const today = this.today();
    if (siteId) assertSiteAccess(actor, siteId);
    const scope = siteId ? { siteId } : this.scopeOf(actor);
    if (!scope) return { asOf: today, bySite: [], byDischargeLevel: [] };
    const plans = await this.everyPlan(scope);
    const bySite = groupBy(plans, (plan) => plan.siteId);
    const byLevel = groupBy(plans, (plan) => plan.dischargeLevelKey);
    return {
      asOf: today,
      bySite: [...bySite.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([site, group]) => ({ siteId: site, outcomes: tally(group, today) })),
      byDischargeLevel: [...byLevel.values()]
        .map((group) => ({ dischargeLevel: group[0]!.dischargeLevel, outcomes: tally(group, today) }))
        .sort((a, b) => a.dischargeLevel.edition - b.dischargeLevel.edition || a.dischargeLevel.code.localeCompare(b.dischargeLevel.code)),
    };
  }

  private withWindow(row: CheckInRow) {
    const { planId, clientId, siteId, day, dueDate, status, outcome, consecutiveMisses } = row;
    return { planId, clientId, siteId, day, dueDate, lastDayToRecord: lastDayToRecord(dueDate, this.rules), status, outcome, consecutiveMisses };
  }

  /** undefined when the caller may see no site at all. */
  private scopeOf(actor: Actor): Where | undefined {
    const sites = sitesVisibleTo(actor);
    if (sites === 'every site') return {};
    return sites.length === 0 ? undefined : { siteId: { in: sites } };
  }

  private async rows<T>(definition: ReadModelDefinition, where: Where): Promise<T[]> {
    const collection = await this.projections.collection<T>(definition);
    const page = await collection.find({ where, limit: MOST_ROWS });
    if (page.nextCursor) throw new BadRequestException(`the list holds more than ${MOST_ROWS} rows: narrow it to one site`);
    return page.items.map((stored) => stored.document);
  }

  private async everyPlan(where: Where): Promise<AftercarePlanRow[]> {
    return findEvery(await this.projections.collection<AftercarePlanRow>(AFTERCARE_PLANS), { where, limit: PAGE });
  }

  private today(): CalendarDate {
    return calendarDateOf(this.clock.now());
  }
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** For each reporting day, the plans that have reached it and how their clients were doing then. */
function tally(plans: AftercarePlanRow[], today: CalendarDate): OutcomeTally[] {
  return OUTCOME_DAYS.map((day) => {
    const counted: OutcomeTally = { day, plans: 0, abstinent: 0, lapse: 0, relapse: 0, unreachable: 0, unknown: 0, strongRecoveryCapital: 0 };
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
