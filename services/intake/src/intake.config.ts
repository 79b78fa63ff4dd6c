import { optional, serviceConfig, string } from '@continuum/platform';

// Every service shares one SQLite event store file by default: the auditors' trail is one
// log, and SQLite's WAL lets several processes write to it safely.
// The read models are intake's own: READ_STORE_URL, else MONGODB_URI, else
// sqlite:./data/intake/read.db (readStoreUrlFrom, shared with `projections:rebuild`). Secret,
// because a MongoDB address may carry a password.
export const intakeServiceConfig = serviceConfig(
  { port: 3101, eventStoreUrl: 'sqlite:./data/events.db' },
  { READ_STORE_URL: optional(string({ secret: true })), MONGODB_URI: optional(string({ secret: true })) },
);
