import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, ReadsClientRecord, idFromCause } from '@continuum/platform';
import { TreatmentPlanCommands, eventsOf } from '../application/treatment-plan.commands.js';
import { PlanQueries } from '../application/plan-queries.js';
import { type PlanCommand } from '../domain/index.js';
import {
  FollowUpUnderDosedWeekDto,
  RecordRelapseDto,
  RecordSelfReportDto,
  RecordSessionDto,
  RequestDualDiagnosisReferralDto,
  UnderDosedWeekParamsDto,
} from './dto/plan-progress.dto.js';
import {
  AddGoalDto,
  AddInterventionDto,
  AddObjectiveDto,
  AddProblemDto,
  ChangeGoalStatusDto,
  ExtendProgrammeDto,
  ReviewPlanDto,
  RevisePlanDto,
  SignPlanDto,
} from './dto/plan-structure.dto.js';
import { serializeOnce } from './json-once.js';
import { PLAN, PLAN_CHANGED, PLAN_WEEKS } from './responses.js';
import { WeeksQueryDto } from './dto/list-query.dto.js';
import { CARE_TEAM, CLINICAL_WRITERS, READERS, SIGNERS, UNDER_DOSED_FOLLOW_UPS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

// The treatment plan over HTTP (planId = the episode id). Controllers parse and delegate: the
// rules are the plan decider's (422 naming what to do), access is checked at the plan's site.
@ApiTags('treatment plans')
@ApiBearerAuth()
@Controller('plans/:planId')
export class PlansController {
  constructor(
    private readonly plans: TreatmentPlanCommands,
    private readonly queries: PlanQueries,
  ) {}

  @Get()
  @ReadsClientRecord('treatment-plan')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The plan with its sobriety streak, discharge readiness, weekly hours, step-up recommendation and review status as of today',
  })
  @ApiOkResponse({ description: 'The plan and what its rules say about it today', schema: PLAN })
  async plan(@Param('planId', uuid) planId: string, @Actor() actor: Actor, @Res({ passthrough: true }) reply: unknown) {
    const answer = await this.queries.plan(planId, actor);
    // The answer is kept per revision and day, never changed once made: its JSON is made once too.
    serializeOnce(reply);
    return answer;
  }

  @Get('weeks')
  @ReadsClientRecord('attendance-weeks')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "Attended hours and individual sessions per week against the level's minimum, for the whole episode by default (`from`, `to`: any day of the first and last week)",
  })
  @ApiOkResponse({ description: 'The weeks, oldest first', schema: PLAN_WEEKS })
  weeks(@Param('planId', uuid) planId: string, @Query() query: WeeksQueryDto, @Actor() actor: Actor) {
    return this.queries.weeks(planId, actor, query);
  }

  @Post('problems')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Add a problem (coded, optionally filed under an ASAM dimension)' })
  @ApiCreatedResponse({ description: 'The problem added', schema: PLAN_CHANGED })
  addProblem(@Param('planId', uuid) planId: string, @Body() body: AddProblemDto, @RequestCause() cause: RequestCause) {
    const problemId = idFromCause(cause, 'problem');
    return this.act(planId, { type: 'AddProblem', data: { problemId, ...body } }, cause, { problemId });
  }

  @Post('goals')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Add a goal with a target date to a problem of the plan' })
  @ApiCreatedResponse({ description: 'The goal added', schema: PLAN_CHANGED })
  addGoal(@Param('planId', uuid) planId: string, @Body() body: AddGoalDto, @RequestCause() cause: RequestCause) {
    const goalId = idFromCause(cause, 'goal');
    return this.act(planId, { type: 'AddGoal', data: { goalId, ...body } }, cause, { goalId });
  }

  @Post('goals/:goalId/status')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: "Change a goal's status (proposed, active, achieved, not-achieved, cancelled)" })
  @ApiCreatedResponse({ description: "The goal's status changed", schema: PLAN_CHANGED })
  changeGoalStatus(
    @Param('planId', uuid) planId: string,
    @Param('goalId') goalId: string,
    @Body() body: ChangeGoalStatusDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act(planId, { type: 'ChangeGoalStatus', data: { goalId, ...body } }, cause, { goalId });
  }

  @Post('objectives')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Add an objective to a goal of the plan' })
  @ApiCreatedResponse({ description: 'The objective added', schema: PLAN_CHANGED })
  addObjective(@Param('planId', uuid) planId: string, @Body() body: AddObjectiveDto, @RequestCause() cause: RequestCause) {
    const objectiveId = idFromCause(cause, 'objective');
    return this.act(planId, { type: 'AddObjective', data: { objectiveId, ...body } }, cause, { objectiveId });
  }

  @Post('interventions')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Add an intervention (individual therapy, group, CBT, MAT…) serving a problem of the plan' })
  @ApiCreatedResponse({ description: 'The intervention added', schema: PLAN_CHANGED })
  addIntervention(@Param('planId', uuid) planId: string, @Body() body: AddInterventionDto, @RequestCause() cause: RequestCause) {
    const interventionId = idFromCause(cause, 'intervention');
    return this.act(planId, { type: 'AddIntervention', data: { interventionId, ...body } }, cause, { interventionId });
  }

  @Post('signatures')
  @Roles(...SIGNERS)
  @ApiOperation({ summary: "Sign as the clinician, or record the client's signature; both make the plan active" })
  @ApiCreatedResponse({ description: 'The signature recorded', schema: PLAN_CHANGED })
  sign(@Param('planId', uuid) planId: string, @Body() body: SignPlanDto, @RequestCause() cause: RequestCause) {
    return this.act(planId, { type: 'SignPlan', data: { signer: body.signer, signedBy: cause.actor.userId } }, cause);
  }

  @Post('reviews')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Review the plan; the next review falls due one interval later, and a revision a relapse required is done' })
  @ApiCreatedResponse({ description: 'The review recorded', schema: PLAN_CHANGED })
  review(@Param('planId', uuid) planId: string, @Body() body: ReviewPlanDto, @RequestCause() cause: RequestCause) {
    return this.act(planId, { type: 'ReviewPlan', data: { reviewedBy: cause.actor.userId, ...body } }, cause);
  }

  @Post('revisions')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Revise the plan outside the review cycle (e.g. after a relapse)' })
  @ApiCreatedResponse({ description: 'The revision recorded', schema: PLAN_CHANGED })
  revise(@Param('planId', uuid) planId: string, @Body() body: RevisePlanDto, @RequestCause() cause: RequestCause) {
    return this.act(planId, { type: 'RevisePlan', data: { revisedBy: cause.actor.userId, ...body } }, cause);
  }

  @Post('sessions')
  @Roles(...CARE_TEAM)
  @ApiOperation({ summary: 'Record a session attended or missed; weekly hours are checked against the level once the week is over' })
  @ApiCreatedResponse({ description: 'The session recorded', schema: PLAN_CHANGED })
  recordSession(@Param('planId', uuid) planId: string, @Body() body: RecordSessionDto, @RequestCause() cause: RequestCause) {
    const sessionId = idFromCause(cause, 'session');
    return this.act(planId, { type: 'RecordSession', data: { sessionId, ...body } }, cause, { sessionId });
  }

  @Post('under-dosed-weeks/:weekStart/follow-up')
  @Roles(...UNDER_DOSED_FOLLOW_UPS)
  @ApiOperation({
    summary:
      "Answer an under-dosed week (its Monday) with what was done, as a code; by the client's care team, once; the week leaves the under-dosed queue",
  })
  @ApiCreatedResponse({ description: 'The follow-up recorded', schema: PLAN_CHANGED })
  async followUpUnderDosedWeek(
    @Param() { planId, weekStart }: UnderDosedWeekParamsDto,
    @Body() body: FollowUpUnderDosedWeekDto,
    @RequestCause() cause: RequestCause,
  ) {
    const outcome = await this.plans.followUpUnderDosedWeek(planId, weekStart, body.outcome, cause);
    return { planId, weekStart, status: outcome.state.status, events: eventsOf(outcome) };
  }

  @Post('self-reports')
  @Roles(...CARE_TEAM)
  @ApiOperation({ summary: 'Record what the client reports of their use' })
  @ApiCreatedResponse({ description: 'The self-report recorded', schema: PLAN_CHANGED })
  recordSelfReport(@Param('planId', uuid) planId: string, @Body() body: RecordSelfReportDto, @RequestCause() cause: RequestCause) {
    const reportId = idFromCause(cause, 'self-report');
    return this.act(planId, { type: 'RecordSelfReport', data: { reportId, ...body } }, cause, { reportId });
  }

  @Post('relapses')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Record a relapse: the plan needs a revision and may be extended; it never discharges' })
  @ApiCreatedResponse({ description: 'The relapse recorded', schema: PLAN_CHANGED })
  recordRelapse(@Param('planId', uuid) planId: string, @Body() body: RecordRelapseDto, @RequestCause() cause: RequestCause) {
    const relapseId = idFromCause(cause, 'relapse');
    return this.act(planId, { type: 'RecordRelapse', data: { relapseId, ...body } }, cause, { relapseId });
  }

  @Post('extensions')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Lengthen the programme rather than end it while the discharge criteria are unmet' })
  @ApiCreatedResponse({ description: 'The programme extended', schema: PLAN_CHANGED })
  extend(@Param('planId', uuid) planId: string, @Body() body: ExtendProgrammeDto, @RequestCause() cause: RequestCause) {
    return this.act(planId, { type: 'ExtendProgramme', data: { ...body } }, cause);
  }

  @Post('dual-diagnosis-referrals')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({
    summary: 'Ask the dual-diagnosis service for a referral (psychiatric evaluation, medication management, trauma therapy)',
  })
  @ApiCreatedResponse({ description: 'The referral requested', schema: PLAN_CHANGED })
  requestReferral(
    @Param('planId', uuid) planId: string,
    @Body() body: RequestDualDiagnosisReferralDto,
    @RequestCause() cause: RequestCause,
  ) {
    const requestId = idFromCause(cause, 'dual-diagnosis-request');
    return this.act(planId, { type: 'RequestDualDiagnosisReferral', data: { requestId, ...body } }, cause, { requestId });
  }

  private async act(planId: string, command: PlanCommand, cause: RequestCause, created: Record<string, string> = {}) {
    const outcome = await this.plans.execute(planId, command, cause);
    return { planId, ...created, status: outcome.state.status, events: eventsOf(outcome) };
  }
}
