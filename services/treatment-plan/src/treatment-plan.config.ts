import { integer, optional, serviceConfig, string } from '#continuum/platform';

// The shared event store file (the auditors' trail is one log); treatment-plan's own read
// models (READ_STORE_URL, else MONGODB_URI, else sqlite:./data/treatment-plan/read.db).
// The scheduler's interval: how often overdue reviews, past weeks and expiring
// authorisations are looked for; 0 turns the timer off (tests call tick(now) themselves).
export const treatmentPlanServiceConfig = serviceConfig(
  { port: 3102, eventStoreUrl: 'sqlite:./data/events.db' },
  {
    READ_STORE_URL: optional(string({ secret: true })),
    MONGODB_URI: optional(string({ secret: true })),
    SCHEDULER_INTERVAL_MS: integer({ default: 60_000, min: 0 }),
  },
);

export type TreatmentPlanConfig = ReturnType<typeof treatmentPlanServiceConfig.load>;
