// The client's right to request restrictions (42 CFR 2.26(a), aligned with HIPAA 45 CFR
// 164.522(a)): a request to restrict disclosures for treatment, payment or health care operations
// is recorded, then agreed or refused with a reason. The programme need not agree to one, except
// the required restriction: no disclosure to a health plan, for payment or health care
// operations, of records of a service the client (or someone other than the plan) paid for in
// full. That one is agreed as it is recorded and can never be refused.
import { type Decider, RuleBroken } from '@continuum/decider';
import { type InformationCategory } from './consent.js';
import { type PurposeOfUse, purposeCovers, tpoFamilyOf } from './purpose-of-use.js';

/** Who a disclosure goes to, as the gateway classifies recipients. */
export const RECIPIENT_KINDS = [
  'provider',
  'health-plan',
  'third-party-payer',
  'program-operations',
  'recovery-residence',
  'peer-support',
  'criminal-justice',
  'court',
  'other',
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** What a requested restriction covers: every field given must match; at least one is given. */
export type RestrictionScope = {
  recipientIds?: string[];
  recipientKinds?: RecipientKind[];
  purposes?: PurposeOfUse[];
  categories?: InformationCategory[];
};

export type RestrictionRequest =
  | { kind: 'requested'; scope: RestrictionScope }
  /** The required restriction: services (by id) the client paid for in full, out of pocket. */
  | { kind: 'paid-in-full'; serviceIds: string[] };

export type Restriction = {
  restrictionId: string;
  clientId: string;
  request: RestrictionRequest;
  requestedAt: string;
  status: 'requested' | 'agreed' | 'refused';
  /** Why the programme refused, for the client. */
  refusalReason?: string;
  decidedAt?: string;
};

export type RequestRestriction = {
  type: 'RequestRestriction';
  data: { restrictionId: string; clientId: string; request: RestrictionRequest };
};
export type AgreeToRestriction = { type: 'AgreeToRestriction'; data: { restrictionId: string } };
export type RefuseRestriction = { type: 'RefuseRestriction'; data: { restrictionId: string; reason: string } };
export type RestrictionCommand = RequestRestriction | AgreeToRestriction | RefuseRestriction;

export type RestrictionRequested = {
  type: 'RestrictionRequested';
  data: { restrictionId: string; clientId: string; request: RestrictionRequest; requestedAt: string };
};
export type RestrictionAgreed = { type: 'RestrictionAgreed'; data: { restrictionId: string; agreedAt: string; required: boolean } };
export type RestrictionRefused = { type: 'RestrictionRefused'; data: { restrictionId: string; reason: string; refusedAt: string } };
export type RestrictionEvent = RestrictionRequested | RestrictionAgreed | RestrictionRefused;

/** A client's restrictions, by id. */
export type RestrictionState = { restrictions: Record<string, Restriction> };

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
const nonEmpty = (list: unknown): boolean => Array.isArray(list) && list.length > 0;

function decide(command: RestrictionCommand, state: RestrictionState, now: Date): RestrictionEvent[] {
  const at = now.toISOString();
  if (command.type === 'RequestRestriction') {
    const { restrictionId, clientId, request } = command.data;
    if (state.restrictions[restrictionId]) throw new RuleBroken(`Restriction ${restrictionId} is already recorded.`, 'restriction-exists');
    if (request.kind === 'paid-in-full') {
      if (!nonEmpty(request.serviceIds) || request.serviceIds.some(isBlank)) {
        throw new RuleBroken('Name the services the client paid for in full.', 'invalid-restriction');
      }
      // 42 CFR 2.26(a), 45 CFR 164.522(a)(1)(vi): the programme must agree; it is agreed as it is recorded.
      return [
        { type: 'RestrictionRequested', data: { restrictionId, clientId, request, requestedAt: at } },
        { type: 'RestrictionAgreed', data: { restrictionId, agreedAt: at, required: true } },
      ];
    }
    const scope = request.scope ?? {};
    if (![scope.recipientIds, scope.recipientKinds, scope.purposes, scope.categories].some(nonEmpty)) {
      throw new RuleBroken(
        'Say what the restriction covers: recipients, kinds of recipient, purposes or categories of information.',
        'invalid-restriction',
      );
    }
    return [{ type: 'RestrictionRequested', data: { restrictionId, clientId, request, requestedAt: at } }];
  }
  const restriction = state.restrictions[command.data.restrictionId];
  if (!restriction) throw new RuleBroken(`No restriction ${command.data.restrictionId} was requested.`, 'restriction-not-found');
  if (restriction.status !== 'requested') {
    throw new RuleBroken(`Restriction ${restriction.restrictionId} was already ${restriction.status}.`, 'restriction-decided');
  }
  if (command.type === 'AgreeToRestriction') {
    return [{ type: 'RestrictionAgreed', data: { restrictionId: restriction.restrictionId, agreedAt: at, required: false } }];
  }
  if (isBlank(command.data.reason)) throw new RuleBroken('Give the client the reason for refusing the restriction.', 'reason-required');
  return [
    { type: 'RestrictionRefused', data: { restrictionId: restriction.restrictionId, reason: command.data.reason.trim(), refusedAt: at } },
  ];
}

function evolve(state: RestrictionState, event: RestrictionEvent): RestrictionState {
  const put = (restriction: Restriction) => ({ restrictions: { ...state.restrictions, [restriction.restrictionId]: restriction } });
  switch (event.type) {
    case 'RestrictionRequested':
      return put({ ...event.data, status: 'requested' });
    case 'RestrictionAgreed':
      return put({ ...state.restrictions[event.data.restrictionId], status: 'agreed', decidedAt: event.data.agreedAt });
    case 'RestrictionRefused':
      return put({
        ...state.restrictions[event.data.restrictionId],
        status: 'refused',
        refusalReason: event.data.reason,
        decidedAt: event.data.refusedAt,
      });
  }
}

export const restrictions: Decider<RestrictionCommand, RestrictionEvent, RestrictionState> = {
  decide,
  evolve,
  initialState: { restrictions: {} },
};

/** What a disclosure is, for matching it against restrictions. */
export type RestrictableDisclosure = {
  at: string;
  recipient: { recipientId: string; kind: RecipientKind };
  purpose: PurposeOfUse;
  categories: InformationCategory[];
  /** The services the information pertains to; needed whenever a paid-in-full restriction exists. */
  serviceIds?: string[];
};

export type RestrictionBreach = { restrictionId: string; code: string; citation: string; explanation: string };

const toHealthPlan = (kind: RecipientKind) => kind === 'health-plan' || kind === 'third-party-payer';

/**
 * The restrictions in force at the disclosure's time that it would break. A restriction binds
 * from when it was agreed (inclusive). The required one binds every disclosure to a health plan
 * or payer for payment or operations that touches a paid-in-full service; one that does not say
 * which services it touches breaks it too (the safer reading: it cannot show it does not).
 */
export function restrictionsBroken(disclosure: RestrictableDisclosure, all: readonly Restriction[]): RestrictionBreach[] {
  const t = Date.parse(disclosure.at);
  const inForce = all.filter((r) => r.status === 'agreed' && r.decidedAt !== undefined && Date.parse(r.decidedAt) <= t);
  const breaches: RestrictionBreach[] = [];
  for (const restriction of inForce) {
    const request = restriction.request;
    if (request.kind === 'paid-in-full') {
      const family = tpoFamilyOf(disclosure.purpose);
      if (!toHealthPlan(disclosure.recipient.kind) || (family !== 'HPAYMT' && family !== 'HOPERAT')) continue;
      if (disclosure.serviceIds === undefined) {
        breaches.push({
          restrictionId: restriction.restrictionId,
          code: 'services-not-stated',
          citation: '42 CFR 2.26(a); 45 CFR 164.522(a)(1)(vi)',
          explanation:
            'The client paid in full for some services, which may not be disclosed to a health plan for payment or operations: say which services this disclosure pertains to.',
        });
      } else if (disclosure.serviceIds.some((id) => request.serviceIds.includes(id))) {
        breaches.push({
          restrictionId: restriction.restrictionId,
          code: 'paid-in-full',
          citation: '42 CFR 2.26(a); 45 CFR 164.522(a)(1)(vi)',
          explanation: `The client paid in full for ${disclosure.serviceIds.filter((id) => request.serviceIds.includes(id)).join(', ')}: it is never disclosed to a health plan for payment or operations.`,
        });
      }
      continue;
    }
    const scope = request.scope;
    const matches =
      (!nonEmpty(scope.recipientIds) || scope.recipientIds!.includes(disclosure.recipient.recipientId)) &&
      (!nonEmpty(scope.recipientKinds) || scope.recipientKinds!.includes(disclosure.recipient.kind)) &&
      (!nonEmpty(scope.purposes) || scope.purposes!.some((p) => purposeCovers(p, disclosure.purpose))) &&
      (!nonEmpty(scope.categories) || scope.categories!.some((c) => disclosure.categories.includes(c)));
    if (matches) {
      breaches.push({
        restrictionId: restriction.restrictionId,
        code: 'agreed-restriction',
        citation: '42 CFR 2.26(a)',
        explanation: `The programme agreed to the client's restriction ${restriction.restrictionId}, which covers this disclosure.`,
      });
    }
  }
  return breaches;
}
