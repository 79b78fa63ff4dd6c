import { type Role } from '@continuum/platform';

/**
 * Who reads a client's intake record and the client lists: the site's staff and auditors
 * (network-wide, logged). What of the record each reads is domain/record-views.ts: identity and
 * scheduling, or the clinical detail too.
 */
export const READERS: readonly Role[] = [
  'intake-coordinator',
  'clinician',
  'prescriber',
  'case-manager',
  'nurse',
  'clinical-supervisor',
  'site-admin',
  'auditor',
];
/**
 * The placement recommendation is clinical: the clinical staff (before an episode) or the care
 * team (in one) and auditors read it (domain/record-views.ts); an intake coordinator or a site's
 * administrator does not.
 */
export const RECOMMENDATION_READERS: readonly Role[] = [
  'clinician',
  'prescriber',
  'case-manager',
  'nurse',
  'clinical-supervisor',
  'auditor',
];
/** Who records referrals, registrations and consents (and their revocation). */
export const REGISTRARS: readonly Role[] = ['intake-coordinator', 'clinician', 'case-manager'];
/** Who records screenings: at intake, and during treatment the client's care team (clinicians, nurses, prescribers) at the client's site. */
export const SCREENERS: readonly Role[] = ['intake-coordinator', 'clinician', 'nurse', 'prescriber'];
/** A client's screening trend (scores and bands over time) is clinical: as the recommendation, not an intake coordinator or a site's administrator. */
export const MEASUREMENT_READERS: readonly Role[] = ['clinician', 'prescriber', 'nurse', 'case-manager', 'clinical-supervisor', 'auditor'];
/** Safety plans, safety follow-ups, assessments and placement decisions are the clinicians'. */
export const CLINICAL_WRITERS: readonly Role[] = ['clinician', 'prescriber'];
/** Who records the admission decision. */
export const ADMITTERS: readonly Role[] = ['intake-coordinator', 'clinician'];
/** The same-day safety follow-up queue: the care team who may act on it, and auditors; a site's administrator does not read it. */
export const SAFETY_FOLLOW_UP_READERS: readonly Role[] = [
  'clinician',
  'prescriber',
  'nurse',
  'intake-coordinator',
  'case-manager',
  'clinical-supervisor',
  'auditor',
];
/**
 * Who writes down a client's request to restrict disclosures (42 CFR 2.26(a)), the required
 * paid-in-full one included: whoever takes the consent, since the client asks at the same table.
 */
export const RESTRICTION_RECORDERS: readonly Role[] = REGISTRARS;
/**
 * Who agrees to or refuses a requested restriction: the site's administrator, for the programme.
 * An agreed restriction binds every service that discloses the client's records (referrals,
 * payer authorisation requests, exports), so whether the programme can honour it is the
 * programme's decision, not the coordinator's or clinician's who took the request
 * (docs/domain/part-2-consent-rule.md#restrictions-at-intake).
 */
export const RESTRICTION_DECIDERS: readonly Role[] = ['site-admin'];
/**
 * Who resolves a possible duplicate across the network: the network administrator, who reads
 * no client record; the review names clients and sites by id only.
 */
export const DUPLICATE_RESOLVERS: readonly Role[] = ['network-admin'];
