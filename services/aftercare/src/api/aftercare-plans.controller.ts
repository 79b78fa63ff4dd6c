import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, ReadsClientRecord, idFromCause } from '@continuum/platform';
import { AftercareCommands, type OutsideSendCommand, eventsOf } from '../application/aftercare.commands.js';
import { AftercareQueries } from '../application/aftercare-queries.js';
import { type AftercareCommand } from '../domain/index.js';
import { RecordCheckInDto } from './dto/check-in.dto.js';
import {
  CaseManagementNeedDto,
  ContinuingTherapyDto,
  EndContinuingCareDto,
  LinkPeerSupportDto,
  PeerSupportAttendanceDto,
  RecoveryResidenceDto,
  RelapsePreventionPlanDto,
  StepDownDto,
} from './dto/plan-content.dto.js';
import { PLAN, PLAN_CHANGED } from './responses.js';
import { READERS, WRITERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

// The aftercare plan over HTTP (planId = the discharged episode's id). Plans are created from
// treatment-plan's discharge, never here. Controllers parse and delegate: the rules are the
// plan decider's (422 naming what to do), access is checked at the plan's site.
@ApiTags('aftercare plans')
@ApiBearerAuth()
@Controller('aftercare-plans/:planId')
export class AftercarePlansController {
  constructor(
    private readonly commands: AftercareCommands,
    private readonly queries: AftercareQueries,
  ) {}

  @Get()
  @ReadsClientRecord('aftercare-plan')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The plan with each check-in and its window, the missed check-ins and the outcomes at 30/90/180/365 days so far',
  })
  @ApiOkResponse({ description: 'The plan, its check-ins and outcomes', schema: PLAN })
  plan(@Param('planId', uuid) planId: string, @Actor() actor: Actor) {
    return this.queries.plan(planId, actor);
  }

  @Put('relapse-prevention-plan')
  @Roles(...WRITERS)
  @ApiOkResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({
    summary:
      'Record or replace the relapse-prevention plan: triggers, warning signs, coping strategies, at least three support contacts, the action plan',
  })
  recordRelapsePreventionPlan(
    @Param('planId', uuid) planId: string,
    @Body() body: RelapsePreventionPlanDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act({ type: 'RecordRelapsePreventionPlan', planId, data: body }, cause);
  }

  @Put('step-down')
  @Roles(...WRITERS)
  @ApiOkResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({
    summary:
      'Set the step-down level (the same as or below the discharge level) and who provides it; sent to the provider under a Part 2 consent of the client, else held awaiting one (422 when a restriction refuses it)',
  })
  setStepDown(@Param('planId', uuid) planId: string, @Body() body: StepDownDto, @RequestCause() cause: RequestCause) {
    return this.actOutside({ type: 'SetStepDownLevel', planId, data: body }, cause);
  }

  @Put('recovery-residence')
  @Roles(...WRITERS)
  @ApiOkResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({
    summary:
      'Arrange a recovery residence or sober-living home with its NARR level; sent to the residence under a Part 2 consent of the client, else held awaiting one (422 when a restriction refuses it)',
  })
  arrangeResidence(@Param('planId', uuid) planId: string, @Body() body: RecoveryResidenceDto, @RequestCause() cause: RequestCause) {
    return this.actOutside({ type: 'ArrangeRecoveryResidence', planId, data: body }, cause);
  }

  @Post('peer-support')
  @Roles(...WRITERS)
  @ApiCreatedResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({
    summary:
      'Link the client to a peer-support group (AA, NA, SMART or another programme); the referral goes to the group under a Part 2 consent of the client, else is held awaiting one (422 when a restriction refuses it)',
  })
  linkPeerSupport(@Param('planId', uuid) planId: string, @Body() body: LinkPeerSupportDto, @RequestCause() cause: RequestCause) {
    const linkageId = idFromCause(cause, 'peer-support-linkage');
    return this.actOutside({ type: 'LinkPeerSupport', planId, data: { linkageId, ...body } }, cause, { linkageId });
  }

  @Post('peer-support/:linkageId/attendance')
  @Roles(...WRITERS)
  @ApiCreatedResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({ summary: 'Record whether the client attended a meeting of a linked group' })
  recordAttendance(
    @Param('planId', uuid) planId: string,
    @Param('linkageId') linkageId: string,
    @Body() body: PeerSupportAttendanceDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act({ type: 'RecordPeerSupportAttendance', planId, data: { linkageId, ...body } }, cause, { linkageId });
  }

  @Post('therapies')
  @Roles(...WRITERS)
  @ApiCreatedResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({ summary: 'Arrange continuing therapy (individual, group, family, MAT, psychiatric follow-up)' })
  arrangeTherapy(@Param('planId', uuid) planId: string, @Body() body: ContinuingTherapyDto, @RequestCause() cause: RequestCause) {
    const therapyId = idFromCause(cause, 'continuing-therapy');
    return this.act({ type: 'ArrangeContinuingTherapy', planId, data: { therapyId, ...body } }, cause, { therapyId });
  }

  @Put('therapies/:therapyId')
  @Roles(...WRITERS)
  @ApiOkResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({ summary: 'Change an arranged therapy (provider, sessions a month, start)' })
  updateTherapy(
    @Param('planId', uuid) planId: string,
    @Param('therapyId') therapyId: string,
    @Body() body: ContinuingTherapyDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act({ type: 'ArrangeContinuingTherapy', planId, data: { therapyId, ...body } }, cause, { therapyId });
  }

  @Post('case-management-needs')
  @Roles(...WRITERS)
  @ApiCreatedResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({
    summary:
      'Identify a practical need (food bank, clothing, vocational training, transport, legal help, HIV/hepatitis/STI testing) or move it on',
  })
  updateNeed(@Param('planId', uuid) planId: string, @Body() body: CaseManagementNeedDto, @RequestCause() cause: RequestCause) {
    return this.act({ type: 'UpdateCaseManagementNeed', planId, data: body }, cause);
  }

  @Post('check-ins')
  @Roles(...WRITERS)
  @ApiCreatedResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({
    summary: 'Record a scheduled check-in: outcome and the BARC-10 answers; a relapse or a falling total recommends readmission',
  })
  recordCheckIn(@Param('planId', uuid) planId: string, @Body() body: RecordCheckInDto, @RequestCause() cause: RequestCause) {
    return this.act({ type: 'RecordCheckIn', planId, data: body }, cause);
  }

  @Post('end')
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiCreatedResponse({ description: "The plan's status and the events appended", schema: PLAN_CHANGED })
  @ApiOperation({ summary: 'End continuing care because the client declines it' })
  end(@Param('planId', uuid) planId: string, @Body() body: EndContinuingCareDto, @RequestCause() cause: RequestCause) {
    return this.act({ type: 'EndContinuingCare', planId, data: { reason: body.reason } }, cause);
  }

  private async act(command: AftercareCommand, cause: RequestCause, created: Record<string, string> = {}) {
    const outcome = await this.commands.execute(command.planId, command, cause);
    return { planId: command.planId, ...created, status: outcome.state.status, events: eventsOf(outcome) };
  }

  /** An arrangement sent to an outside recipient: the one consent rule decides (sent, held, or 422 with its reasons). */
  private async actOutside(command: OutsideSendCommand, cause: RequestCause, created: Record<string, string> = {}) {
    const outcome = await this.commands.executeOutsideSend(command, cause);
    return { planId: command.planId, ...created, status: outcome.state.status, events: eventsOf(outcome) };
  }
}
