import {
  type ConsentFile,
  type ConsentPolicy,
  type CourtOrder,
  DEFAULT_CONSENT_POLICY,
  type DisclosureDecision,
  type DisclosureRecipient,
  type DisclosureRecordedData,
  type InformationCategory,
  type PurposeOfUse,
  type Reason,
  consentsAndRestrictionsOf,
  decideDisclosure,
  disclosureRecorded,
  explainReasons,
  mainReason,
} from '@continuum/consent';
import { type LevelOfCare } from '@continuum/care-episode';
import { type Decider, RuleBroken } from '@continuum/decider';
import { type OutsideSendCarrier } from './consent-copies.js';

// treatment-plan's sends of Part 2 records outside the network, each through the disclosure
// gateway (@continuum/consent's decideDisclosure; docs/domain/treatment-plan.md#outside-sends-payers-and-courts):
// - a payer authorisation request: asks a health plan or third-party payer to authorise a level
//   of care, for payment (HPAYMT), under the client's consent; never for a service the client
//   paid for in full (42 CFR 2.26(a); 45 CFR 164.522(a)(1)(vi));
// - a court report: a progress report to a court, probation or parole, under a 42 CFR 2.35
//   consent to a recipient that monitors the client's progress, or a court order of subpart E
//   (2.64/2.65); a subpoena alone never (2.61).
// Allowed: the send and its DisclosureRecorded in one append. Only a consent missing: held,
// and tried again when a consent arrives. Refused: nothing written, the reasons say why.
// Each send has its own stream: `payer-authorization-request-<id>`, `court-report-<id>`.

export const outsideSendStream = (carrier: OutsideSendCarrier, sendId: string) => `${carrier}-${sendId}`;

/** What the network sends a payer with an authorisation request, and the statements it uses. */
export type OutsideSendRules = {
  payerAuthorization: {
    /** HL7 v3 PurposeOfUse: HPAYMT (payment) unless the network chooses a specialisation of it. */
    purpose: PurposeOfUse;
    /** The categories an authorisation request carries (42 CFR 2.31(a)(3)), as the network configures them. */
    categories: InformationCategory[];
  };
  /** A court report's purpose: HLEGAL, which no treatment, payment or operations consent covers. */
  courtReportPurpose: PurposeOfUse;
  policy: ConsentPolicy;
};

export const DEFAULT_OUTSIDE_SEND_RULES: OutsideSendRules = {
  // Diagnosis codes, the level of care asked for, and the assessment summary behind it (the treatment-plan category).
  payerAuthorization: { purpose: 'HPAYMT', categories: ['diagnosis', 'level-of-care', 'treatment-plan'] },
  courtReportPurpose: 'HLEGAL',
  policy: DEFAULT_CONSENT_POLICY,
};

/** What an authorisation request says, as codes and ids. */
export type AuthorizationContent = {
  kind: 'payer-authorization-request';
  episodeId: string;
  level: LevelOfCare;
  /** ICD-10-CM codes. */
  diagnosisCodes: string[];
  /** The placement assessment the level rests on, by id. */
  assessmentId?: string;
};

/** What a court report covers: the period and the document sent, by id (never its text). */
export type CourtReportContent = { kind: 'court-report'; episodeId: string; periodFrom: string; periodTo: string; reportRef: string };

export type SendBasis = { kind: 'consent' } | { kind: 'court-order'; order: CourtOrder } | { kind: 'subpoena'; reference: string };

export type RequestOutsideSend = {
  type: 'RequestOutsideSend';
  data: {
    sendId: string;
    clientId: string;
    siteId: string;
    content: AuthorizationContent | CourtReportContent;
    recipient: DisclosureRecipient;
    categories: InformationCategory[];
    basis: SendBasis;
    disclosedBy: { userId: string; role: string };
    /** The client's consent copies, restrictions and discharges, as this service holds them. */
    file: ConsentFile;
  };
};
/** A consent arrived: a held send goes now if the gateway allows it. */
export type ReleaseHeldSend = { type: 'ReleaseHeldSend'; data: { file: ConsentFile } };
export type OutsideSendCommand = RequestOutsideSend | ReleaseHeldSend;

type SendRequest = Omit<RequestOutsideSend['data'], 'file'> & {
  carrier: OutsideSendCarrier;
  purpose: PurposeOfUse;
  /** The services the information pertains to (the paid-in-full restriction reads them): the episode. */
  serviceIds: string[];
};

