// Breaking the glass from the chart (docs/domain/roles-and-sites.md#break-the-glass): which
// parts of the chart a service refused because the user is not on the client's care team, and
// the reasons the console offers. The services take a `reason` of 10 to 500 characters and keep
// it in their access log only; the console sends one of the codes below, never free text, so no
// grant can carry a client's name or a clinical story into the supervisors' review or an export.
import { ProblemError, type ServiceName } from '../api';

/** The services whose clinical reads a grant opens: each grant covers its own service's reads only. */
export const GRANTING_SERVICES: readonly ServiceName[] = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare'];

/** The reasons offered: a code (10 characters or more, as the services require) and what it says. */
export const BREAK_THE_GLASS_REASONS = [
  { code: 'covering-for-care-team', label: 'Covering for the care team (a shift, an absence)' },
  { code: 'client-in-crisis', label: 'The client is in crisis now' },
  { code: 'care-team-unreachable', label: 'The care team cannot be reached and care cannot wait' },
  { code: 'urgent-medication-question', label: 'An urgent medication or dosing question' },
] as const;

export type BreakTheGlassReason = (typeof BREAK_THE_GLASS_REASONS)[number]['code'];

/** What a grant's reason says on the supervisors' review: the label of a code, else the reason as the service keeps it. */
export function reasonLabel(reason: string): string {
  return BREAK_THE_GLASS_REASONS.find((known) => known.code === reason)?.label ?? reason;
}

/**
 * Whether a read was refused because the user is not on the care team and may break the glass:
 * a 403 whose problem offers the service's break-the-glass route (the services' own words).
 */
export function offersBreakTheGlass(error: unknown): boolean {
  return error instanceof ProblemError && error.problem.status === 403 && /\/break-the-glass\b/.test(error.problem.detail ?? '');
}
