import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, ReadsClientRecord } from '@continuum/platform';
import { CareEpisodes } from '../application/care-episodes.js';
import { eventsOf } from '../application/treatment-plan.commands.js';
import { ChangeLevelDto, DischargeDto, RecordAuthorizationDto, TransferSiteDto } from './dto/ledger.dto.js';
import { CARE_TEAM, DISCHARGED, EPISODE, EPISODE_CHANGED, LEVEL_CHANGED } from './responses.js';
import { ChangeCareTeamDto } from './dto/care-team.dto.js';
import { AUTHORIZATION_RECORDERS, CARE_TEAM_ASSIGNERS, CLINICAL_WRITERS, READERS, TRANSFER_DECIDERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** The answer to a level change that would leave a client on a safety hold below the safety level (docs/domain/levels-of-care.md#the-safety-level). */
const BELOW_SAFETY_LEVEL = {
  description:
    'A rule refuses (RFC 9457 problem with `code`), e.g. `not-at-level` (re-read the episode) or `below-safety-level`: the client is on a safety hold; choose the safety level or above, or end the hold with a suicide-risk assessment and a safety plan in intake',
  content: {
    'application/problem+json': {
      example: {
        type: 'urn:continuum:problem:rule-broken:below-safety-level',
        title: 'A business rule refuses this request',
        status: 422,
        code: 'below-safety-level',
        detail:
          "the client is on a safety hold (C-SSRS high risk, screening 5f0c6a9e-1d2b-4c3a-9e8f-7a6b5c4d3e2f): while it lasts a level change must keep them at or above the network's safety level, 3.7 (Intensive inpatient, medically monitored, 3rd ed.), and 2.1 (IOP, 3rd ed.) is below it. Either choose 3.7 (Intensive inpatient, medically monitored, 3rd ed.) or a more intensive level, or have a clinician record a suicide-risk assessment and a safety plan for the client in intake: that ends the hold, and then this change can be made",
        details: {
          level: { edition: 3, code: '2.1' },
          safetyLevel: { edition: 3, code: '3.7' },
          safetyHold: { screeningId: '5f0c6a9e-1d2b-4c3a-9e8f-7a6b5c4d3e2f', placedAt: '2026-01-02T09:00:00.000Z' },
          endsWhen: 'safety-plan-recorded',
        },
        instance: '/api/v1/episodes/0b6f2d4e-8c1a-5e3b-9f7d-2a4c6e8b0d1f/level-changes',
        correlationId: 'c0ffee00-0000-4000-8000-000000000001',
      },
    },
  },
};

// The level-of-care ledger over HTTP. Episodes open from intake's admissions (no POST here);
// every change after that is a clinician's or case manager's decision with its reason.
@ApiTags('care episodes')
@ApiBearerAuth()
@Controller('episodes')
export class EpisodesController {
  constructor(private readonly episodes: CareEpisodes) {}

  @Get(':episodeId')
  @ReadsClientRecord('care-episode')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The episode: current level and site, its level timeline, how the payer authorisation differs from the clinical level, and the safety hold',
  })
  @ApiOkResponse({ description: 'The episode, its timeline, authorisation variance and safety hold', schema: EPISODE })
  episode(@Param('episodeId', uuid) episodeId: string, @Actor() actor: Actor) {
    return this.episodes.episode(episodeId, actor);
  }

  @Put(':episodeId/care-team')
  @Roles(...CARE_TEAM_ASSIGNERS)
  @ApiOperation({
    summary:
      "Assign or change the episode's care team (clinician, prescriber, case manager, nurse; one each), stated whole: who reads the client's clinical detail here",
  })
  @ApiOkResponse({ description: 'The care team as it now stands', schema: CARE_TEAM })
  async changeCareTeam(@Param('episodeId', uuid) episodeId: string, @Body() body: ChangeCareTeamDto, @RequestCause() cause: RequestCause) {
    const outcome = await this.episodes.changeCareTeam(episodeId, body.members, cause);
    const careTeam = outcome.state.status === 'not-created' ? [] : (outcome.state.careTeam ?? []);
    return { episodeId, members: careTeam, events: eventsOf(outcome) };
  }

  @Post(':episodeId/level-changes')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({
    summary:
      'Step up, step down or move laterally, from the level the client is at, with reason and evidence; the plan follows. Under a safety hold, never below the safety level',
  })
  @ApiUnprocessableEntityResponse(BELOW_SAFETY_LEVEL)
  @ApiCreatedResponse({ description: 'The level changed, the plan following', schema: LEVEL_CHANGED })
  async changeLevel(@Param('episodeId', uuid) episodeId: string, @Body() body: ChangeLevelDto, @RequestCause() cause: RequestCause) {
    const { ledger, plan } = await this.episodes.changeLevel(episodeId, body, cause);
    return { episodeId, level: levelOf(ledger.state), events: [...eventsOf(ledger), ...(plan ? eventsOf(plan) : [])] };
  }

  @Post(':episodeId/authorizations')
  @Roles(...AUTHORIZATION_RECORDERS)
  @ApiOperation({ summary: "Record the payer's authorisation (level, amount, through date), kept apart from the clinical level" })
  @ApiCreatedResponse({ description: 'The authorisation recorded', schema: EPISODE_CHANGED })
  async recordAuthorization(
    @Param('episodeId', uuid) episodeId: string,
    @Body() body: RecordAuthorizationDto,
    @RequestCause() cause: RequestCause,
  ) {
    const ledger = await this.episodes.recordAuthorization(episodeId, body, cause);
    return { episodeId, events: eventsOf(ledger) };
  }

  @Post(':episodeId/site-transfers')
  @Roles(...TRANSFER_DECIDERS)
  @ApiOperation({
    summary:
      'Move the episode (and its plan) to another site of the network; a client on a safety hold below the safety level is stepped up first',
  })
  @ApiCreatedResponse({ description: 'The episode and its plan moved', schema: EPISODE_CHANGED })
  async transferSite(@Param('episodeId', uuid) episodeId: string, @Body() body: TransferSiteDto, @RequestCause() cause: RequestCause) {
    const { ledger, plan } = await this.episodes.transferSite(episodeId, body, cause);
    return { episodeId, events: [...eventsOf(ledger), ...(plan ? eventsOf(plan) : [])] };
  }

  @Post(':episodeId/discharge')
  @HttpCode(201)
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({
    summary:
      'Discharge with a disposition; `completed` only when the plan says the client is ready (else 422: choose another disposition or wait)',
  })
  @ApiCreatedResponse({ description: 'The episode discharged, the plan closed', schema: DISCHARGED })
  async discharge(@Param('episodeId', uuid) episodeId: string, @Body() body: DischargeDto, @RequestCause() cause: RequestCause) {
    const { ledger, plan } = await this.episodes.discharge(episodeId, body, cause);
    return { episodeId, status: ledger.state.status, events: [...eventsOf(ledger), ...(plan ? eventsOf(plan) : [])] };
  }
}

function levelOf(state: { status: string; level?: unknown }) {
  return state.status === 'not-opened' ? undefined : state.level;
}
