// The audit service as its end-to-end specs build it: exactly as main.ts does, on the store
// file given, with local HS256 tokens. Excluded from the build (`**/testing/**`).
import path from 'node:path';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, type EventStore, parseEventStoreUrl } from '@continuum/event-store';
import { AccessLog, DEV_JWT_SECRET, type Role, createServiceApp, mintDevToken } from '@continuum/platform';
import { auditServiceConfig } from '../audit.config.js';
import { AuditModule } from '../audit.module.js';

export type AuditTestApp = {
  readonly app: INestApplication;
  http(): ReturnType<typeof request>;
  /** The store the service reads (and writes its access log to): for storeSnapshot/flushedSnapshot. */
  store(): EventStore;
  /** Writes the auditors' reads recorded so far to the store (the access log). */
  flushAccessLog(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The auditors' own reads are in the access log, and the access log is in the history they
 * read: each read is in the store before its answer leaves (access-log-buffer.ts).
 */
export async function startAuditTestApp(eventStoreUrl: string): Promise<AuditTestApp> {
  // The client index goes beside the store file, not into the repository's ./data.
  const location = parseEventStoreUrl(eventStoreUrl);
  const dataDir = location.adapter === 'sqlite' && location.path !== ':memory:' ? path.dirname(location.path) : './data';
  const app = await createServiceApp(AuditModule, {
    serviceName: 'audit',
    config: auditServiceConfig,
    env: { EVENT_STORE_URL: eventStoreUrl, DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    logSink: () => undefined,
  });
  return {
    app,
    http: () => request(app.getHttpServer()),
    store: () => app.get<EventStore>(EVENT_STORE),
    flushAccessLog: () => app.get(AccessLog).flush(),
    close: () => app.close(),
  };
}

/** A bearer header for a token holding `role` at `sites` (an auditor's role is network-wide: pass no sites). */
export async function bearerFor(role: Role, sites: string[] = [], userId = `user-${role}`) {
  const token = await mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });
  return { Authorization: `Bearer ${token}` };
}
