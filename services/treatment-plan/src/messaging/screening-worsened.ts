import { type IntegrationEvent } from '@continuum/contracts';
import { contractProblems } from './contract.js';

// Intake's ScreeningWorsened, version 1, on continuum.intake.events.v1: a screening recorded
// during treatment is worse than the client's previous one of the same instrument. The contract
// is intake's, registered in libs/contracts with its payload type (ScreeningWorsenedV1): an
// event that breaks it (a field missing, of the wrong shape or not in the contract, another
// client than the envelope's) is refused with the contract's problems, which name fields and
// never values.

export const SCREENING_WORSENED = 'ScreeningWorsened';

/** The problems with the event (never its values), empty when treatment-plan can act on it. */
export function screeningWorsenedProblems(event: IntegrationEvent): string[] {
  if (event.schemaVersion !== 1) return [`schemaVersion: treatment-plan reads ${SCREENING_WORSENED} version 1 only`];
  if (event.source !== 'intake') return [`source: ${SCREENING_WORSENED} is published only by intake`];
  return contractProblems(event);
}
