import { type Role } from '@continuum/platform';

/**
 * Who the read routes admit at a site. The plan and the episode are clinical detail: of these,
 * only the episode's care team, the site's clinical supervisors and auditors (every read logged)
 * read them, anyone else at the site gets a 403 unless they broke the glass. The lists show the
 * others identity and scheduling columns only (plan-lists.ts).
 */
export const READERS: readonly Role[] = [
  'clinician',
  'prescriber',
  'nurse',
  'case-manager',
  'clinical-supervisor',
  'site-admin',
  'auditor',
];
/**
 * Who assigns and changes an episode's care team: the site's clinical supervisor. The team
 * decides who reads clinical detail, so it is a clinical decision made by the one who oversees
 * the site's teams; a site administrator (who reads no clinical detail) does not make it.
 */
export const CARE_TEAM_ASSIGNERS: readonly Role[] = ['clinical-supervisor'];
/** The plan's clinical content (problems, goals, reviews, relapses, referrals) and the ledger's clinical decisions (level changes, discharge). */
export const CLINICAL_WRITERS: readonly Role[] = ['clinician', 'prescriber'];
/**
 * Who answers an under-dosed week (under-dosed-follow-ups.ts): the clinician or prescriber on the
 * client's care team, who decide what the missed hours mean for the dose; the decider checks the team.
 */
export const UNDER_DOSED_FOLLOW_UPS: readonly Role[] = ['clinician', 'prescriber'];
/** Day-to-day records: sessions and attendance, self-reports. */
export const CARE_TEAM: readonly Role[] = ['clinician', 'prescriber', 'nurse', 'case-manager'];
/** Drug and alcohol tests are collected by clinical and nursing staff and, in the seed programmes, by case managers. */
export const TESTERS: readonly Role[] = ['clinician', 'prescriber', 'nurse', 'case-manager'];
/** Only a prescriber orders (and stops an order of) a medication here. */
export const PRESCRIBERS: readonly Role[] = ['prescriber'];
/** A medication from an opioid treatment programme or an outside prescriber, and the PDMP check, are recorded by clinical staff. */
export const MEDICATION_RECORDERS: readonly Role[] = ['nurse', 'clinician', 'prescriber'];
/** Who draws a site's random tests for the week. */
export const RANDOM_TEST_DRAWERS: readonly Role[] = ['case-manager', 'nurse', 'clinician', 'site-admin'];
/** Only a clinician signs the plan, as themself or recording the client's signature. */
export const SIGNERS: readonly Role[] = ['clinician'];
/** The payer's authorisation is recorded by case managers, clinicians and the site's administrator. */
export const AUTHORIZATION_RECORDERS: readonly Role[] = ['case-manager', 'clinician', 'site-admin'];
/** Who moves an episode to another site. */
export const TRANSFER_DECIDERS: readonly Role[] = ['clinician', 'case-manager', 'site-admin'];
/** Who asks a payer to authorise a level of care: utilisation review is the case managers' work. */
export const AUTHORIZATION_REQUESTERS: readonly Role[] = ['case-manager'];
/** Who sends a progress report to a court, probation or parole: the client's clinician or case manager. */
export const COURT_REPORTERS: readonly Role[] = ['clinician', 'case-manager'];
/**
 * Who reads the network overview (counts by site and level, admissions, discharges, length of
 * stay): the network administrator, and a programme director for the sites they hold that role at.
 */
export const NETWORK_OVERVIEW_READERS: readonly Role[] = ['network-admin', 'programme-director'];
/**
 * Who records a site's capacity per level of care: the network administrator, who configures the
 * network's sites (docs/domain/roles-and-sites.md); a number of places, no clinical detail.
 */
export const SITE_CAPACITY_RECORDERS: readonly Role[] = ['network-admin'];
