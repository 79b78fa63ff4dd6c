// What crosses a service boundary: an integration event, published by the producing service's
// relay and consumed by @EventPattern handlers. Only ids and clinical codes: never a name, a
// birth date, contact details or a free-text note (42 CFR Part 2;
// docs/architecture/integration-events.md#what-never-crosses).

export type IntegrationEvent<Type extends string = string, Data = unknown, Version extends number = number> = {
  /** The id of the domain event it publishes: consumers deduplicate on it. */
  eventId: string;
  type: Type;
  schemaVersion: Version;
  /** The producing service, e.g. `intake`. */
  source: string;
  /** When it happened (ISO 8601). */
  occurredAt: string;
  clientId: string;
  siteId: string;
  correlationId: string;
  causationId: string;
  data: Data;
};

/** One topic per producing service; the version changes only with an incompatible contract. */
export const TOPICS = {
  intake: 'continuum.intake.events.v1',
  treatmentPlan: 'continuum.treatment-plan.events.v1',
  dualDiagnosis: 'continuum.dual-diagnosis.events.v1',
  aftercare: 'continuum.aftercare.events.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
