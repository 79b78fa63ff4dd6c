import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, Roles, ReadsClientRecord } from '@continuum/platform';
import { ClientAudit } from '../application/client-audit.js';
import { AsOfQueryDto, DisclosuresQueryDto, HistoryQueryDto } from './dto/audit-queries.dto.js';
import { AS_OF, DISCLOSURES, FHIR_BUNDLE, HISTORY, TIMELINE } from './responses.js';
import { READERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('client audit')
@ApiBearerAuth()
@Controller('clients')
@Roles(...READERS)
export class ClientAuditController {
  constructor(private readonly audit: ClientAudit) {}

  @Get(':clientId/history')
  @ReadsClientRecord('audit-history')
  @ApiOperation({
    summary: "Every event about the client across all services, in the store's global order, with actor, site, reason and evidence",
  })
  @ApiOkResponse({ description: "The client's events in global order", schema: HISTORY })
  history(@Param('clientId', uuid) clientId: string, @Query() query: HistoryQueryDto, @Actor() actor: Actor) {
    const filter = {
      ...(query.service ? { services: query.service } : {}),
      ...(query.type ? { types: query.type } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    };
    return this.audit.history(clientId, filter, actor);
  }

  @Get(':clientId/as-of')
  @ReadsClientRecord('audit-as-of')
  @ApiOperation({
    summary:
      'Level of care, episode, plan and referrals as they stood at an instant, folded from the events recorded by then; names the last event used',
  })
  @ApiOkResponse({ description: 'The client as recorded by then', schema: AS_OF })
  asOf(@Param('clientId', uuid) clientId: string, @Query() query: AsOfQueryDto, @Actor() actor: Actor) {
    return this.audit.asOf(clientId, query.at, actor);
  }

  @Get(':clientId/timeline')
  @ReadsClientRecord('level-timeline')
  @ApiOperation({
    summary:
      'Level-of-care segments of each episode (level, site, from, to, why it began and ended) with the authorised-vs-clinical variance',
  })
  @ApiOkResponse({ description: 'The level-of-care segments of each episode', schema: TIMELINE })
  timeline(@Param('clientId', uuid) clientId: string, @Actor() actor: Actor) {
    return this.audit.timeline(clientId, actor);
  }

  @Get(':clientId/disclosures')
  @ReadsClientRecord('audit-disclosures')
  @ApiOperation({
    summary:
      'Accounting of disclosures (42 CFR 2.25: 3 years; HIPAA 45 CFR 164.528: 6 years; or a shorter period from `from`): every disclosure recorded from any stream, each with its legal basis and citation',
  })
  @ApiOkResponse({ description: 'The accounting of disclosures', schema: DISCLOSURES })
  disclosures(@Param('clientId', uuid) clientId: string, @Query() query: DisclosuresQueryDto, @Actor() actor: Actor) {
    return this.audit.disclosures(
      clientId,
      { ...(query.asOf ? { asOf: query.asOf } : {}), ...(query.from ? { from: query.from } : {}) },
      actor,
    );
  }

  @Get(':clientId/fhir')
  @ReadsClientRecord('audit-fhir-export')
  @Header('Content-Type', 'application/fhir+json')
  @ApiOperation({
    summary:
      'FHIR R4 export of the client: a collection Bundle of EpisodeOfCare, CarePlan, Goal, ServiceRequest, Task, Consent, Provenance and AuditEvent',
  })
  @ApiProduces('application/fhir+json')
  @ApiOkResponse({ description: 'A FHIR R4 collection Bundle', content: { 'application/fhir+json': { schema: FHIR_BUNDLE } } })
  fhir(@Param('clientId', uuid) clientId: string, @Actor() actor: Actor) {
    return this.audit.fhir(clientId, actor);
  }
}
