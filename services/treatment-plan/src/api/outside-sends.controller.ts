import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RequestCause, Roles } from '@continuum/platform';
import { type OutsideSendOutcome, OutsideSends } from '../application/outside-sends.js';
import { eventsOf } from '../application/treatment-plan.commands.js';
import { AuthorizationRequestDto, CourtReportDto } from './dto/outside-sends.dto.js';
import { OUTSIDE_SEND } from './responses.js';
import { AUTHORIZATION_REQUESTERS, COURT_REPORTERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

const REFUSED = {
  description:
    'The disclosure gateway refuses (RFC 9457 problem, code `disclosure-refused`, `details.reasons` each with its code and citation): e.g. a service the client paid for in full (42 CFR 2.26(a)), a subpoena alone (42 CFR 2.61), a court order outside its scope or expired, a criminal-justice recipient that does not monitor progress (42 CFR 2.35(a)(1)). Nothing is written.',
};

// Sends of Part 2 records outside the network, each through the disclosure gateway
// (docs/domain/treatment-plan.md#outside-sends-payers-and-courts): sent with its disclosure
// record, held until a consent covers it, or refused with the reasons and nothing written.
@ApiTags('care episodes')
@ApiBearerAuth()
@Controller('episodes')
export class OutsideSendsController {
  constructor(private readonly sends: OutsideSends) {}

  @Post(':episodeId/authorization-requests')
  @Roles(...AUTHORIZATION_REQUESTERS)
  @ApiOperation({
    summary:
      "Ask the client's payer to authorise a level of care (purpose HPAYMT), under the client's consent; held until one covers it, never for a service paid in full",
  })
  @ApiCreatedResponse({ description: 'Sent with its DisclosureRecorded, or held awaiting consent', schema: OUTSIDE_SEND })
  @ApiUnprocessableEntityResponse(REFUSED)
  async requestAuthorization(
    @Param('episodeId', uuid) episodeId: string,
    @Body() body: AuthorizationRequestDto,
    @RequestCause() cause: RequestCause,
  ) {
    const { payer, level, diagnosisCodes, assessmentId } = body;
    const outcome = await this.sends.request(
      episodeId,
      'payer-authorization-request',
      {
        recipient: { recipientId: payer.payerId, kind: payer.kind },
        basis: { kind: 'consent' },
        content: {
          kind: 'payer-authorization-request',
          level: { edition: level.edition, code: level.code },
          diagnosisCodes: [...diagnosisCodes],
          ...(assessmentId === undefined ? {} : { assessmentId }),
        },
      },
      cause,
    );
    return answerOf(episodeId, outcome);
  }

  @Post(':episodeId/court-reports')
  @Roles(...COURT_REPORTERS)
  @ApiOperation({
    summary:
      "Send a progress report to a court, probation or parole: under a 42 CFR 2.35 consent to a recipient monitoring the client's progress, or a court order under subpart E; a subpoena alone is refused",
  })
  @ApiCreatedResponse({ description: 'Sent with its DisclosureRecorded, or held awaiting a 2.35 consent', schema: OUTSIDE_SEND })
  @ApiUnprocessableEntityResponse(REFUSED)
  async sendCourtReport(@Param('episodeId', uuid) episodeId: string, @Body() body: CourtReportDto, @RequestCause() cause: RequestCause) {
    const { recipient, categories, periodFrom, periodTo, reportRef } = body;
    const outcome = await this.sends.request(
      episodeId,
      'court-report',
      {
        recipient: {
          recipientId: recipient.recipientId,
          kind: recipient.kind,
          ...(recipient.monitorsProgress === undefined ? {} : { monitorsProgress: recipient.monitorsProgress }),
        },
        basis: basisOf(body),
        categories: [...categories],
        content: { kind: 'court-report', periodFrom, periodTo, reportRef },
      },
      cause,
    );
    return answerOf(episodeId, outcome);
  }
}

function basisOf(body: CourtReportDto) {
  if (body.basis === 'subpoena') return { kind: 'subpoena' as const, reference: body.subpoenaReference! };
  if (body.basis === 'consent') return { kind: 'consent' as const };
  const { orderId, court, section, issuedOn, authorisedCategories, authorisedRecipientIds, expiresOn } = body.courtOrder!;
  return {
    kind: 'court-order' as const,
    order: {
      orderId,
      court: court.trim(),
      section,
      issuedOn,
      authorisedCategories: [...authorisedCategories],
      ...(authorisedRecipientIds === undefined ? {} : { authorisedRecipientIds: [...authorisedRecipientIds] }),
      ...(expiresOn === undefined ? {} : { expiresOn }),
    },
  };
}

function answerOf(episodeId: string, { sendId, state, events }: OutsideSendOutcome) {
  const status = state.status === 'sent' ? 'sent' : 'awaiting-consent';
  const held = state.status === 'awaiting-consent' && state.held ? state.held : undefined;
  return {
    episodeId,
    sendId,
    status,
    ...(state.status !== 'none' && state.disclosureId !== undefined ? { disclosureId: state.disclosureId } : {}),
    ...(state.status !== 'none' && state.consentId !== undefined ? { consentId: state.consentId } : {}),
    ...(held === undefined ? {} : { held: { reasonCode: held.reasonCode, citation: held.citation, explanation: held.explanation } }),
    events: eventsOf({ events }),
  };
}
