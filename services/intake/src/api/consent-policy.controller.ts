import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@continuum/platform';
import { INTAKE_CONFIG } from '../application/intake.commands.js';
import { type IntakeConfig } from '../domain/config.js';
import { CONSENT_POLICY } from './responses.js';
import { READERS } from './roles.js';

// The network's Part 2 consent policy as intake applies it: the wording of each statement a
// consent form must print, who signs for a minor, and the notice sent with each disclosure.
// A consent screen prints these and intake checks a form against the same policy
// (@continuum/consent's requiredStatements and validateConsent). It names no client.
@ApiTags('consents')
@ApiBearerAuth()
@Controller('consent-policy')
export class ConsentPolicyController {
  constructor(@Inject(INTAKE_CONFIG) private readonly config: IntakeConfig) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "The network's Part 2 consent policy: each required statement's wording (42 CFR 2.31), who signs for a minor (2.14) and the disclosure notice (2.32)",
  })
  @ApiOkResponse({ description: 'The consent policy', schema: CONSENT_POLICY })
  policy() {
    const { minorRule, statementTexts, disclosureNotice } = this.config.consent;
    return { minorRule, statementTexts, disclosureNotice };
  }
}
