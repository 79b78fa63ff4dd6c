import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, idFromCause, ReadsClientList } from '@continuum/platform';
import { IntakeCommands, dataOf, eventsOf } from '../application/intake.commands.js';
import { SafetyFollowUpQueue } from '../application/safety-follow-up-queue.js';
import { type Escalation, type SafetyFollowUpOutcome } from '../domain/index.js';
import { RecordSafetyFollowUpDto, SafetyFollowUpQueryDto } from './dto/safety-follow-up.dto.js';
import { exampleSafetyFollowUpQueue } from './examples.js';
import { SAFETY_FOLLOW_UP_DONE, safetyFollowUpQueue } from './responses.js';
import { CLINICAL_WRITERS, SAFETY_FOLLOW_UP_READERS } from './roles.js';

@ApiTags('safety follow-ups')
@ApiBearerAuth()
@Controller('safety-follow-ups')
export class SafetyFollowUpsController {
  constructor(
    private readonly commands: IntakeCommands,
    private readonly queue: SafetyFollowUpQueue,
  ) {}

  @Get()
  @ReadsClientList('safety-follow-ups')
  @Roles(...SAFETY_FOLLOW_UP_READERS)
  @ApiOperation({
    summary:
      'Same-day safety follow-ups not yet recorded, soonest due first, at one site or every site where you hold a role; paged with nextCursor',
  })
  @ApiOkResponse({ description: 'One page of open follow-ups', schema: safetyFollowUpQueue(exampleSafetyFollowUpQueue) })
  list(@Query() query: SafetyFollowUpQueryDto, @Actor() actor: Actor) {
    return this.queue.open(query, actor);
  }

  @Post(':followUpId/outcome')
  @HttpCode(200)
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({
    summary: 'Record what was done about a suicide-risk signal: a C-SSRS screener, a safety plan, or an escalation with its reason',
  })
  @ApiOkResponse({ description: 'The follow-up, done', schema: SAFETY_FOLLOW_UP_DONE })
  async record(
    @Param('followUpId', new ParseUUIDPipe({ version: undefined })) followUpId: string,
    @Body() body: RecordSafetyFollowUpDto,
    @RequestCause() cause: RequestCause,
  ) {
    // The DTO leaves the parts optional: which outcome needs what is the domain's 422, naming each.
    const outcome = body.outcome as SafetyFollowUpOutcome;
    const record = {
      outcome,
      clinicianId: cause.actor.userId,
      ...(body.escalation === undefined ? {} : { escalation: body.escalation as Escalation }),
      ...(outcome === 'safety-plan-made' ? { safetyPlanId: idFromCause(cause, 'safety-plan') } : {}),
    };
    const { clientId, outcome: recorded } = await this.commands.recordSafetyFollowUp(followUpId, record, cause);
    const completed =
      dataOf(recorded, 'SafetyFollowUpCompleted') ?? recorded.state.safetyFollowUps.find((f) => f.followUpId === followUpId)?.completion;
    return { followUpId, clientId, status: 'done', ...completed, events: eventsOf(recorded) };
  }
}
