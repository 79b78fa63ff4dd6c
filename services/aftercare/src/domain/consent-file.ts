import { type CopiedConsentFile } from '@continuum/consent';
import { AFTERCARE_STREAM_PREFIX, aftercarePlanIdFor } from './events.js';

// What aftercare keeps of a client's Part 2 consents, stream `aftercare-client-<clientId>`
// (docs/domain/aftercare.md#what-aftercare-discloses): copies of intake's ConsentGranted (v1,
// v2), ConsentRevoked and RestrictionAgreed, and the events consents expire on (treatment-plan's
// EpisodeDischarged, aftercare's own ContinuingCareEnded), so the one consent rule decides a
// send with no call to intake. The file is @continuum/consent's copy decider (consentFileDecider):
// every command names the event it copies, and a redelivered event decides nothing.

export const AFTERCARE_CLIENT_STREAM_PREFIX = 'aftercare-client-';
export const consentFileStream = (clientId: string) => `${AFTERCARE_CLIENT_STREAM_PREFIX}${clientId}`;
/** A plan's stream, not a consent file's: both start with `aftercare-` (plan ids are episode UUIDs, never `client-…`). */
export const isAftercarePlanStream = (streamId: string) =>
  streamId.startsWith(AFTERCARE_STREAM_PREFIX) && !streamId.startsWith(AFTERCARE_CLIENT_STREAM_PREFIX);

/** The aftercare plans of the client the file knows of: one per discharge (the plan id is the episode id). */
export const planIdsInFile = (file: CopiedConsentFile): string[] => [
  ...new Set(
    file.events.flatMap((event) =>
      event.event === 'discharge' && event.episodeId !== undefined ? [aftercarePlanIdFor(event.episodeId)] : [],
    ),
  ),
];
