import { disclosureRecorded, explainReasons, mainReason } from '@continuum/consent';
import { RuleBroken } from '@continuum/decider';
import { type ReleaseHeldSends } from './commands.js';
import { type AftercareEvent } from './events.js';
import { type OutsideSendContext, type OutsideSendKind, gateOutsideSend, recipientOf } from './outside-sends.js';
import { type ExistingAftercarePlan } from './plan.js';
import { type AftercareRules } from './rules.js';

// Every send of Part 2 information outside the network goes through the one consent rule
// (docs/domain/aftercare.md#what-aftercare-discloses): allowed, the arrangement and its
// DisclosureRecorded are appended together; held, the arrangement is recorded with the send
// awaiting consent and the main reason; refused (a restriction, 42 CFR 2.26), nothing is recorded.

/** A service acting on its own: a consent arrived and a waiting send went out. */
const AFTERCARE_SERVICE = { userId: 'aftercare', role: 'system' };

export type OutsideSendOf = { kind: OutsideSendKind; carrierId: string; recipientId: string; send: OutsideSendContext };

/** The events of sending the arrangement to its recipient now, or of holding it; throws when the rule refuses. */
export function outsideSendEvents(
  plan: ExistingAftercarePlan,
  { kind, carrierId, recipientId, send }: OutsideSendOf,
  now: Date,
  rules: AftercareRules,
): AftercareEvent[] {
  const gate = gateOutsideSend(
    { kind, recipientId, clientId: plan.clientId, sendId: send.sendId, file: send.file, disclosedBy: send.disclosedBy, at: now },
    rules.disclosures,
  );
  if (gate.outcome === 'refuse') {
    throw new RuleBroken(
      `The ${kind} arrangement cannot be sent to ${recipientId}: ${explainReasons(gate.reasons)}`,
      'disclosure-refused',
      {
        reasons: gate.reasons,
      },
    );
  }
  if (gate.outcome === 'allow')
    return [{ type: 'DisclosureRecorded', data: disclosureRecorded(gate.record, plan.siteId, { kind, id: carrierId }) }];
  const main = mainReason(gate.reasons);
  return [
    {
      type: 'SendAwaitingConsent',
      data: {
        planId: plan.planId,
        clientId: plan.clientId,
        sendId: send.sendId,
        kind,
        carrierId,
        recipient: { recipientId, kind: recipientOf(kind, recipientId).kind },
        purpose: rules.disclosures.purpose,
        categories: [...rules.disclosures.categories[kind]],
        reasonCode: main.code,
        citation: main.citation,
        explanation: explainReasons(gate.reasons),
        since: now.toISOString(),
      },
    },
  ];
}

/**
 * Each send waiting for consent, decided again under the file as it now stands: covered, it
 * goes out with its DisclosureRecorded; refused (a restriction agreed since), it is withdrawn;
 * still held for another reason, the new main reason is recorded; held as before, nothing.
 */
export function releaseHeldSends(
  command: ReleaseHeldSends,
  plan: ExistingAftercarePlan,
  now: Date,
  rules: AftercareRules,
): AftercareEvent[] {
  const events: AftercareEvent[] = [];
  for (const waiting of plan.outsideSends) {
    if (waiting.status !== 'awaiting-consent') continue;
    const gate = gateOutsideSend(
      {
        kind: waiting.kind,
        recipientId: waiting.recipient.recipientId,
        clientId: plan.clientId,
        sendId: waiting.sendId,
        file: command.data.file,
        disclosedBy: AFTERCARE_SERVICE,
        at: now,
      },
      rules.disclosures,
    );
    if (gate.outcome === 'allow') {
      events.push({
        type: 'DisclosureRecorded',
        data: disclosureRecorded(gate.record, plan.siteId, { kind: waiting.kind, id: waiting.carrierId }),
      });
    } else if (gate.outcome === 'refuse') {
      const main = gate.reasons[0]!;
      events.push({
        type: 'HeldSendWithdrawn',
        data: {
          planId: plan.planId,
          clientId: plan.clientId,
          sendId: waiting.sendId,
          reasonCode: main.code,
          citation: main.citation,
          explanation: explainReasons(gate.reasons),
          withdrawnAt: now.toISOString(),
        },
      });
    } else {
      const main = mainReason(gate.reasons);
      if (main.code === waiting.reasonCode) continue;
      const { status: _status, reasonCode: _code, citation: _citation, explanation: _explanation, since: _since, ...send } = waiting;
      events.push({
        type: 'SendAwaitingConsent',
        data: {
          planId: plan.planId,
          clientId: plan.clientId,
          ...send,
          reasonCode: main.code,
          citation: main.citation,
          explanation: explainReasons(gate.reasons),
          since: now.toISOString(),
        },
      });
    }
  }
  return events;
}
