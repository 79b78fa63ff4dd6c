import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, idFromCause, ReadsClientList } from '@continuum/platform';
import { RandomTesting } from '../application/random-testing.js';
import { TreatmentPlanCommands, eventsOf } from '../application/treatment-plan.commands.js';
import { COLLECTOR_ROLES, type CollectorRole, type PlanCommand } from '../domain/index.js';
import {
  DrawRandomTestsDto,
  DueTestsQueryDto,
  OrderMedicationDto,
  RecordExternalMedicationDto,
  RecordNaloxoneDto,
  RecordPdmpCheckDto,
  StopMedicationDto,
} from './dto/medications.dto.js';
import { ConfirmDrugTestDto, MarkEnteredInErrorDto, RecordDrugTestDto } from './dto/plan-progress.dto.js';
import { DUE_TESTS, PLAN_CHANGED, RANDOM_TESTS_DRAWN } from './responses.js';
import { CARE_TEAM, MEDICATION_RECORDERS, PRESCRIBERS, RANDOM_TEST_DRAWERS, READERS, TESTERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** The collector's role, when the caller's role is one of the collectors' (a prescriber collects as one). */
const collectorRoleOf = (role: string): CollectorRole | undefined =>
  (COLLECTOR_ROLES as readonly string[]).includes(role) ? (role as CollectorRole) : undefined;

// Medication for addiction treatment, the drug-testing workflow and corrections over HTTP
// (docs/domain/medication-and-toxicology.md). Controllers parse and delegate: the rules are the
// plan decider's (422 naming what to do), access is checked at the plan's site.
@ApiTags('medication and toxicology')
@ApiBearerAuth()
@Controller('plans/:planId')
export class MedicationsController {
  constructor(private readonly plans: TreatmentPlanCommands) {}

  @Post('medication-orders')
  @Roles(...PRESCRIBERS)
  @ApiOperation({
    summary:
      'Order a medication here (prescriber only); a controlled one needs a PDMP check within the window, then at the interval (422 otherwise)',
  })
  @ApiCreatedResponse({ description: 'The medication ordered', schema: PLAN_CHANGED })
  order(@Param('planId', uuid) planId: string, @Body() body: OrderMedicationDto, @RequestCause() cause: RequestCause) {
    const medicationId = idFromCause(cause, 'medication');
    return this.act(planId, { type: 'OrderMedication', data: { medicationId, ...body, orderedBy: cause.actor.userId } }, cause, {
      medicationId,
    });
  }

  @Post('medication-orders/:medicationId/stop')
  @Roles(...PRESCRIBERS)
  @ApiOperation({ summary: 'Stop a medication ordered here, with the reason (prescriber only)' })
  @ApiCreatedResponse({ description: 'The medication stopped', schema: PLAN_CHANGED })
  stopOrder(
    @Param('planId', uuid) planId: string,
    @Param('medicationId') medicationId: string,
    @Body() body: StopMedicationDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act(planId, { type: 'StopMedication', data: { medicationId, source: 'ordered', ...body } }, cause, { medicationId });
  }

  @Post('external-medications')
  @Roles(...MEDICATION_RECORDERS)
  @ApiOperation({
    summary:
      "Record a medication the client gets elsewhere (an opioid treatment programme's methadone, an outside buprenorphine prescriber)",
  })
  @ApiCreatedResponse({ description: 'The external medication recorded', schema: PLAN_CHANGED })
  recordExternal(@Param('planId', uuid) planId: string, @Body() body: RecordExternalMedicationDto, @RequestCause() cause: RequestCause) {
    const medicationId = idFromCause(cause, 'medication');
    return this.act(planId, { type: 'RecordExternalMedication', data: { medicationId, ...body, recordedBy: cause.actor.userId } }, cause, {
      medicationId,
    });
  }

  @Post('external-medications/:medicationId/stop')
  @Roles(...MEDICATION_RECORDERS)
  @ApiOperation({ summary: 'Record that an external medication stopped, with the reason' })
  @ApiCreatedResponse({ description: 'The external medication stopped', schema: PLAN_CHANGED })
  stopExternal(
    @Param('planId', uuid) planId: string,
    @Param('medicationId') medicationId: string,
    @Body() body: StopMedicationDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act(planId, { type: 'StopMedication', data: { medicationId, source: 'external', ...body } }, cause, { medicationId });
  }

  @Post('pdmp-checks')
  @Roles(...MEDICATION_RECORDERS)
  @ApiOperation({ summary: 'Record a prescription-drug-monitoring (PDMP) check: its day and result; the caller is who checked' })
  @ApiCreatedResponse({ description: 'The PDMP check recorded', schema: PLAN_CHANGED })
  recordPdmpCheck(@Param('planId', uuid) planId: string, @Body() body: RecordPdmpCheckDto, @RequestCause() cause: RequestCause) {
    const checkId = idFromCause(cause, 'pdmp-check');
    return this.act(planId, { type: 'RecordPdmpCheck', data: { checkId, ...body, checkedBy: cause.actor.userId } }, cause, { checkId });
  }

  @Post('naloxone')
  @Roles(...CARE_TEAM)
  @ApiOperation({ summary: 'Record naloxone offered, dispensed, prescribed or declined' })
  @ApiCreatedResponse({ description: 'The naloxone recorded', schema: PLAN_CHANGED })
  recordNaloxone(@Param('planId', uuid) planId: string, @Body() body: RecordNaloxoneDto, @RequestCause() cause: RequestCause) {
    const naloxoneId = idFromCause(cause, 'naloxone');
    return this.act(planId, { type: 'RecordNaloxone', data: { naloxoneId, ...body, recordedBy: cause.actor.userId } }, cause, {
      naloxoneId,
    });
  }

  @Post('drug-tests')
  @Roles(...TESTERS)
  @ApiOperation({
    summary:
      'Record a drug or alcohol test: specimen, panel, observed, result (negative, positive with analytes, dilute, refused); the caller is the collector',
  })
  @ApiCreatedResponse({ description: 'The test recorded', schema: PLAN_CHANGED })
  recordDrugTest(@Param('planId', uuid) planId: string, @Body() body: RecordDrugTestDto, @RequestCause() cause: RequestCause) {
    const testId = idFromCause(cause, 'drug-test');
    const collectorRole = collectorRoleOf(cause.actor.role);
    return this.act(
      planId,
      {
        type: 'RecordDrugTest',
        data: { testId, ...body, collectedBy: cause.actor.userId, ...(collectorRole === undefined ? {} : { collectorRole }) },
      },
      cause,
      { testId },
    );
  }

  @Post('drug-tests/:testId/confirmation')
  @Roles(...TESTERS)
  @ApiOperation({ summary: "Record the laboratory's confirmation of a test: it supersedes the presumptive result" })
  @ApiCreatedResponse({ description: 'The confirmation recorded', schema: PLAN_CHANGED })
  confirm(
    @Param('planId', uuid) planId: string,
    @Param('testId') testId: string,
    @Body() body: ConfirmDrugTestDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.act(planId, { type: 'ConfirmDrugTest', data: { testId, ...body } }, cause, { testId });
  }

  @Post('corrections')
  @Roles(...TESTERS)
  @ApiOperation({
    summary: 'Mark a drug test or a session entered-in-error, with a reason: the original stays in the history, the rules stop reading it',
  })
  @ApiCreatedResponse({ description: 'The record marked entered-in-error', schema: PLAN_CHANGED })
  markEnteredInError(@Param('planId', uuid) planId: string, @Body() body: MarkEnteredInErrorDto, @RequestCause() cause: RequestCause) {
    return this.act(planId, { type: 'MarkEnteredInError', data: { ...body, markedBy: cause.actor.userId } }, cause);
  }

  private async act(planId: string, command: PlanCommand, cause: RequestCause, created: Record<string, string> = {}) {
    const outcome = await this.plans.execute(planId, command, cause);
    return { planId, ...created, status: outcome.state.status, events: eventsOf(outcome) };
  }
}

/** A site's random drug testing: the week's draw, and who is due today. */
@ApiTags('medication and toxicology')
@ApiBearerAuth()
@Controller('sites/:siteId')
export class RandomTestingController {
  constructor(private readonly randomTesting: RandomTesting) {}

  @Post('random-test-draws')
  @Roles(...RANDOM_TEST_DRAWERS)
  @ApiOperation({
    summary:
      "Draw the week's random tests at the site: the configured share of its open plans, each on a weekday; the seed is recorded, and a second draw changes nothing",
  })
  @ApiCreatedResponse({ description: "The week's draw (as first recorded, when already drawn)", schema: RANDOM_TESTS_DRAWN })
  draw(@Param('siteId') siteId: string, @Body() body: DrawRandomTestsDto, @RequestCause() cause: RequestCause) {
    return this.randomTesting.draw(siteId, body.weekStart, cause);
  }

  @Get('drug-tests/due')
  @ReadsClientList('drug-tests-due')
  @Roles(...READERS)
  @ApiOperation({ summary: "Who the week's random draw chose for a day (today by default), and whether their test is recorded" })
  @ApiOkResponse({ description: 'Who is due a test that day', schema: DUE_TESTS })
  due(@Param('siteId') siteId: string, @Query() query: DueTestsQueryDto, @Actor() actor: Actor) {
    return this.randomTesting.dueOn(siteId, actor, query.date);
  }
}
