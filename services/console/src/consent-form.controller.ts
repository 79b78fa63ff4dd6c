// The statements a Part 2 consent form prints, as the network words them, for the consent
// screen. Stopgap: intake holds the network's consent policy, and an intake API for it
// (GET /consent-policy) would replace this copy of the default wording.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { DEFAULT_CONSENT_POLICY } from '@continuum/consent';
import { SessionGuard } from './session/session.guard.js';

@Controller('api/v1/consent-form')
@UseGuards(SessionGuard)
export class ConsentFormController {
  @Get()
  form() {
    return { statementTexts: DEFAULT_CONSENT_POLICY.statementTexts };
  }
}
