import { KeptAnswers } from '@continuum/event-store';
import { Injectable } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type Actor, BreakTheGlass, readableOnly, siteScopeOf } from '@continuum/platform';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import {
  type AftercareRules,
  type ExistingAftercarePlan,
  OUTCOME_DAYS,
  careTeamUserIdsOf,
  checkInOpensOn,
  lastDayToRecord,
  missedCheckIns,
  outcomeAt,
} from '../domain/index.js';
import { AftercareCommands, AftercarePlanNotFound, type FoldedAftercarePlan } from './aftercare.commands.js';
import { CareTeams } from './care-teams.js';
import { FoldedPlans, PLANS_KEPT } from './folded-plans.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from '../projections/aftercare-plan-list.js';

/** A client has a plan per discharge: a few, never a page's worth. */
const PLANS_READ_AT_ONCE = 100;

// One plan read from its stream (a single client's record, not a list), with what its rules
// say about it today: each check-in's window, the missed ones, and the outcomes so far. It is
// clinical detail (the relapse-prevention plan, BARC-10 answers, check-ins): for the discharged
// episode's care team, the site's clinical supervisors, auditors, or a break-the-glass grant
// (docs/domain/aftercare.md#who-reads-a-plan); anyone else at the site is refused before any
// of it is read out.
//
// Read your writes without folding the whole stream on every read: the plan starts from the
// state this process last folded it to (FoldedPlans: by a read or a command) and folds the events the stream holds after that
// revision, so a read always sees every event appended before it, whichever process appended it.
// What the rules say of it changes only with a new event or a new day: the answer is kept with
// the revision it was made at, for its day, and made again when either moves on.

type PlanView = ReturnType<typeof planViewOf>;

@Injectable()
export class AftercareQueries {
  private readonly views = new KeptAnswers<PlanView>(PLANS_KEPT);

  constructor(
    private readonly commands: AftercareCommands,
    private readonly careTeams: CareTeams,
    private readonly breakTheGlass: BreakTheGlass,
    private readonly projections: ProjectionRunner,
    private readonly folded: FoldedPlans,
  ) {}

  /** The plan as of every event appended so far: as this process last folded it, and the stream's events after it. */
  private async current(planId: string): Promise<FoldedAftercarePlan | undefined> {
    const { state, revision } = await this.commands.loadAfter(planId, this.folded.get(planId));
    if (revision === undefined || state.status === 'none') return undefined;
    return this.folded.keep(planId, { revision, state });
  }

  async plan(planId: string, actor: Actor) {
    const folded = await this.current(planId);
    if (!folded) throw new AftercarePlanNotFound(planId);
    const plan = folded.state as ExistingAftercarePlan;
    const careTeam = await this.careTeams.userIdsOf(plan.clientId, plan.episodeId);
    await this.breakTheGlass.assertClinicalRead(actor, { clientId: plan.clientId, siteId: plan.siteId, careTeam });
    const today = calendarDateOf(this.commands.now());
    return this.views.answer(planId, folded.revision, today, () => planViewOf(plan, today, this.commands.rules));
  }

  /**
   * A client's BARC-10 totals over time, from every aftercare plan at the caller's sites whose
   * clinical detail they may read (the same rule as a plan's), oldest check-in first. A plan
   * they may not read is left out; when the client has plans there and none is theirs to
   * read, the answer is the plan's 403 (what to do). Totals and the strong-recovery-capital
   * flag only: the ten answers stay in the plan. Read from the plan list, a moment behind.
   */
  async barc10Of(clientId: string, actor: Actor) {
    const scope = siteScopeOf(actor);
    if (!scope) return { clientId, scores: [] };
    const plans = await findEvery(await this.projections.collection<AftercarePlanRow>(AFTERCARE_PLANS), {
      where: { ...scope, clientId },
      limit: PLANS_READ_AT_ONCE,
    });
    if (plans.length === 0) return { clientId, scores: [] };
    // Every plan is the same client's: one read of their file gives each episode's team.
    const teams = await this.careTeams.ofClient(clientId);
    const readable = await readableOnly(plans, (row) =>
      this.breakTheGlass.assertClinicalRead(actor, { clientId, siteId: row.siteId, careTeam: careTeamUserIdsOf(teams, row.episodeId) }),
    );
    const scores = readable.flatMap(({ state }) =>
      state.checkIns.flatMap((checkIn) =>
        checkIn.status === 'recorded' && checkIn.barc10
          ? [
              {
                planId: state.planId,
                episodeId: state.episodeId,
                siteId: state.siteId,
                day: checkIn.day,
                dueDate: checkIn.dueDate,
                date: checkIn.date,
                total: checkIn.barc10.total,
                isStrongRecoveryCapital: checkIn.barc10.isStrongRecoveryCapital,
              },
            ]
          : [],
      ),
    );
    return { clientId, scores: scores.sort((a, b) => a.date.localeCompare(b.date) || a.day - b.day) };
  }
}

/** What the rules say of the plan on `today`: each check-in's window, the missed ones, the outcomes so far. */
function planViewOf(plan: ExistingAftercarePlan, today: string, rules: AftercareRules) {
  return {
    plan,
    asOf: today,
    checkIns: plan.checkIns.map((checkIn) => ({
      ...checkIn,
      opensOn: checkInOpensOn(plan, checkIn),
      lastDayToRecord: lastDayToRecord(checkIn.dueDate, rules),
    })),
    missedCheckIns: missedCheckIns(plan, today, rules),
    outcomes: OUTCOME_DAYS.map((day) => ({ day, outcome: outcomeAt(plan, day) ?? null })),
  };
}
