import { type IntegrationEvent, validateIntegrationEvent } from '@continuum/contracts';
import { PermanentDeliveryFailure } from '@continuum/messaging';

// What treatment-plan's consumers check of an event before acting on it, on top of the check
// every delivery passes first (docs/architecture/messaging.md#what-a-consumer-checks-first). An
// event that fails it can never be handled as it is: it is parked on the dead-letter topic at
// once, not retried. Problems name fields, never values.

/** The contract's problems with the event (libs/contracts), empty when it meets it. */
export function contractProblems(event: IntegrationEvent): string[] {
  const validation = validateIntegrationEvent(event);
  return validation.ok ? [] : validation.problems;
}

/** Throws a PermanentDeliveryFailure naming the problems, when there are any. */
export function refuseUnlessMet(event: IntegrationEvent, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new PermanentDeliveryFailure(`${event.type} ${event.eventId} does not meet its contract: ${problems.join('; ')}`);
  }
}
