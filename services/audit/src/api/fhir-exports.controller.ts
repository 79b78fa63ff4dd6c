import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type DisclosureBasisClaim } from '@continuum/consent';
import { RequestCause, Roles, ReadsClientRecord } from '@continuum/platform';
import { AuditCommands, type FhirExportOutcome } from '../application/audit.commands.js';
import { FhirExportDto } from './dto/fhir-export.dto.js';
import { FHIR_EXPORT_OUTCOME } from './responses.js';
import { EXPORTERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

type StatusSetter = { status(code: number): unknown };

/** 200 with the bundle once its disclosure is recorded; 202 while it awaits a consent. */
function answer(outcome: FhirExportOutcome, response: StatusSetter): FhirExportOutcome {
  response.status(outcome.status === 'disclosed' ? 200 : 202);
  return outcome;
}

function basisOf(body: FhirExportDto): DisclosureBasisClaim {
  switch (body.basis) {
    case 'consent':
      return { kind: 'consent' };
    case 'medical-emergency':
      return { kind: 'medical-emergency', ...body.emergency! };
    case 'court-order':
      return { kind: 'court-order', order: { ...body.courtOrder! } };
    case 'subpoena':
      return { kind: 'subpoena', reference: body.subpoenaReference! };
  }
}

@ApiTags('FHIR exports')
@ApiBearerAuth()
@Controller('clients')
@Roles(...EXPORTERS)
export class FhirExportsController {
  constructor(private readonly commands: AuditCommands) {}

  @Post(':clientId/fhir-exports')
  @HttpCode(200)
  @ReadsClientRecord('audit-fhir-export-disclosure')
  @ApiOperation({
    summary:
      "Export the client's record as a FHIR R4 Bundle to a recipient outside the network, through the disclosure gateway (42 CFR Part 2): recorded as a disclosure before the bundle is returned, held awaiting consent (202), or refused (422, nothing written)",
  })
  @ApiOkResponse({ description: 'The disclosure is recorded; the bundle is in the answer', schema: FHIR_EXPORT_OUTCOME })
  @ApiResponse({ status: 202, description: 'Held awaiting a covering consent; retry once one is recorded', schema: FHIR_EXPORT_OUTCOME })
  async request(
    @Param('clientId', uuid) clientId: string,
    @Body() body: FhirExportDto,
    @RequestCause() cause: RequestCause,
    @Res({ passthrough: true }) response: StatusSetter,
  ) {
    const recipient = { ...body.recipient };
    return answer(
      await this.commands.requestFhirExport(clientId, { recipient, purpose: body.purpose, basis: basisOf(body) }, cause),
      response,
    );
  }

  @Post(':clientId/fhir-exports/:exportId/retry')
  @HttpCode(200)
  @ReadsClientRecord('audit-fhir-export-disclosure')
  @ApiOperation({
    summary:
      'Decide a held export again, now: disclosed with its bundle once a covering consent is recorded; 422 while it still awaits one (nothing written)',
  })
  @ApiOkResponse({ description: 'The disclosure is recorded; the bundle is in the answer', schema: FHIR_EXPORT_OUTCOME })
  async retry(
    @Param('clientId', uuid) clientId: string,
    @Param('exportId', uuid) exportId: string,
    @RequestCause() cause: RequestCause,
    @Res({ passthrough: true }) response: StatusSetter,
  ) {
    return answer(await this.commands.retryFhirExport(clientId, exportId, cause), response);
  }
}
