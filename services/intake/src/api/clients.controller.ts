import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, ReadsClientRecord, idFromCause } from '@continuum/platform';
import { IntakeCommands, dataOf, eventsOf } from '../application/intake.commands.js';
import { IntakeQueries, readerAt } from '../application/intake.queries.js';
import {
  type Assessment,
  type ConsentForm,
  type ScreeningOutcome,
  type SuicideRiskAssessment,
  duplicatesVisibleTo,
  isOnSafetyHold,
} from '../domain/index.js';
import { RecordAssessmentDto } from './dto/assessment.dto.js';
import { exampleAnswerToPhq9Of14, exampleAnswerToSafetyPlan, exampleRecommendationForIop, exampleTrendOfPhq9 } from './examples.js';
import { RecordSafetyPlanDto } from './dto/safety.dto.js';
import { GrantConsentDto } from './dto/consent.dto.js';
import { AdmitClientDto, DecidePlacementDto } from './dto/placement.dto.js';
import { ReferClientDto, RegisterClientDto } from './dto/register-client.dto.js';
import { RecordScreeningDto, ScreeningTrendQueryDto, screeningAnswersOf } from './dto/screening.dto.js';
import {
  ADMITTED,
  CONSENT_GRANTED,
  INTAKE_RECORD,
  PLACEMENT_DECIDED,
  REFERRED,
  REGISTERED,
  assessmentRecorded,
  recommendationOf,
  safetyPlanRecorded,
  screeningRecorded,
  trendOf,
} from './responses.js';
import { ADMITTERS, CLINICAL_WRITERS, MEASUREMENT_READERS, READERS, RECOMMENDATION_READERS, REGISTRARS, SCREENERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly commands: IntakeCommands,
    private readonly queries: IntakeQueries,
  ) {}

  @Post()
  @Roles(...REGISTRARS)
  @ApiOperation({
    summary: 'Record a referral and register the client at a site; possible duplicates across the network are flagged, never merged',
  })
  @ApiCreatedResponse({ description: 'The client, registered at the site', schema: REGISTERED })
  async register(@Body() body: RegisterClientDto, @RequestCause() cause: RequestCause) {
    const clientId = idFromCause(cause, 'client');
    const referral = { referralId: idFromCause(cause, 'referral'), ...body.referral };
    const outcome = await this.commands.register(clientId, referral, { siteId: body.siteId, person: body.person }, cause);
    const registration = outcome.state.registration!;
    // Only duplicates at sites where the caller reads client records are named (domain/record-views.ts).
    const duplicates = duplicatesVisibleTo(
      { ...readerAt(cause.actor, registration.siteId), rolesBySite: cause.actor.sites },
      outcome.duplicates,
    );
    return {
      clientId,
      status: outcome.state.status,
      siteId: registration.siteId,
      possibleDuplicateOf: duplicates.shown,
      possibleMatchInNetwork: duplicates.possibleMatchInNetwork,
      events: eventsOf(outcome),
    };
  }

  @Post(':clientId/referrals')
  @Roles(...REGISTRARS)
  @ApiOperation({ summary: 'Record a new referral of a known client (e.g. an aftercare re-entry); a new intake begins' })
  @ApiCreatedResponse({ description: 'The referral recorded; a new intake begins', schema: REFERRED })
  async refer(@Param('clientId', uuid) clientId: string, @Body() body: ReferClientDto, @RequestCause() cause: RequestCause) {
    const referralId = idFromCause(cause, 'referral');
    const outcome = await this.commands.execute(clientId, [{ type: 'ReceiveReferral', clientId, data: { referralId, ...body } }], cause);
    return {
      clientId,
      referralId: dataOf(outcome, 'ReferralReceived')?.referralId,
      status: outcome.state.status,
      events: eventsOf(outcome),
    };
  }

  @Post(':clientId/consents')
  @Roles(...REGISTRARS)
  @ApiOperation({ summary: 'Record a 42 CFR Part 2 consent; a form missing any required element is refused, naming each' })
  @ApiCreatedResponse({ description: 'The consent recorded', schema: CONSENT_GRANTED })
  async grantConsent(@Param('clientId', uuid) clientId: string, @Body() body: GrantConsentDto, @RequestCause() cause: RequestCause) {
    const consentId = idFromCause(cause, 'consent');
    // The DTO leaves every element optional: completeness is the domain's Part 2 rule (422 naming each missing element).
    const form = { ...body, consentId } as ConsentForm;
    const outcome = await this.commands.grantConsent(clientId, form, cause);
    const granted = dataOf(outcome, 'ConsentGranted')!;
    return { clientId, consentId: granted.consent.consentId, grantedAt: granted.grantedAt, events: eventsOf(outcome) };
  }

  @Post(':clientId/screenings')
  @Roles(...SCREENERS)
  @ApiOperation({
    summary:
      'Record a screening, at intake or during treatment (with the day it was given); Continuum scores it, names the band, and tells a worsening since the last one during treatment',
  })
  @ApiCreatedResponse({
    description: 'The score, the band, the flags and what followed (a PHQ-9 of 14 here)',
    schema: screeningRecorded(exampleAnswerToPhq9Of14),
  })
  async recordScreening(@Param('clientId', uuid) clientId: string, @Body() body: RecordScreeningDto, @RequestCause() cause: RequestCause) {
    const screeningId = idFromCause(cause, 'screening');
    const followUpId = idFromCause(cause, 'safety-follow-up');
    const dated = {
      ...(body.administeredOn === undefined ? {} : { administeredOn: body.administeredOn }),
      ...(body.lateEntryReason === undefined ? {} : { lateEntryReason: body.lateEntryReason }),
    };
    const outcome = await this.commands.recordScreening(
      clientId,
      { screeningId, answers: screeningAnswersOf(body), followUpId, ...dated },
      cause,
    );
    const recorded = dataOf(outcome, 'ScreeningRecorded')!;
    const outcomeOf: ScreeningOutcome = recorded.outcome;
    const followUp = dataOf(outcome, 'SafetyFollowUpOpened');
    const worsened = dataOf(outcome, 'ScreeningWorsened');
    return {
      clientId,
      screeningId: recorded.screeningId,
      administeredOn: recorded.administeredOn,
      ...outcomeOf,
      isOnSafetyHold: isOnSafetyHold(outcome.state),
      ...(worsened
        ? { worsening: { reasons: worsened.reasons, previousScore: worsened.previousScore, previousBand: worsened.previousBand } }
        : {}),
      ...(followUp
        ? {
            safetyFollowUp: {
              followUpId: followUp.followUpId,
              signal: followUp.signal,
              ownerRole: followUp.ownerRole,
              dueAt: followUp.dueAt,
            },
          }
        : {}),
      coOccurringConditionsIdentified: outcome.events
        .filter((e) => e.type === 'CoOccurringConditionIdentified')
        .map((e) => (e.data as { condition: string }).condition),
      events: eventsOf(outcome),
    };
  }

  @Get(':clientId/screenings/trend')
  @ReadsClientRecord('screening-trend')
  @Roles(...MEASUREMENT_READERS)
  @ApiOperation({
    summary:
      "The client's dated scores and bands of one instrument in the episode, with response (≥ 50 % below the first score) and remission (PHQ-9, GAD-7 < 5)",
  })
  @ApiOkResponse({ description: "The instrument's trend in the episode", schema: trendOf(exampleTrendOfPhq9) })
  trend(@Param('clientId', uuid) clientId: string, @Query() query: ScreeningTrendQueryDto, @Actor() actor: Actor) {
    return this.queries.screeningTrend(clientId, query.instrument, actor);
  }

  @Post(':clientId/safety-plans')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({
    summary: "Record a clinician's suicide-risk assessment and the safety plan made with the client: the only way a safety hold ends",
  })
  @ApiCreatedResponse({ description: 'The hold has ended', schema: safetyPlanRecorded(exampleAnswerToSafetyPlan) })
  async recordSafetyPlan(
    @Param('clientId', uuid) clientId: string,
    @Body() body: RecordSafetyPlanDto,
    @RequestCause() cause: RequestCause,
  ) {
    const safetyPlanId = idFromCause(cause, 'safety-plan');
    // The DTO leaves the assessment's fields optional: what is missing is the domain's 422, naming each.
    const suicideRiskAssessment = {
      assessmentId: idFromCause(cause, 'suicide-risk-assessment'),
      ...body.suicideRiskAssessment,
    } as SuicideRiskAssessment;
    const outcome = await this.commands.execute(
      clientId,
      [{ type: 'RecordSafetyPlan', clientId, data: { safetyPlanId, clinicianId: cause.actor.userId, suicideRiskAssessment } }],
      cause,
    );
    return {
      clientId,
      safetyPlanId,
      suicideRiskAssessmentId: suicideRiskAssessment.assessmentId,
      isOnSafetyHold: isOnSafetyHold(outcome.state),
      events: eventsOf(outcome),
    };
  }

  @Post(':clientId/assessments')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({
    summary:
      "Record the assessment (six dimension ratings and the facts the placement rules read); answers with Continuum's recommendation",
  })
  @ApiCreatedResponse({
    description: 'The recommendation (placement rules v2) for the example assessment, under `recommendation`',
    schema: assessmentRecorded({ recommendation: exampleRecommendationForIop }),
  })
  async recordAssessment(
    @Param('clientId', uuid) clientId: string,
    @Body() body: RecordAssessmentDto,
    @RequestCause() cause: RequestCause,
  ) {
    const assessmentId = idFromCause(cause, 'assessment');
    // A substance may name its criteria count instead of its severity: the domain derives and checks it (422 naming each field).
    const assessment = { ...body, assessmentId, clinicianId: cause.actor.userId } as Assessment;
    const outcome = await this.commands.execute(clientId, [{ type: 'RecordAssessment', clientId, data: assessment }], cause);
    return { clientId, assessmentId, recommendation: outcome.state.recommendation, events: eventsOf(outcome) };
  }

  @Get(':clientId/placement-recommendation')
  @ReadsClientRecord('placement-recommendation')
  @Roles(...RECOMMENDATION_READERS)
  @ApiOperation({
    summary:
      'The recommended level of care: the rule that decided, its reasons, what would change it, barriers and further recommendations',
  })
  @ApiOkResponse({ description: 'The recommendation and its reasons', schema: recommendationOf(exampleRecommendationForIop) })
  recommendation(@Param('clientId', uuid) clientId: string, @Actor() actor: Actor) {
    return this.queries.placementRecommendation(clientId, actor);
  }

  @Post(':clientId/placement')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: "The clinician's placement decision; a level other than the recommendation needs a reason" })
  @ApiCreatedResponse({ description: 'The placement decided', schema: PLACEMENT_DECIDED })
  async decidePlacement(@Param('clientId', uuid) clientId: string, @Body() body: DecidePlacementDto, @RequestCause() cause: RequestCause) {
    const placementId = idFromCause(cause, 'placement');
    const outcome = await this.commands.execute(
      clientId,
      [
        {
          type: 'DecidePlacement',
          clientId,
          data: {
            placementId,
            level: body.level,
            clinicianId: cause.actor.userId,
            ...(body.varianceReason ? { varianceReason: body.varianceReason } : {}),
          },
        },
      ],
      cause,
    );
    return { clientId, placement: outcome.state.placement, events: eventsOf(outcome) };
  }

  @Post(':clientId/admissions')
  @Roles(...ADMITTERS)
  @ApiOperation({ summary: 'The admission decision (level, site, track, start date); treatment-plan opens the care episode from it' })
  @ApiCreatedResponse({ description: 'The admission decided', schema: ADMITTED })
  async admit(@Param('clientId', uuid) clientId: string, @Body() body: AdmitClientDto, @RequestCause() cause: RequestCause) {
    const admissionId = idFromCause(cause, 'admission');
    const outcome = await this.commands.execute(clientId, [{ type: 'AdmitClient', clientId, data: { admissionId, ...body } }], cause);
    return {
      clientId,
      status: outcome.state.status,
      admission: dataOf(outcome, 'ClientAdmitted') ?? outcome.state.admissions.at(-1),
      events: eventsOf(outcome),
    };
  }

  @Get(':clientId')
  @ReadsClientRecord('intake-record')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "The client's intake record as your role reads it (`view`): identity and scheduling, or also the clinical detail (screenings, assessment, placement)",
  })
  @ApiOkResponse({ description: "The client's intake record, in the view your role reads", schema: INTAKE_RECORD })
  get(@Param('clientId', uuid) clientId: string, @Actor() actor: Actor) {
    return this.queries.summary(clientId, actor);
  }
}
