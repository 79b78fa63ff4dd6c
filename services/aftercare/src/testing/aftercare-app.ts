// The aftercare service as its end-to-end specs build it: exactly as main.ts does, but on
// stores in a temporary folder (event store, read models, embedded bus, inbox), with a
// ManualClock the spec moves, local HS256 tokens, and the scheduler's timer off (specs call
// tick(now)). A spec may share the folder with other services' apps: one event store, one bus.
// Excluded from the build (`**/testing/**`).
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
import { aftercareServiceConfig } from '../aftercare.config.js';
import { aftercareModule } from '../aftercare.module.js';
import { AftercareScheduler } from '../application/scheduler.js';
import { type AftercareRules, aftercarePlanStream } from '../domain/index.js';

export const tokenFor = (role: Role, sites: string[], userId = `user-${role}`) =>
  mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export type AftercareTestApp = {
  readonly app: INestApplication;
  readonly folder: string;
  readonly clock: ManualClock;
  http(): ReturnType<typeof request>;
  store(): EventStore;
  scheduler(): AftercareScheduler;
  /** Publishes an event on the bus as treatment-plan's relay would (EpisodeDischarged, EpisodeOpened). */
  publish(event: IntegrationEvent): Promise<void>;
  /** The types of the events a plan's stream holds, in order. */
  typesIn(planId: string): Promise<string[]>;
  /** Waits until the plan's stream holds an event of this type. */
  waitFor(planId: string, type: string): Promise<void>;
  /** Waits until the projections have applied everything the store holds. */
  settled(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
};

export type AftercareTestAppOptions = {
  /** Share a folder with other services' apps (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  /** The network's rules; from the configuration (`env`) when left out. */
  rules?: AftercareRules;
  env?: Record<string, string>;
};

export async function startAftercareTestApp(name: string, options: AftercareTestAppOptions = {}): Promise<AftercareTestApp> {
  const ownsFolder = options.folder === undefined;
  const folder = options.folder ?? mkdtempSync(path.join(tmpdir(), `${name}-`));
  const clock = new ManualClock(options.now ?? new Date());
  const build = async () => {
    const app = await createServiceApp(aftercareModule(clock, options.rules), {
      serviceName: 'aftercare',
      config: aftercareServiceConfig,
      env: {
        EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
        READ_STORE_URL: `sqlite:${path.join(folder, 'aftercare-read.db')}`,
        DATA_DIR: folder,
        BUS: 'embedded',
        LOG_LEVEL: 'error',
        SCHEDULER_INTERVAL_MS: '0',
        ...options.env,
      },
      logSink: () => undefined,
    });
    await connectBus(app);
    return app;
  };
  let app = await build();
  const typesIn = async (planId: string) => (await app.get<EventStore>(EVENT_STORE).readStream(aftercarePlanStream(planId))).map((event) => event.type);
  return {
    get app() {
      return app;
    },
    folder,
    clock,
    http: () => request(app.getHttpServer()),
    store: () => app.get<EventStore>(EVENT_STORE),
    scheduler: () => app.get(AftercareScheduler),
    async publish(event) {
      await app.get<MessagePublisher>(MESSAGE_PUBLISHER).publish([toOutgoingMessage(TOPICS.treatmentPlan, event)]);
    },
    typesIn,
    async waitFor(planId, type) {
      await eventually(async () => ((await typesIn(planId)).includes(type) ? true : undefined), `${type} on aftercare plan ${planId}`);
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
    async restart() {
      await app.close();
      app = await build();
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
