import { Inject, Injectable } from '@nestjs/common';
import { type CareTeamChangedV1, type IntegrationEvent } from '@continuum/contracts';
import { EVENT_STORE, type EventStore, type FoldedAt, KeptFolds, foldKept, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, causedByEvent } from '@continuum/platform';
import { type CareTeamNoted, type ClientCareTeams, careTeamUserIdsOf, careTeamsDecider, consentFileStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

// Aftercare's copy of each client's care teams, told by treatment-plan (CareTeamChanged) and
// kept in the client's file in the event store (domain/care-teams.ts): it decides who reads a
// plan's clinical detail, and a bus message cannot be replayed into a read model.
//
// Every plan read asks for the team: the teams are folded on from what this process last folded
// of the client's file, over the events appended after that revision (consent copies included,
// which the fold skips), so a team noted a moment ago by any process counts on the next read.

/** The clients whose care teams a process keeps between reads, the least recently read dropped first. */
export const CLIENT_CARE_TEAMS_KEPT = 500;

@Injectable()
export class CareTeams {
  private readonly folded = new KeptFolds<FoldedAt<ClientCareTeams>>(CLIENT_CARE_TEAMS_KEPT);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Notes the team once per message (its event id is the idempotency key); an older change than the one noted is ignored. */
  async note(changed: IntegrationEvent<'CareTeamChanged', CareTeamChangedV1>): Promise<void> {
    const { episodeId, clientId, siteId, members, changedAt } = changed.data;
    const cause = causedByEvent(changed, 'care-team-noted');
    await runCommand({
      store: this.store,
      stream: consentFileStream(clientId),
      decider: careTeamsDecider,
      command: {
        type: 'NoteCareTeam',
        data: { clientId, episodeId, siteId, members: members.map((m) => ({ ...m })), changedAt, sourceEventId: changed.eventId },
      },
      now: this.clock.now(),
      idempotencyKey: cause.idempotencyKey,
      envelope: envelopeOf(cause, { clientId, siteId }),
    });
  }

  /** The user ids on the episode's care team as last told (none before treatment-plan has told one). */
  async userIdsOf(clientId: string, episodeId: string): Promise<string[]> {
    return careTeamUserIdsOf(await this.ofClient(clientId), episodeId);
  }

  /** Every care team told for the client's episodes, as of every event of the client's file appended so far. */
  async ofClient(clientId: string): Promise<ClientCareTeams> {
    const { state } = await foldKept<CareTeamNoted, ClientCareTeams>(
      this.folded,
      clientId,
      this.store,
      consentFileStream(clientId),
      careTeamsDecider.evolve,
      careTeamsDecider.initialState,
    );
    return state;
  }
}
