import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, ReadsClientRecord } from '@continuum/platform';
import { type ReferralCommand } from '../domain/index.js';
import { DualDiagnosisCommands, type ReferralOutcome, eventsOf } from '../application/dual-diagnosis.commands.js';
import { ReferralQueries } from '../application/referral-queries.js';
import { AssignProviderDto, CompleteReferralDto, EmergencyDisclosureDto, ReasonDto, ScheduleAppointmentDto } from './dto/referral.dto.js';
import { REFERRAL, REFERRAL_CHANGED } from './responses.js';
import { READERS, REFERRAL_WRITERS } from './roles.js';

const REFERRAL_ID = new ParseUUIDPipe({ version: undefined });

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReferralsController {
  constructor(
    private readonly commands: DualDiagnosisCommands,
    private readonly queries: ReferralQueries,
  ) {}

  @Get(':referralId')
  @ReadsClientRecord('referral')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'The referral and its disclosure records', schema: REFERRAL })
  @ApiOperation({ summary: 'The referral as it stands: status, due date, recipient, why it waits for consent, and its disclosure records' })
  get(@Param('referralId', REFERRAL_ID) referralId: string, @Actor() actor: Actor) {
    return this.queries.get(referralId, actor);
  }

  @Post(':referralId/provider')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({ summary: "Name the recipient: a provider of the referral's site directory offering its specialty" })
  async assignProvider(
    @Param('referralId', REFERRAL_ID) referralId: string,
    @Body() body: AssignProviderDto,
    @RequestCause() cause: RequestCause,
  ) {
    return answer(await this.commands.assignProvider(referralId, body.providerId, cause));
  }

  @Post(':referralId/sending')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({
    summary:
      'Send to the named provider. An external provider needs an active Part 2 consent naming it for treatment: the send records the disclosure with the redisclosure notice; without one the referral is awaiting-consent and says why, and is sent when the consent arrives',
  })
  async send(@Param('referralId', REFERRAL_ID) referralId: string, @RequestCause() cause: RequestCause) {
    return answer(await this.commands.send(referralId, cause));
  }

  @Post(':referralId/emergency-disclosure')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({
    summary:
      "Record a disclosure in a bona fide medical emergency (42 CFR 2.51): the referral's information to medical personnel now, without consent, never held; recorded with who received it, their affiliation, who disclosed, when and the nature of the emergency",
  })
  async discloseInEmergency(
    @Param('referralId', REFERRAL_ID) referralId: string,
    @Body() body: EmergencyDisclosureDto,
    @RequestCause() cause: RequestCause,
  ) {
    const { recipientId, recipientName, affiliation, natureOfEmergency, consentObtainable } = body;
    return answer(
      await this.commands.discloseInEmergency(
        referralId,
        {
          recipient: { ...(recipientId === undefined ? {} : { recipientId }), name: recipientName, affiliation },
          natureOfEmergency,
          consentObtainable,
        },
        cause,
      ),
    );
  }

  @Post(':referralId/acceptance')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({ summary: 'Record that the provider accepted the referral' })
  accept(@Param('referralId', REFERRAL_ID) referralId: string, @RequestCause() cause: RequestCause) {
    return this.run(referralId, { type: 'AcceptReferral', data: {} }, cause);
  }

  @Post(':referralId/decline')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({ summary: 'Record that the provider declined (reasonCode); assign another provider next' })
  decline(@Param('referralId', REFERRAL_ID) referralId: string, @Body() body: ReasonDto, @RequestCause() cause: RequestCause) {
    return this.run(referralId, { type: 'DeclineReferral', data: reasonOf(body) }, cause);
  }

  @Post(':referralId/appointment')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({ summary: "Record the provider's appointment (after acceptance, or to rebook after a first no-show)" })
  schedule(
    @Param('referralId', REFERRAL_ID) referralId: string,
    @Body() body: ScheduleAppointmentDto,
    @RequestCause() cause: RequestCause,
  ) {
    return this.run(referralId, { type: 'ScheduleAppointment', data: { appointmentDate: body.appointmentDate } }, cause);
  }

  @Post(':referralId/no-show')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({ summary: "Record a missed appointment; a second one fails the referral and notifies the site's clinicians" })
  noShow(@Param('referralId', REFERRAL_ID) referralId: string, @RequestCause() cause: RequestCause) {
    return this.run(referralId, { type: 'RecordNoShow', data: {} }, cause);
  }

  @Post(':referralId/completion')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({
    summary: "Record the specialist's result (condition confirmed, recommendations as codes); treatment-plan adds an integrated-care goal",
  })
  complete(@Param('referralId', REFERRAL_ID) referralId: string, @Body() body: CompleteReferralDto, @RequestCause() cause: RequestCause) {
    const { conditionConfirmed, recommendationCodes, note } = body;
    return this.run(
      referralId,
      { type: 'CompleteReferral', data: { conditionConfirmed, recommendationCodes, ...(note === undefined ? {} : { note }) } },
      cause,
    );
  }

  @Post(':referralId/cancellation')
  @HttpCode(200)
  @Roles(...REFERRAL_WRITERS)
  @ApiOkResponse({ description: 'The referral as it now stands, and the events appended', schema: REFERRAL_CHANGED })
  @ApiOperation({ summary: 'Cancel an open referral (reasonCode)' })
  cancel(@Param('referralId', REFERRAL_ID) referralId: string, @Body() body: ReasonDto, @RequestCause() cause: RequestCause) {
    return this.run(referralId, { type: 'CancelReferral', data: reasonOf(body) }, cause);
  }

  private async run(referralId: string, command: ReferralCommand, cause: RequestCause) {
    return answer(await this.commands.execute(referralId, command, cause));
  }
}

function reasonOf(body: ReasonDto): { reasonCode: string; note?: string } {
  return { reasonCode: body.reasonCode, ...(body.note === undefined ? {} : { note: body.note }) };
}

function answer(outcome: ReferralOutcome) {
  const { referral } = outcome;
  return { referralId: referral.referralId, status: referral.status, referral, events: eventsOf(outcome) };
}
