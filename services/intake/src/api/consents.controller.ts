import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestCause, Roles } from '@continuum/platform';
import { IntakeCommands, dataOf, eventsOf } from '../application/intake.commands.js';
import { RevokeConsentDto } from './dto/consent.dto.js';
import { CONSENT_REVOKED } from './responses.js';
import { REGISTRARS } from './roles.js';

@ApiTags('consents')
@ApiBearerAuth()
@Controller('consents')
export class ConsentsController {
  constructor(private readonly commands: IntakeCommands) {}

  @Post(':consentId/revocation')
  @HttpCode(200)
  @Roles(...REGISTRARS)
  @ApiOperation({ summary: 'Record a written revocation (42 CFR 2.31(a)(6)); later disclosures under the consent stop' })
  @ApiOkResponse({ description: 'The revocation recorded', schema: CONSENT_REVOKED })
  async revoke(
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
    @Body() body: RevokeConsentDto,
    @RequestCause() cause: RequestCause,
  ) {
    const { clientId, outcome } = await this.commands.revokeConsent(consentId, body, cause);
    return { clientId, consentId, revocation: dataOf(outcome, 'ConsentRevoked'), events: eventsOf(outcome) };
  }
}
