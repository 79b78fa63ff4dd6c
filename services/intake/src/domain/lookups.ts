import { type Decider } from '@continuum/decider';

// The lookups intake keeps beside its client streams (application/client-index.ts): which
// clients share a duplicate key, and which client a consent belongs to. A lookup is a list of
// pointers to clients; each client is pointed to once, however often it is asked.

export const IDENTITY_INDEXED = 'ClientIdentityIndexed';
export const CONSENT_INDEXED = 'ConsentIndexed';

export type LookupEvent = { type: typeof IDENTITY_INDEXED | typeof CONSENT_INDEXED; data: { clientId: string } };
export type PointToClient = { type: 'PointToClient'; clientId: string };
export type Lookup = { clientIds: string[] };

/** The rules of a lookup whose pointers are `eventType` events. */
export function lookupDecider(eventType: LookupEvent['type']): Decider<PointToClient, LookupEvent, Lookup> {
  return {
    initialState: { clientIds: [] },
    evolve: (state, event) => (state.clientIds.includes(event.data.clientId) ? state : { clientIds: [...state.clientIds, event.data.clientId] }),
    decide: (command, state) => (state.clientIds.includes(command.clientId) ? [] : [{ type: eventType, data: { clientId: command.clientId } }]),
  };
}
