import { Inject, Injectable } from '@nestjs/common';
import { type CareTeamChangedV1, type IntegrationEvent } from '@continuum/contracts';
import { fold } from '@continuum/decider';
import { CLOCK, type Clock, causedByEvent } from '@continuum/platform';
import { EVENT_STORE, type EventStore, runCommand } from '@continuum/event-store';
import { type CareTeam, type CareTeamNoted, careTeamDecider, careTeamStream } from '../domain/index.js';
import { envelopeOf } from './command-cause.js';

// Intake's copy of each client's care team, told by treatment-plan (CareTeamChanged), kept in
// the event store beside the client's stream: it decides who reads an admitted client's
// clinical detail (domain/record-views.ts), and a bus message cannot be replayed into a read model.
@Injectable()
export class CareTeams {
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
      stream: careTeamStream(clientId),
      decider: careTeamDecider,
      command: { type: 'NoteCareTeam', data: { clientId, episodeId, siteId, members: members.map((m) => ({ ...m })), changedAt } },
      now: this.clock.now(),
      idempotencyKey: cause.idempotencyKey,
      envelope: () => envelopeOf(cause, { clientId, siteId }),
    });
  }

  /** The client's care team as last told, or undefined before treatment-plan has told one. */
  async of(clientId: string): Promise<CareTeam | undefined> {
    const events = await this.store.readStream(careTeamStream(clientId));
    return fold(careTeamDecider.evolve, careTeamDecider.initialState, events as unknown as CareTeamNoted[]).careTeam;
  }
}
