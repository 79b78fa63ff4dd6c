import {
  type RestrictionCommand as RuleCommand,
  type RestrictionEvent as RuleEvent,
  type Restriction,
  type RestrictionRequest,
  type RestrictionState,
  restrictions,
} from '@continuum/consent';
import { type RestrictionCommand } from './commands.js';
import { type IntakeEvent, type RestrictionAgreed, type RestrictionRefused, type RestrictionRequested } from './events.js';
import { type ValidationProblem, refuseInvalid } from './validation.js';

// The client's right to request restrictions (42 CFR 2.26(a); 45 CFR 164.522(a)) as intake
// records it. The rule is the network's one rule, @continuum/consent's `restrictions` decider:
// a request is recorded, then agreed or refused with a reason; the required one (no
// disclosure to a health plan of services the client paid for in full) is agreed as it is
// recorded and can never be refused. Intake's part is keeping the requests in the client's
// stream, with the client's id on each event, and the request on the agreement (what is
// published as RestrictionAgreed).

/** A client's restrictions, requested, agreed or refused, by id. */
export type ClientRestrictions = RestrictionState['restrictions'];

export type IntakeRestrictionEvent = RestrictionRequested | RestrictionAgreed | RestrictionRefused;

/**
 * A request names what it covers (`kind: 'requested'` with a `scope`) or the services paid for
 * in full (`kind: 'paid-in-full'` with `serviceIds`), never both: a request with both would be
 * read as one of them and the other part lost.
 */
function requestShapeProblems(request: RestrictionRequest | undefined): ValidationProblem[] {
  const given = (request ?? {}) as Record<string, unknown>;
  if (given.kind === 'paid-in-full') {
    return given.scope === undefined
      ? []
      : [{ field: 'scope', message: 'a paid-in-full restriction names the services (serviceIds), not a scope: send a scope separately' }];
  }
  if (given.kind === 'requested') {
    return given.serviceIds === undefined
      ? []
      : [{ field: 'serviceIds', message: 'services paid for in full are a restriction of kind paid-in-full: send them separately' }];
  }
  return [
    { field: 'kind', message: 'say whether the client requests a restriction (requested) or paid for services in full (paid-in-full)' },
  ];
}

function ruleCommandOf(command: RestrictionCommand): RuleCommand {
  switch (command.type) {
    case 'RequestRestriction':
      return { type: 'RequestRestriction', data: { ...command.data, clientId: command.clientId } };
    case 'AgreeToRestriction':
      return { type: 'AgreeToRestriction', data: { restrictionId: command.data.restrictionId } };
    case 'RefuseRestriction':
      return { type: 'RefuseRestriction', data: { restrictionId: command.data.restrictionId, reason: command.data.reason } };
  }
}

/** What the restrictions rule decides, as events of the client's stream. */
export function decideRestriction(command: RestrictionCommand, current: ClientRestrictions, now: Date): IntakeEvent[] {
  if (command.type === 'RequestRestriction') {
    const problems = requestShapeProblems(command.data.request);
    if (problems.length > 0) refuseInvalid('the restriction cannot be recorded', 'invalid-restriction', problems);
  }
  const clientId = command.clientId;
  return restrictions.decide(ruleCommandOf(command), { restrictions: current }, now).map((event): IntakeEvent => {
    switch (event.type) {
      case 'RestrictionRequested':
        return { type: 'RestrictionRequested', data: { ...event.data, clientId } };
      case 'RestrictionAgreed': {
        // The request is the command's (a paid-in-full one is agreed in the same decision) or the recorded one's.
        const request = command.type === 'RequestRestriction' ? command.data.request : current[event.data.restrictionId]!.request;
        return {
          type: 'RestrictionAgreed',
          data: {
            clientId,
            restrictionId: event.data.restrictionId,
            request,
            required: event.data.required,
            agreedAt: event.data.agreedAt,
          },
        };
      }
      case 'RestrictionRefused':
        return { type: 'RestrictionRefused', data: { clientId, ...event.data } };
    }
  });
}

/** The client's restrictions after one of their events, as the rule folds it. */
export function evolveRestrictions(current: ClientRestrictions, event: IntakeRestrictionEvent): ClientRestrictions {
  let ruleEvent: RuleEvent;
  switch (event.type) {
    case 'RestrictionRequested':
      ruleEvent = { type: 'RestrictionRequested', data: event.data };
      break;
    case 'RestrictionAgreed': {
      const { restrictionId, agreedAt, required } = event.data;
      ruleEvent = { type: 'RestrictionAgreed', data: { restrictionId, agreedAt, required } };
      break;
    }
    case 'RestrictionRefused': {
      const { restrictionId, reason, refusedAt } = event.data;
      ruleEvent = { type: 'RestrictionRefused', data: { restrictionId, reason, refusedAt } };
      break;
    }
  }
  return restrictions.evolve({ restrictions: current }, ruleEvent).restrictions;
}

/** The restrictions as a coordinator reads them, in the order they were requested. */
export const restrictionList = (current: ClientRestrictions = {}): Restriction[] => Object.values(current);
