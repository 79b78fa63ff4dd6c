// Treatment-plan's CareTeamChanged as intake receives it on the embedded bus, and a wait until
// intake has noted it: after admission, only the care team reads a client's clinical detail
// (domain/record-views.ts). Excluded from the build (`**/testing/**`).
import { randomUUID } from 'node:crypto';
import { type CareTeamChangedV1, type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { eventually } from '@continuum/platform';
import { careTeamStream } from '../domain/index.js';
import { type IntakeTestApp } from './intake-app.js';

export type CareTeamMembers = CareTeamChangedV1['members'];

export function careTeamChanged(
  clientId: string,
  siteId: string,
  members: CareTeamMembers,
  changedAt = new Date().toISOString(),
): IntegrationEvent<'CareTeamChanged', CareTeamChangedV1> {
  return {
    eventId: randomUUID(),
    type: 'CareTeamChanged',
    schemaVersion: 1,
    source: 'treatment-plan',
    occurredAt: changedAt,
    clientId,
    siteId,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: { episodeId: randomUUID(), clientId, siteId, members, changedAt },
  };
}

/** Publishes the team on treatment-plan's topic and waits until intake has noted it. */
export async function tellCareTeam(intake: IntakeTestApp, clientId: string, siteId: string, members: CareTeamMembers): Promise<void> {
  const noted = async () => (await intake.store().readStream(careTeamStream(clientId))).length;
  const before = await noted();
  await intake.publish(TOPICS.treatmentPlan, careTeamChanged(clientId, siteId, members));
  await eventually(async () => ((await noted()) > before ? true : undefined), 'the care team noted');
}
