// The dual-diagnosis service as its end-to-end specs build it: exactly as main.ts does, but on
// stores in a temporary folder (event store, read models, embedded bus, inbox), with a
// ManualClock the spec moves, local HS256 tokens, and the overdue timer off (specs call
// tick(now)). Excluded from the build (`**/testing/**`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type IntegrationEvent, TOPICS } from '#continuum/contracts';
import { EVENT_STORE, type EventStore } from '#continuum/event-store';
import { MESSAGE_PUBLISHER, type MessagePublisher, connectBus, toOutgoingMessage } from '#continuum/messaging';
import { DEV_JWT_SECRET, ManualClock, type Role, createServiceApp, mintDevToken } from '#continuum/platform';
import { ProjectionRunner } from '#continuum/read-store';
import { OverdueScheduler } from '../application/overdue-scheduler.js';
import { dualDiagnosisServiceConfig } from '../dual-diagnosis.config.js';
import { dualDiagnosisModule } from '../dual-diagnosis.module.js';

export const tokenFor = (role: Role, sites: string[], userId = `user-${role}`) => mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export type DualDiagnosisTestApp = {
  readonly app: INestApplication;
  readonly folder: string;
  readonly clock: ManualClock;
  http(): ReturnType<typeof request>;
  store(): EventStore;
  scheduler(): OverdueScheduler;
  /** Publishes an event on the bus as another service's relay would (intake's, treatment-plan's). */
  publish(event: IntegrationEvent): Promise<void>;
  /** Waits until the projections have applied everything the store holds. */
  settled(): Promise<void>;
  close(): Promise<void>;
};

export type DualDiagnosisTestAppOptions = {
  /** Share a folder with another service's app (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  env?: Record<string, string>;
};

const TOPIC_OF_SOURCE: Record<string, string> = { intake: TOPICS.intake, 'treatment-plan': TOPICS.treatmentPlan, 'dual-diagnosis': TOPICS.dualDiagnosis };

export async function startDualDiagnosisTestApp(name: string, options: DualDiagnosisTestAppOptions = {}): Promise<DualDiagnosisTestApp> {
  const ownsFolder = options.folder === undefined;
  const folder = options.folder ?? mkdtempSync(path.join(tmpdir(), `${name}-`));
  const clock = new ManualClock(options.now ?? new Date());
  const app = await createServiceApp(dualDiagnosisModule(clock), {
    serviceName: 'dual-diagnosis',
    config: dualDiagnosisServiceConfig,
    env: {
      EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
      READ_STORE_URL: `sqlite:${path.join(folder, 'dual-diagnosis-read.db')}`,
      DATA_DIR: folder,
      BUS: 'embedded',
      LOG_LEVEL: 'error',
      OVERDUE_CHECK_INTERVAL_MS: '0',
      BUS_RETRY_BASE_MS: '20',
      ...options.env,
    },
    logSink: () => undefined,
  });
  await connectBus(app);
  return {
    app,
    folder,
    clock,
    http: () => request(app.getHttpServer()),
    store: () => app.get<EventStore>(EVENT_STORE),
    scheduler: () => app.get(OverdueScheduler),
    async publish(event) {
      const topic = TOPIC_OF_SOURCE[event.source];
      if (!topic) throw new Error(`no topic for source ${event.source}`);
      await app.get<MessagePublisher>(MESSAGE_PUBLISHER).publish([toOutgoingMessage(topic, event)]);
    },
    async settled() {
      const runner = app.get(ProjectionRunner);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const lag = await runner.lag();
        if (lag.every((projection) => projection.lag === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the projections did not catch up within 10 s');
    },
    async close() {
      await app.close();
      if (ownsFolder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns something (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
