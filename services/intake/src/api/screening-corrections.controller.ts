import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestCause, Roles } from '@continuum/platform';
import { IntakeCommands, eventsOf } from '../application/intake.commands.js';
import { MarkScreeningEnteredInErrorDto } from './dto/screening-correction.dto.js';
import { SCREENING_MARKED_IN_ERROR } from './responses.js';
import { SCREENERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

// Corrections of screenings: the rule is the intake decider's (screening-corrections.ts), access
// is checked at the client's site by the command's envelope.
@ApiTags('screenings')
@ApiBearerAuth()
@Controller('clients')
export class ScreeningCorrectionsController {
  constructor(private readonly commands: IntakeCommands) {}

  @Post(':clientId/screenings/:screeningId/entered-in-error')
  @Roles(...SCREENERS)
  @ApiOperation({
    summary:
      'Mark a screening entered-in-error, with a reason: it stays in the history, and the record, the trend and the next comparison no longer read it',
  })
  @ApiCreatedResponse({ description: 'The screening marked entered-in-error', schema: SCREENING_MARKED_IN_ERROR })
  async markEnteredInError(
    @Param('clientId', uuid) clientId: string,
    @Param('screeningId') screeningId: string,
    @Body() body: MarkScreeningEnteredInErrorDto,
    @RequestCause() cause: RequestCause,
  ) {
    const outcome = await this.commands.execute(
      clientId,
      [{ type: 'MarkScreeningEnteredInError', clientId, data: { screeningId, reasonCode: body.reasonCode, markedBy: cause.actor.userId } }],
      cause,
    );
    return { clientId, screeningId, events: eventsOf(outcome) };
  }
}
