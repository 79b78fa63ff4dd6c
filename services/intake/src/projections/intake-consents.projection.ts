import { type Projection, foldInto } from '@continuum/read-store';
import { CLIENT_STREAM_PREFIX, type ClientRegistered, type ConsentGranted, type ConsentRevoked } from '../domain/index.js';
import { ACTIVE_CONSENTS, type ActiveConsents, withConsentGranted, withConsentRevoked } from './active-consents.js';

// Kept apart from the client lists so that it can be rebuilt, and answer, on its own: other
// services' consent checks must not wait for a rebuild of the coordinators' lists.

const CONSENT_EVENTS = ['ClientRegistered', 'ConsentGranted', 'ConsentRevoked'];

export const intakeConsentsProjection: Projection = {
  name: 'intake-consents',
  // 2: consents on the 2024 form (@continuum/consent), old ones read in its terms.
  version: 2,
  readModels: [ACTIVE_CONSENTS],
  filter: { streamPrefixes: [CLIENT_STREAM_PREFIX], eventTypes: CONSENT_EVENTS },
  async apply(event, context) {
    if (!event.streamId.startsWith(CLIENT_STREAM_PREFIX) || !CONSENT_EVENTS.includes(event.type)) return;
    const clientId = event.streamId.slice(CLIENT_STREAM_PREFIX.length);
    const consents = await context.collection<ActiveConsents>(ACTIVE_CONSENTS);
    await foldInto(consents, clientId, event, (current) => {
      const document = current ?? { clientId, siteId: event.metadata.siteId, consents: [] };
      switch (event.type) {
        case 'ClientRegistered':
          return { ...document, siteId: (event.data as ClientRegistered['data']).siteId };
        case 'ConsentGranted':
          return withConsentGranted(document, event.data as ConsentGranted['data']);
        case 'ConsentRevoked':
          return withConsentRevoked(document, event.data as ConsentRevoked['data']);
        default:
          return undefined;
      }
    });
  },
};
