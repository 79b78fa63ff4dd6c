import { type Decider, RuleBroken } from '@continuum/decider';
import {
  type ClientEvent,
  type Consent,
  type ConsentPolicy,
  type DisclosureBasisClaim,
  type DisclosureDecision,
  type DisclosureRecipient,
  type DisclosureRecordedData,
  type InformationCategory,
  type PurposeOfUse,
  type Reason,
  type Restriction,
  decideDisclosure,
  disclosureRecorded,
} from '@continuum/consent';
import { STREAM_PREFIXES } from './stored-event.js';

// A FHIR export to a recipient outside the network is a disclosure of Part 2 records, so it
// goes through the disclosure gateway like every other send (@continuum/consent
// decideDisclosure; docs/domain/part-2-consent-rule.md#the-disclosure-rule): allowed, it is
// recorded as `DisclosureRecorded` (carried by `fhir-export`) in the export's own stream before
// the bundle is handed over; held for want of a consent, it is recorded as awaiting consent and
// may be retried once one is recorded; refused (a restriction, a subpoena alone, an incomplete
// emergency record, an order that does not cover it), nothing is written.

export const FHIR_EXPORT_STREAM_PREFIX = STREAM_PREFIXES.fhirExport;
export const fhirExportStream = (exportId: string) => `${FHIR_EXPORT_STREAM_PREFIX}${exportId}`;

/**
 * What the export's bundle holds, as categories of information (42 CFR 2.31(a)(3)): diagnosis
 * codes (ServiceRequest), levels of care and discharge (EpisodeOfCare), the treatment plan
 * (CarePlan, Goal) and whether referral appointments were kept (Task). A consent must cover
 * every one of them; SUD counselling notes are never exported.
 */
export const FHIR_EXPORT_CATEGORIES: readonly InformationCategory[] = ['diagnosis', 'level-of-care', 'treatment-plan', 'attendance'];

export type FhirExportRequest = {
  exportId: string;
  clientId: string;
  recipient: DisclosureRecipient;
  purpose: PurposeOfUse;
  basis: DisclosureBasisClaim;
};

/** The client's consents and agreed restrictions as the store holds them, and the network's policy. */
export type GatewayInputs = {
  consents: readonly Consent[];
  restrictions: readonly Restriction[];
  events: readonly ClientEvent[];
  policy: ConsentPolicy;
};

export type RequestFhirExport = {
  type: 'RequestFhirExport';
  data: { request: FhirExportRequest; siteId: string; gateway: GatewayInputs; disclosedBy: { userId: string; role: string } };
};
export type RetryFhirExport = {
  type: 'RetryFhirExport';
  data: { gateway: GatewayInputs; disclosedBy: { userId: string; role: string } };
};
export type FhirExportCommand = RequestFhirExport | RetryFhirExport;

/** Held for want of a consent: the request as asked (to retry it), and why, citing the section. */
export type FhirExportAwaitingConsent = {
  type: 'FhirExportAwaitingConsent';
  data: {
    exportId: string;
    clientId: string;
    siteId: string;
    recipient: DisclosureRecipient;
    purpose: PurposeOfUse;
    categories: InformationCategory[];
    reasons: Reason[];
    heldAt: string;
  };
};
export type FhirExportDisclosed = { type: 'DisclosureRecorded'; data: DisclosureRecordedData };
export type FhirExportEvent = FhirExportAwaitingConsent | FhirExportDisclosed;

export type FhirExportState =
  | { status: 'none' }
  | { status: 'awaiting-consent'; request: FhirExportRequest; siteId: string; reasons: Reason[] }
  | { status: 'disclosed'; exportId: string; clientId: string; disclosureId: string };

const explain = (reasons: readonly Reason[]) => reasons.map((reason) => `${reason.explanation} (${reason.citation})`).join(' ');

function decision(
  request: FhirExportRequest,
  gateway: GatewayInputs,
  at: Date,
  disclosedBy: { userId: string; role: string },
): DisclosureDecision {
  return decideDisclosure(
    {
      requestId: request.exportId,
      clientId: request.clientId,
      at: at.toISOString(),
      recipient: request.recipient,
      purpose: request.purpose,
      categories: [...FHIR_EXPORT_CATEGORIES],
      disclosedBy,
      basis: request.basis,
    },
    gateway.consents,
    gateway.restrictions,
    { events: gateway.events, policy: gateway.policy },
  );
}

function decide(command: FhirExportCommand, state: FhirExportState, now: Date): FhirExportEvent[] {
  switch (command.type) {
    case 'RequestFhirExport': {
      if (state.status !== 'none') {
        throw new RuleBroken(`Export ${command.data.request.exportId} was already requested: retry it instead.`, 'export-exists', {
          status: state.status,
        });
      }
      const { request, siteId, gateway, disclosedBy } = command.data;
      return outcomeOf(decision(request, gateway, now, disclosedBy), request, siteId, now);
    }
    case 'RetryFhirExport': {
      if (state.status !== 'awaiting-consent') {
        throw new RuleBroken(
          state.status === 'none' ? 'There is no such export to retry.' : 'This export was already disclosed; request a new one.',
          'not-awaiting-consent',
          { status: state.status },
        );
      }
      const outcome = decision(state.request, command.data.gateway, now, command.data.disclosedBy);
      // Still no covering consent: the export stays as it was recorded, and nothing is written.
      if (outcome.outcome === 'hold-awaiting-consent') {
        throw new RuleBroken(`The export still awaits consent: ${explain(outcome.reasons)}`, 'still-awaiting-consent', {
          reasons: outcome.reasons,
        });
      }
      return outcomeOf(outcome, state.request, state.siteId, now);
    }
  }
}

function outcomeOf(outcome: DisclosureDecision, request: FhirExportRequest, siteId: string, now: Date): FhirExportEvent[] {
  switch (outcome.outcome) {
    case 'allow':
      return [
        { type: 'DisclosureRecorded', data: disclosureRecorded(outcome.record, siteId, { kind: 'fhir-export', id: request.exportId }) },
      ];
    case 'hold-awaiting-consent':
      return [
        {
          type: 'FhirExportAwaitingConsent',
          data: {
            exportId: request.exportId,
            clientId: request.clientId,
            siteId,
            recipient: structuredClone(request.recipient),
            purpose: request.purpose,
            categories: [...FHIR_EXPORT_CATEGORIES],
            reasons: outcome.reasons,
            heldAt: now.toISOString(),
          },
        },
      ];
    case 'refuse':
      throw new RuleBroken(`The export cannot go to ${request.recipient.recipientId}: ${explain(outcome.reasons)}`, 'disclosure-refused', {
        reasons: outcome.reasons,
      });
  }
}

function evolve(state: FhirExportState, event: FhirExportEvent): FhirExportState {
  switch (event.type) {
    case 'FhirExportAwaitingConsent': {
      const { exportId, clientId, siteId, recipient, purpose, reasons } = event.data;
      return {
        status: 'awaiting-consent',
        request: { exportId, clientId, recipient, purpose, basis: { kind: 'consent' } },
        siteId,
        reasons,
      };
    }
    case 'DisclosureRecorded':
      return {
        status: 'disclosed',
        exportId: event.data.carriedBy.id,
        clientId: event.data.clientId,
        disclosureId: event.data.disclosureId,
      };
  }
}

export const fhirExportDecider: Decider<FhirExportCommand, FhirExportEvent, FhirExportState> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};
