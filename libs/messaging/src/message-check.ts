import { INTEGRATION_EVENT_CONTRACTS, validateIntegrationEvent, versionsOf } from '@continuum/contracts';

// What a consumer decides about a message before any handler sees it, so that no handler's
// type filter can swallow a malformed one (docs/architecture/messaging.md#what-a-consumer-checks-first):
// deliver it, skip a type no contract names yet from a producer we know, or refuse it for
// good. Reasons never repeat a value from the message: they may end up in logs.

export type MessageVerdict =
  | { verdict: 'deliver' }
  /** A well-formed event of a type no contract names, from the topic's own producer: newer than us. */
  | { verdict: 'unknown-type'; type: string; source: string }
  /** It can never be handled: straight to the dead letters with the reason. */
  | { verdict: 'refuse'; reason: string };

/** Judges the message's parsed payload (a string when the value was not JSON) read from `topic`. */
export type MessageCheck = (payload: unknown, topic: string) => MessageVerdict;

const PLAIN_TYPE = /^[A-Za-z][A-Za-z0-9.-]{0,63}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function notAnObject(payload: unknown): MessageVerdict {
  const what =
    typeof payload === 'string' || payload instanceof Uint8Array
      ? 'not JSON'
      : Array.isArray(payload)
        ? 'a JSON array'
        : `JSON ${payload === null ? 'null' : typeof payload}`;
  return { verdict: 'refuse', reason: `envelope: the message value is ${what}, not an integration event object` };
}

/**
 * The bare envelope a transport needs: a JSON object with a type (the interceptor has already
 * made sure of an event id, in the payload or its header). For buses that carry test events
 * rather than the network's contracts (the transport contract suite, the benchmark); services
 * use `integrationEventCheck`.
 */
export const envelopeCheck: MessageCheck = (payload) => {
  if (!isObject(payload)) return notAnObject(payload);
  if (typeof payload.type !== 'string' || payload.type.length === 0) return { verdict: 'refuse', reason: 'envelope: type: is required' };
  return { verdict: 'deliver' };
};

/** The producers of each topic the contracts name, e.g. continuum.intake.events.v1 → {intake}. */
const PRODUCERS = new Map<string, Set<string>>();
for (const contract of INTEGRATION_EVENT_CONTRACTS) {
  const producers = PRODUCERS.get(contract.topic) ?? new Set<string>();
  producers.add(contract.source);
  PRODUCERS.set(contract.topic, producers);
}
const ALL_PRODUCERS = new Set(INTEGRATION_EVENT_CONTRACTS.map((contract) => contract.source));

/**
 * The envelope and the contract of the network's integration events (libs/contracts), the
 * default of every service's consumers. A topic the contracts name accepts only its own
 * producers' events; any other topic, any producer with a contract.
 */
export const integrationEventCheck: MessageCheck = (payload, topic) => {
  if (!isObject(payload)) return notAnObject(payload);
  const validation = validateIntegrationEvent(payload);
  const producers = PRODUCERS.get(topic) ?? ALL_PRODUCERS;
  const { type, source } = payload;
  if (validation.ok) {
    if (!producers.has(validation.event.source))
      return { verdict: 'refuse', reason: `contract: source: ${validation.event.source} does not publish on ${topic}` };
    return { verdict: 'deliver' };
  }
  const onlyProblemIsTheType =
    typeof type === 'string' && PLAIN_TYPE.test(type) && versionsOf(type).length === 0 && validation.problems.length === 1;
  if (onlyProblemIsTheType && typeof source === 'string' && producers.has(source)) return { verdict: 'unknown-type', type, source };
  return { verdict: 'refuse', reason: `contract: ${validation.problems.join('; ')}` };
};
