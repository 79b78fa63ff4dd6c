import { type ReadModelDefinition } from '@continuum/read-store';
import { type ExistingAftercarePlan, type OutsideSendKind } from '../domain/index.js';

// One row per send of a plan to an outside recipient (domain/outside-sends.ts), for the list a
// case manager works through: the sends of a site waiting for the client's consent, oldest
// first, each with the main reason and its section. Rows stay when a send goes out or is
// withdrawn (their status changes), so the list asks for `awaiting-consent`.

export type HeldSendRow = {
  sendId: string;
  planId: string;
  clientId: string;
  siteId: string;
  kind: OutsideSendKind;
  recipientId: string;
  recipientKind: string;
  status: 'awaiting-consent' | 'sent' | 'withdrawn';
  reasonCode: string | null;
  citation: string | null;
  /** Since when it waits (null once sent). */
  since: string | null;
};

export const HELD_SENDS: ReadModelDefinition = {
  name: 'aftercare_outside_sends',
  indexes: [{ fields: ['siteId', 'status', 'since'] }, { fields: ['status', 'since'] }, { fields: ['planId'] }],
};

export function outsideSendRowsOf(plan: ExistingAftercarePlan): HeldSendRow[] {
  return plan.outsideSends.map((send) => ({
    sendId: send.sendId,
    planId: plan.planId,
    clientId: plan.clientId,
    siteId: plan.siteId,
    kind: send.kind,
    recipientId: send.recipient.recipientId,
    recipientKind: send.recipient.kind,
    status: send.status,
    reasonCode: send.status === 'sent' ? null : send.reasonCode,
    citation: send.status === 'awaiting-consent' ? send.citation : null,
    since: send.status === 'awaiting-consent' ? send.since : null,
  }));
}