export type OutsideSendRequested = { type: 'OutsideSendRequested'; data: SendRequest & { requestedAt: string } };
/** Only a consent is missing: recorded as held with the main reason, the rest explained (42 CFR 2.33). */
export type OutsideSendHeld = {
  type: 'OutsideSendHeld';
  data: { sendId: string; clientId: string; reasonCode: string; citation: string; explanation: string; since: string };
};
export type OutsideSendSent = {
  type: 'OutsideSendSent';
  data: { sendId: string; clientId: string; carrier: OutsideSendCarrier; disclosureId: string; consentId?: string; sentAt: string };
};
/** A held send the gateway now refuses (a restriction agreed while it waited): it never goes. */
export type HeldSendRefused = {
  type: 'HeldSendRefused';
  data: { sendId: string; clientId: string; reasons: Reason[]; refusedAt: string };
};
export type DisclosureRecorded = { type: 'DisclosureRecorded'; data: DisclosureRecordedData };
export type OutsideSendEvent = OutsideSendRequested | OutsideSendHeld | OutsideSendSent | HeldSendRefused | DisclosureRecorded;

export type OutsideSend =
  | { status: 'none' }
  | {
      status: 'awaiting-consent' | 'sent' | 'refused';
      request: SendRequest;
      held?: OutsideSendHeld['data'];
      disclosureId?: string;
      consentId?: string;
    };

export const initialOutsideSend: OutsideSend = { status: 'none' };

export function evolveOutsideSend(state: OutsideSend, event: OutsideSendEvent): OutsideSend {
  switch (event.type) {
    case 'OutsideSendRequested': {
      const { requestedAt: _requestedAt, ...request } = event.data;
      return { status: 'awaiting-consent', request };
    }
    case 'OutsideSendHeld':
      return state.status === 'none' ? state : { ...state, status: 'awaiting-consent', held: event.data };
    case 'OutsideSendSent':
      return state.status === 'none'
        ? state
        : {
            ...state,
            status: 'sent',
            disclosureId: event.data.disclosureId,
            ...(event.data.consentId === undefined ? {} : { consentId: event.data.consentId }),
          };
    case 'HeldSendRefused':
      return state.status === 'none' ? state : { ...state, status: 'refused' };
    default:
      return state;
  }
}

const PAYERS = ['health-plan', 'third-party-payer'];
const JUSTICE = ['criminal-justice', 'court'];

function decideOutsideSend(command: OutsideSendCommand, state: OutsideSend, now: Date, rules: OutsideSendRules): OutsideSendEvent[] {
  const at = now.toISOString();
  if (command.type === 'ReleaseHeldSend') {
    if (state.status !== 'awaiting-consent') return [];
    const decision = gate(state.request, command.data.file, now, rules);
    if (decision.outcome === 'hold-awaiting-consent') return [];
    if (decision.outcome === 'refuse') {
      const { sendId, clientId } = state.request;
      return [{ type: 'HeldSendRefused', data: { sendId, clientId, reasons: decision.reasons, refusedAt: at } }];
    }
    return sent(state.request, decision, at);
  }
  // A retry of the same request finds its first answer (the send id derives from its Idempotency-Key).
  if (state.status !== 'none') return [];
  const request = requestOf(command.data, rules);
  const decision = gate(request, command.data.file, now, rules);
  if (decision.outcome === 'refuse') {
    throw new RuleBroken(
      `The ${describe(request.carrier)} cannot go to ${request.recipient.recipientId}: ${explainReasons(decision.reasons)}`,
      'disclosure-refused',
      {
        reasons: decision.reasons,
      },
    );
  }
  const requested: OutsideSendRequested = { type: 'OutsideSendRequested', data: { ...request, requestedAt: at } };
  if (decision.outcome === 'allow') return [requested, ...sent(request, decision, at)];
  const main = mainReason(decision.reasons);
  return [
    requested,
    {
      type: 'OutsideSendHeld',
      data: {
        sendId: request.sendId,
        clientId: request.clientId,
        reasonCode: main.code,
        citation: main.citation,
        explanation: explainReasons(decision.reasons),
        since: at,
      },
    },
  ];
}

