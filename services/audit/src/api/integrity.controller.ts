import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@continuum/platform';
import { StoreIntegrity } from '../application/store-integrity.js';
import { INTEGRITY_REPORT } from './responses.js';
import { VERIFIERS } from './roles.js';

// A GET, though it computes: it changes nothing, and auditors are admitted to reads only.
@ApiTags('integrity')
@ApiBearerAuth()
@Controller('integrity')
export class IntegrityController {
  constructor(private readonly integrity: StoreIntegrity) {}

  @Get('verification')
  @Roles(...VERIFIERS)
  @ApiOperation({
    summary:
      "Verifies every stream's hash chain and the global order of the whole store; names the first altered, missing or reordered event",
  })
  @ApiOkResponse({ description: "The store's integrity report", schema: INTEGRITY_REPORT })
  verify() {
    return this.integrity.verify();
  }
}
