import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RestrictionRequest } from '@continuum/consent';
import { Actor, ReadsClientRecord, RequestCause, Roles, idFromCause } from '@continuum/platform';
import { type CommandOutcome, IntakeCommands, eventsOf } from '../application/intake.commands.js';
import { IntakeQueries } from '../application/intake.queries.js';
import { type RestrictionCommand } from '../domain/index.js';
import { RefuseRestrictionDto, RequestRestrictionDto } from './dto/restriction.dto.js';
import { RESTRICTIONS, RESTRICTION_RECORDED } from './responses.js';
import { READERS, RESTRICTION_DECIDERS, RESTRICTION_RECORDERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

// Requests for restriction (42 CFR 2.26(a); 45 CFR 164.522(a)): the rule is @continuum/consent's
// `restrictions` decider, run in the client's stream (domain/restrictions.ts); access is checked
// at the client's site by the command's envelope. An agreed one (and the required paid-in-full
// one, agreed as it is recorded) is published as RestrictionAgreed for every discloser.
@ApiTags('restrictions')
@ApiBearerAuth()
@Controller('clients')
export class RestrictionsController {
  constructor(
    private readonly commands: IntakeCommands,
    private readonly queries: IntakeQueries,
  ) {}

  @Post(':clientId/restrictions')
  @Roles(...RESTRICTION_RECORDERS)
  @ApiOperation({
    summary:
      "Record the client's request to restrict disclosures (42 CFR 2.26(a)): a scope the programme agrees to or refuses, or the services paid for in full, agreed as recorded",
  })
  @ApiCreatedResponse({ description: 'The request recorded (status `agreed` at once for paid-in-full)', schema: RESTRICTION_RECORDED })
  async request(@Param('clientId', uuid) clientId: string, @Body() body: RequestRestrictionDto, @RequestCause() cause: RequestCause) {
    const restrictionId = idFromCause(cause, 'restriction');
    // The body as sent: a request with both a scope and services, or neither, is the domain's 422, naming the field.
    const request = { ...body } as RestrictionRequest;
    return this.run(clientId, restrictionId, { type: 'RequestRestriction', clientId, data: { restrictionId, request } }, cause);
  }

  @Post(':clientId/restrictions/:restrictionId/agreement')
  @HttpCode(200)
  @Roles(...RESTRICTION_DECIDERS)
  @ApiOperation({ summary: 'The programme agrees to a requested restriction: it binds every disclosure it covers from now on' })
  @ApiOkResponse({ description: 'The restriction, agreed', schema: RESTRICTION_RECORDED })
  async agree(
    @Param('clientId', uuid) clientId: string,
    @Param('restrictionId', uuid) restrictionId: string,
    @RequestCause() cause: RequestCause,
  ) {
    return this.run(clientId, restrictionId, { type: 'AgreeToRestriction', clientId, data: { restrictionId } }, cause);
  }

  @Post(':clientId/restrictions/:restrictionId/refusal')
  @HttpCode(200)
  @Roles(...RESTRICTION_DECIDERS)
  @ApiOperation({
    summary: 'The programme refuses a requested restriction, with the reason the client is told; the paid-in-full one cannot be',
  })
  @ApiOkResponse({ description: 'The restriction, refused', schema: RESTRICTION_RECORDED })
  async refuse(
    @Param('clientId', uuid) clientId: string,
    @Param('restrictionId', uuid) restrictionId: string,
    @Body() body: RefuseRestrictionDto,
    @RequestCause() cause: RequestCause,
  ) {
    // A missing reason is the rule's 422 (reason-required), like a blank one.
    const reason = body.reason ?? '';
    return this.run(clientId, restrictionId, { type: 'RefuseRestriction', clientId, data: { restrictionId, reason } }, cause);
  }

  @Get(':clientId/restrictions')
  @ReadsClientRecord('restrictions')
  @Roles(...READERS)
  @ApiOperation({ summary: "The client's requests for restriction: requested, agreed (from when) or refused (why)" })
  @ApiOkResponse({ description: "The client's restrictions, in the order requested", schema: RESTRICTIONS })
  list(@Param('clientId', uuid) clientId: string, @Actor() actor: Actor) {
    return this.queries.restrictions(clientId, actor);
  }

  private async run(clientId: string, restrictionId: string, command: RestrictionCommand, cause: RequestCause) {
    const outcome: CommandOutcome = await this.commands.execute(clientId, [command], cause);
    return { clientId, restriction: outcome.state.restrictions?.[restrictionId], events: eventsOf(outcome) };
  }
}
