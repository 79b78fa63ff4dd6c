import { integer, optional, serviceConfig, string } from '#continuum/platform';

// The shared event store file (the auditors' trail is one log); aftercare's own read models
// (READ_STORE_URL, else MONGODB_URI, else sqlite:./data/aftercare/read.db). The scheduler's
// interval: how often check-ins past their grace days and plans at the end of their year are
// looked for; 0 turns the timer off (tests call tick(now) themselves).
export const aftercareServiceConfig = serviceConfig(
  { port: 3104, eventStoreUrl: 'sqlite:./data/events.db' },
  {
    READ_STORE_URL: optional(string({ secret: true })),
    MONGODB_URI: optional(string({ secret: true })),
    SCHEDULER_INTERVAL_MS: integer({ default: 60_000, min: 0 }),
  },
);

export type AftercareConfig = ReturnType<typeof aftercareServiceConfig.load>;
