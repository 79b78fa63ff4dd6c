import { Body, Controller, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestContext, Roles } from '#continuum/platform';
import { ClientIndex } from '../application/client-index.js';
import { IntakeCommands, dataOf, eventsOf } from '../application/intake.commands.js';
import { RevokeConsentDto } from './dto/consent.dto.js';

@ApiTags('consents')
@ApiBearerAuth()
@Controller('consents')
export class ConsentsController {
  constructor(
    private readonly commands: IntakeCommands,
    private readonly index: ClientIndex,
  ) {}

  @Post(':consentId/revocation')
  @HttpCode(200)
  @Roles('intake-coordinator', 'clinician', 'case-manager')
  @ApiOperation({ summary: 'Record a written revocation (42 CFR 2.31(a)(6)); later disclosures under the consent stop' })
  async revoke(
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
    @Body() body: RevokeConsentDto,
    @Actor() actor: Actor,
    @RequestContext() request: RequestContext,
  ) {
    const clientId = await this.index.clientOfConsent(consentId);
    if (!clientId) throw new ConsentNotFound(consentId);
    const outcome = await this.commands.execute(clientId, [{ type: 'RevokeConsent', clientId, data: { consentId, ...body } }], actor, request);
    return { clientId, consentId, revocation: dataOf(outcome, 'ConsentRevoked'), events: eventsOf(outcome) };
  }
}

class ConsentNotFound extends NotFoundException {
  constructor(consentId: string) {
    super(`There is no consent ${consentId}. Check the id on the client's record (GET /api/v1/clients/{clientId}).`);
  }
}
