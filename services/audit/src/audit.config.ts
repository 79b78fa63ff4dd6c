import { serviceConfig } from '#continuum/platform';

// The audit service reads the one event store every service writes to (the auditors' trail);
// it has no store of its own and writes nothing but the access log of its own reads.
export const auditServiceConfig = serviceConfig({ port: 3105, eventStoreUrl: 'sqlite:./data/events.db' });
