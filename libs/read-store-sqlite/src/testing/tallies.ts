// The projection of the runner specs (projection-runner.int.spec.ts and the process it kills):
// it counts events per stream, so an event applied twice or lost shows at once.
import { type NewEvent } from '@continuum/event-store';
import { foldInto, type Projection, type ReadModelDefinition } from '@continuum/read-store';

export type Tally = { stream: string; events: number; lastType: string; site: string };
export const TALLIES: ReadModelDefinition = { name: 'tallies', indexes: [{ fields: ['site'] }] };

export const tallies: Projection = {
  name: 'tallies',
  version: 1,
  readModels: [TALLIES],
  filter: { streamPrefixes: ['counted-'] },
  async apply(event, context) {
    const collection = await context.collection<Tally>(TALLIES);
    await foldInto(collection, event.streamId, event, (current) => ({
      stream: event.streamId,
      events: (current?.events ?? 0) + 1,
      lastType: event.type,
      site: event.metadata.siteId,
    }));
  },
};

export const ODD_STEPS: ReadModelDefinition = { name: 'odd_steps', indexes: [] };

/** Counts only the odd steps (Step1, Step3, …) of the first twenty: a filter on event types beside tallies' on streams. */
export const oddSteps: Projection = {
  name: 'odd-steps',
  version: 1,
  readModels: [ODD_STEPS],
  filter: { streamPrefixes: ['counted-'], eventTypes: Array.from({ length: 10 }, (_, i) => `Step${2 * i + 1}`) },
  async apply(event, context) {
    const collection = await context.collection<Tally>(ODD_STEPS);
    await foldInto(collection, event.streamId, event, (current) => ({
      stream: event.streamId,
      events: (current?.events ?? 0) + 1,
      lastType: event.type,
      site: event.metadata.siteId,
    }));
  },
};

export const countedEvent = (type: string, site = 'site-north'): NewEvent => ({
  eventId: crypto.randomUUID(),
  type,
  data: {},
  metadata: {
    schemaVersion: 1,
    siteId: site,
    actor: { userId: 'u', role: 'clinician' },
    occurredAt: '2026-01-15T09:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
  },
});
