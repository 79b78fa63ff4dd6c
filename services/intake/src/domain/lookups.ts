import { type Decider } from '@continuum/decider';
import { type SafetyFollowUpOpened } from './events.js';

// The lookups intake keeps beside its client streams (application/client-index.ts): which
// clients share a duplicate key, which client a consent belongs to, and which client a safety
// follow-up belongs to. A lookup is a list of pointers to clients; each client is pointed to
// once, however often it is asked.

export const IDENTITY_INDEXED = 'ClientIdentityIndexed';
export const CONSENT_INDEXED = 'ConsentIndexed';
export const SAFETY_FOLLOW_UP_INDEXED = 'SafetyFollowUpIndexed';

export type LookupEvent = {
  type: typeof IDENTITY_INDEXED | typeof CONSENT_INDEXED | typeof SAFETY_FOLLOW_UP_INDEXED;
  data: { clientId: string };
};
export type PointToClient = { type: 'PointToClient'; clientId: string };
/** For a pointer that depends on what the client's step decided (a screen opens a follow-up, or not): nothing to point at. */
export type PointNowhere = { type: 'PointNowhere' };
export type Lookup = { clientIds: string[] };

/**
 * The follow-up lookup's pointer for a screen: to the client when the client's own step (its
 * `decided` events) opened follow-up `followUpId`, nowhere when the screen opened none (no
 * suicide-risk signal, or one already open), so the lookup never names a follow-up that does not exist.
 */
export function pointerToOpenedFollowUp(
  followUpId: string,
  clientId: string,
  decided: readonly { type: string; data: unknown }[],
): PointToClient | PointNowhere {
  const opened = decided.some(
    (event) => event.type === 'SafetyFollowUpOpened' && (event.data as SafetyFollowUpOpened['data']).followUpId === followUpId,
  );
  return opened ? { type: 'PointToClient', clientId } : { type: 'PointNowhere' };
}

/** The rules of a lookup whose pointers are `eventType` events. */
export function lookupDecider(eventType: LookupEvent['type']): Decider<PointToClient | PointNowhere, LookupEvent, Lookup> {
  return {
    initialState: { clientIds: [] },
    evolve: (state, event) =>
      state.clientIds.includes(event.data.clientId) ? state : { clientIds: [...state.clientIds, event.data.clientId] },
    decide: (command, state) =>
      command.type === 'PointNowhere' || state.clientIds.includes(command.clientId)
        ? []
        : [{ type: eventType, data: { clientId: command.clientId } }],
  };
}
