import { serviceConfig } from '#continuum/platform';

// Every service shares one SQLite event store file by default: the auditors' trail is one
// log, and SQLite's WAL lets several processes write to it safely.
export const intakeServiceConfig = serviceConfig({ port: 3101, eventStoreUrl: 'sqlite:./data/events.db' });
