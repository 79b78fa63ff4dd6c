import { type Projection } from '@continuum/read-store';
import { CLIENT_STREAM_PREFIX, type IntakeEvent, evolve, initialState } from '../domain/index.js';
import { CLIENT_LIST, type ClientListItem, listItemOf } from './client-list.js';
import { CLIENT_RECORDS, type ClientRecord } from './client-record.js';

// Folds each client's stream with the write side's own `evolve`, so the lists can never
// disagree with the rules about what a status or a flag means. The record is written first
// and the list row is derived from it: after a crash between the two writes, the replayed
// event finds the record already at its position and writes the missing row from it.

export const intakeClientsProjection: Projection = {
  name: 'intake-clients',
  // 2: the folded state holds the safety follow-ups.
  // 3: consents held as @continuum/consent consents (the client state changed shape).
  version: 3,
  readModels: [CLIENT_RECORDS, CLIENT_LIST],
  filter: { streamPrefixes: [CLIENT_STREAM_PREFIX] },
  async apply(event, context) {
    if (!event.streamId.startsWith(CLIENT_STREAM_PREFIX)) return;
    const clientId = event.streamId.slice(CLIENT_STREAM_PREFIX.length);
    const records = await context.collection<ClientRecord>(CLIENT_RECORDS);
    const stored = await records.get(clientId);
    let record: ClientRecord;
    if (!stored || stored.version < event.position) {
      const previous = stored?.document.state ?? initialState;
      // An event type this version does not know leaves the state as it was.
      const state = evolve(previous, event as unknown as IntakeEvent) ?? previous;
      record = { clientId, siteId: state.registration?.siteId ?? event.metadata.siteId, state, updatedAt: event.recordedAt };
      await records.upsert(clientId, record, event.position);
    } else if (stored.version === event.position) {
      record = stored.document;
    } else {
      return;
    }
    const list = await context.collection<ClientListItem>(CLIENT_LIST);
    await list.upsert(clientId, listItemOf(clientId, record.state, record.siteId, record.updatedAt), event.position);
  },
};
