import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ChangesNoRecord, Roles } from '@continuum/platform';
import { StoreIntegrity } from '../application/store-integrity.js';
import { type VerificationRun } from '../application/verification-runs.js';
import { VERIFICATION_RUN } from './responses.js';
import { VERIFIERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

type HeaderSetter = { header(name: string, value: string): unknown };

// The store's integrity check as a run to watch (the console's progress bar): a POST starts it,
// or gives the one running (one check at a time); a GET reads it back. The POST changes no
// record, so auditors, who only read, may send it; it is logged as their reads are.
@ApiTags('integrity')
@ApiBearerAuth()
@Controller('verifications')
@Roles(...VERIFIERS)
export class VerificationsController {
  constructor(private readonly integrity: StoreIntegrity) {}

  @Post()
  @HttpCode(202)
  @ChangesNoRecord()
  @ApiOperation({
    summary:
      "Starts the whole store's integrity check, or gives the one already running; watch it at the Location answered. Runs are kept in memory: a restart forgets them",
  })
  @ApiResponse({ status: 202, description: 'The check, running; its address in Location', schema: VERIFICATION_RUN })
  async start(@Res({ passthrough: true }) response: HeaderSetter): Promise<VerificationRun> {
    const run = await this.integrity.start();
    response.header('location', `/api/v1/verifications/${run.verificationId}`);
    return run;
  }

  @Get(':verificationId')
  @ApiOperation({
    summary:
      'How far a check has got (checkedEvents of totalEvents, at least once a second) and, once finished, its report as GET /integrity/verification gives it',
  })
  @ApiOkResponse({ description: 'The check as it stands', schema: VERIFICATION_RUN })
  @ApiNotFoundResponse({ description: 'No such check in this process (a restart forgets them)' })
  read(@Param('verificationId', uuid) verificationId: string): VerificationRun {
    return this.integrity.run(verificationId);
  }
}
