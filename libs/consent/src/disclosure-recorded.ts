import { type DisclosureRecord } from './disclosure.js';

// The one event every service that sends Part 2 records outside the network appends when the
// gateway (decideDisclosure) allows a send: `DisclosureRecorded`, in the stream of what was
// sent, holding the gateway's record as it is plus the site whose records left and what carried
// them. The audit service's accounting of disclosures (42 CFR 2.25; 45 CFR 164.528) lists these
// from every stream, so each service records them in this one shape.

export const DISCLOSURE_RECORDED = 'DisclosureRecorded';

/** What carried the information out: the thing in whose stream the disclosure is recorded. */
export const DISCLOSURE_CARRIERS = [
  'referral',
  'step-down',
  'recovery-residence',
  'peer-support',
  'payer-authorization-request',
  'court-report',
  'fhir-export',
] as const;
export type DisclosureCarrier = (typeof DISCLOSURE_CARRIERS)[number];

export type DisclosureRecordedData = DisclosureRecord & {
  /** The site whose records were disclosed. */
  siteId: string;
  carriedBy: { kind: DisclosureCarrier; id: string };
};

/** The event data for a send the gateway allowed. */
export function disclosureRecorded(
  record: DisclosureRecord,
  siteId: string,
  carriedBy: DisclosureRecordedData['carriedBy'],
): DisclosureRecordedData {
  return { ...structuredClone(record), siteId, carriedBy: { ...carriedBy } };
}
