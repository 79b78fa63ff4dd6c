import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestCause, Roles, ReadsClientRecord } from '@continuum/platform';
import { CareEpisodes } from '../application/care-episodes.js';
import { eventsOf } from '../application/treatment-plan.commands.js';
import { ChangeLevelDto, DischargeDto, RecordAuthorizationDto, TransferSiteDto } from './dto/ledger.dto.js';
import { AUTHORIZATION_RECORDERS, CLINICAL_WRITERS, READERS, TRANSFER_DECIDERS } from './roles.js';

const uuid = new ParseUUIDPipe({ version: undefined });

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
  @ApiOperation({ summary: 'The episode: current level and site, its level timeline, and how the payer authorisation differs from the clinical level' })
  episode(@Param('episodeId', uuid) episodeId: string, @Actor() actor: Actor) {
    return this.episodes.episode(episodeId, actor);
  }

  @Post(':episodeId/level-changes')
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Step up, step down or move laterally, from the level the client is at, with reason and evidence; the plan follows' })
  async changeLevel(@Param('episodeId', uuid) episodeId: string, @Body() body: ChangeLevelDto, @RequestCause() cause: RequestCause) {
    const { ledger, plan } = await this.episodes.changeLevel(episodeId, body, cause);
    return { episodeId, level: levelOf(ledger.state), events: [...eventsOf(ledger), ...(plan ? eventsOf(plan) : [])] };
  }

  @Post(':episodeId/authorizations')
  @Roles(...AUTHORIZATION_RECORDERS)
  @ApiOperation({ summary: "Record the payer's authorisation (level, amount, through date), kept apart from the clinical level" })
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
  @ApiOperation({ summary: 'Move the episode (and its plan) to another site of the network' })
  async transferSite(@Param('episodeId', uuid) episodeId: string, @Body() body: TransferSiteDto, @RequestCause() cause: RequestCause) {
    const { ledger, plan } = await this.episodes.transferSite(episodeId, body, cause);
    return { episodeId, events: [...eventsOf(ledger), ...(plan ? eventsOf(plan) : [])] };
  }

  @Post(':episodeId/discharge')
  @HttpCode(201)
  @Roles(...CLINICAL_WRITERS)
  @ApiOperation({ summary: 'Discharge with a disposition; `completed` only when the plan says the client is ready (else 422: choose another disposition or wait)' })
  async discharge(@Param('episodeId', uuid) episodeId: string, @Body() body: DischargeDto, @RequestCause() cause: RequestCause) {
    const { ledger, plan } = await this.episodes.discharge(episodeId, body, cause);
    return { episodeId, status: ledger.state.status, events: [...eventsOf(ledger), ...(plan ? eventsOf(plan) : [])] };
  }
}

function levelOf(state: { status: string; level?: unknown }) {
  return state.status === 'not-opened' ? undefined : state.level;
}