/** The request as the gateway reads it, after the rules of each carrier that come before the gateway. */
function requestOf(data: RequestOutsideSend['data'], rules: OutsideSendRules): SendRequest {
  const { file: _file, ...rest } = data;
  const { content, recipient, basis } = data;
  if (content.kind === 'payer-authorization-request') {
    if (!PAYERS.includes(recipient.kind)) {
      throw new RuleBroken(
        `An authorisation request goes to a health plan or a third-party payer, not to a recipient of kind ${recipient.kind}.`,
        'not-a-payer',
      );
    }
    if (basis.kind !== 'consent') {
      throw new RuleBroken('An authorisation request goes out only under the client’s consent (42 CFR 2.33).', 'payer-needs-consent');
    }
    return { ...rest, carrier: content.kind, purpose: rules.payerAuthorization.purpose, serviceIds: [content.episodeId] };
  }
  if (!JUSTICE.includes(recipient.kind)) {
    throw new RuleBroken(
      `A court report goes to a court, probation or parole, not to a recipient of kind ${recipient.kind}.`,
      'not-criminal-justice',
    );
  }
  if (basis.kind === 'consent' && (recipient.kind !== 'criminal-justice' || recipient.monitorsProgress !== true)) {
    // 42 CFR 2.35(a)(1): a criminal-justice consent covers only those in the criminal justice
    // system who need the information to monitor the client's progress; anyone else needs an order.
    throw new RuleBroken(
      `The court report cannot go to ${recipient.recipientId} under a consent: ${explainReasons([NOT_MONITORING])}`,
      'disclosure-refused',
      { reasons: [NOT_MONITORING] },
    );
  }
  return { ...rest, carrier: content.kind, purpose: rules.courtReportPurpose, serviceIds: [content.episodeId] };
}

const NOT_MONITORING: Reason = {
  code: 'not-monitoring-progress',
  citation: '42 CFR 2.35(a)(1)',
  explanation:
    "Under a consent a court report goes only to a criminal-justice recipient who monitors the client's progress (probation, parole, a drug court's team); for anyone else, a court order under 42 CFR 2.64 or 2.65.",
};

/**
 * The gateway's answer for this request now, on the client's file. A court report under consent
 * relies only on a 42 CFR 2.35 consent: the safer reading, since such reports are what 2.35
 * governs, and it keeps a general consent from carrying them.
 */
function gate(request: SendRequest, file: ConsentFile, now: Date, rules: OutsideSendRules): DisclosureDecision {
  const { consents, restrictions, events } = consentsAndRestrictionsOf(file, request.clientId);
  const relied = request.carrier === 'court-report' ? consents.filter((consent) => consent.form.criminalJustice !== undefined) : consents;
  return decideDisclosure(
    {
      requestId: request.sendId,
      clientId: request.clientId,
      at: now.toISOString(),
      recipient: request.recipient,
      purpose: request.purpose,
      categories: [...request.categories],
      serviceIds: [...request.serviceIds],
      disclosedBy: request.disclosedBy,
      basis: request.basis,
    },
    relied,
    restrictions,
    { events, policy: rules.policy },
  );
}

function sent(request: SendRequest, decision: Extract<DisclosureDecision, { outcome: 'allow' }>, at: string): OutsideSendEvent[] {
  const { record } = decision;
  const consentId = record.basis.kind === 'consent' ? record.basis.consentId : undefined;
  return [
    { type: 'DisclosureRecorded', data: disclosureRecorded(record, request.siteId, { kind: request.carrier, id: request.sendId }) },
    {
      type: 'OutsideSendSent',
      data: {
        sendId: request.sendId,
        clientId: request.clientId,
        carrier: request.carrier,
        disclosureId: record.disclosureId,
        ...(consentId === undefined ? {} : { consentId }),
        sentAt: at,
      },
    },
  ];
}

const describe = (carrier: OutsideSendCarrier) => (carrier === 'court-report' ? 'court report' : 'authorisation request');

export function outsideSendDecider(
  rules: OutsideSendRules = DEFAULT_OUTSIDE_SEND_RULES,
): Decider<OutsideSendCommand, OutsideSendEvent, OutsideSend> {
  return {
    initialState: initialOutsideSend,
    evolve: evolveOutsideSend,
    decide: (command, state, now) => decideOutsideSend(command, state, now, rules),
  };
}
