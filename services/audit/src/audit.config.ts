import { optional, serviceConfig, string } from '@continuum/platform';
import { DEFAULT_EVENT_STORE_URL } from './client-index/client-index-file.js';

// The audit service reads the one event store every service writes to (the auditors' trail);
// it writes nothing there but the access log of its own reads. Its one file of its own is the
// client index (derived from the store, rebuildable): `<DATA_DIR>/audit/client-index.db` for
// the default store, a file named after any other store, or CLIENT_INDEX_FILE.
export const auditServiceConfig = serviceConfig(
  { port: 3105, eventStoreUrl: DEFAULT_EVENT_STORE_URL },
  {
    DATA_DIR: string({ default: './data' }),
    CLIENT_INDEX_FILE: optional(string()),
  },
);

export type AuditConfig = ReturnType<typeof auditServiceConfig.load>;
