// The treatment-plan service as its end-to-end specs build it: exactly as main.ts does, but
// on stores in a temporary folder (event store, read models, embedded bus, inbox), with a
// ManualClock the spec moves, local HS256 tokens, and the scheduler's timer off (specs call
// tick(now)). Excluded from the build (`**/testing/**`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type ClientAdmittedV1, type IntegrationEvent, TOPICS } from '#continuum/contracts';
import { EVENT_STORE, type EventStore } from '#continuum/event-store';
import { MESSAGE_PUBLISHER, type MessagePublisher, connectBus, toOutgoingMessage } from '#continuum/messaging';
import { DEV_JWT_SECRET, type LogSink, ManualClock, ReadinessRegistry, type Role, createServiceApp, mintDevToken } from '#continuum/platform';
import { ProjectionRunner } from '#continuum/read-store';
import { episodeIdForAdmission } from '../application/ids.js';
import { Scheduler } from '../application/scheduler.js';
import { planStream } from '../domain/index.js';
import { treatmentPlanServiceConfig } from '../treatment-plan.config.js';
import { treatmentPlanModule } from '../treatment-plan.module.js';
import { clientAdmitted } from './fixtures.js';

export const tokenFor = (role: Role, sites: string[], userId = `user-${role}`) =>
  mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export type TreatmentPlanTestApp = {
  readonly app: INestApplication;
  readonly folder: string;
  readonly clock: ManualClock;
  http(): ReturnType<typeof request>;
  store(): EventStore;
  scheduler(): Scheduler;
  /** Publishes an event on the bus as another service's relay would (intake's ClientAdmitted, dual-diagnosis's ReferralCompleted). */
  publish(event: IntegrationEvent): Promise<void>;
  /** Publishes intake's ClientAdmitted and waits for the draft plan; planId = episodeId. */
  admit(overrides?: Partial<ClientAdmittedV1>): Promise<{ admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>; episodeId: string }>;
  /** The types of the events a stream holds, in order. */
  typesIn(stream: string): Promise<string[]>;
  /** Waits until the projections have applied everything the store holds. */
  settled(): Promise<void>;
  /** Waits until the relay has published everything and the consumers have handled everything published (twice in a row). */
  quiet(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
};

export type TreatmentPlanTestAppOptions = {
  /** Share a folder with another service's app (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  env?: Record<string, string>;
  /** Where the service's JSON log lines go (nowhere unless a spec reads them; LOG_LEVEL in `env` says how much). */
  logSink?: LogSink;
};

export async function startTreatmentPlanTestApp(name: string, options: TreatmentPlanTestAppOptions = {}): Promise<TreatmentPlanTestApp> {
  const ownsFolder = options.folder === undefined;
  const folder = options.folder ?? mkdtempSync(path.join(tmpdir(), `${name}-`));
  const clock = new ManualClock(options.now ?? new Date());
  const build = async () => {
    const app = await createServiceApp(treatmentPlanModule(clock), {
      serviceName: 'treatment-plan',
      config: treatmentPlanServiceConfig,
      env: {
        EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
        READ_STORE_URL: `sqlite:${path.join(folder, 'treatment-plan-read.db')}`,
        DATA_DIR: folder,
        BUS: 'embedded',
        LOG_LEVEL: 'error',
        SCHEDULER_INTERVAL_MS: '0',
        ...options.env,
      },
      logSink: options.logSink ?? (() => undefined),
    });
    await connectBus(app);
    return app;
  };
  let app = await build();
  const testApp: TreatmentPlanTestApp = {
    get app() {
      return app;
    },
    folder,
    clock,
    http: () => request(app.getHttpServer()),
    store: () => app.get<EventStore>(EVENT_STORE),
    scheduler: () => app.get(Scheduler),
    async publish(event) {
      const topic = event.source === 'intake' ? TOPICS.intake : TOPICS.dualDiagnosis;
      await app.get<MessagePublisher>(MESSAGE_PUBLISHER).publish([toOutgoingMessage(topic, event)]);
    },
    async admit(overrides = {}) {
      const admitted = clientAdmitted(overrides);
      await testApp.publish(admitted);
      const episodeId = episodeIdForAdmission(admitted.data.admissionId);
      await eventually(async () => ((await testApp.typesIn(planStream(episodeId))).includes('PlanDrafted') ? true : undefined), 'the draft plan');
      return { admitted, episodeId };
    },
    async typesIn(stream) {
      return (await app.get<EventStore>(EVENT_STORE).readStream(stream)).map((event) => event.type);
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
    async quiet() {
      const deadline = Date.now() + 15_000;
      let quietChecks = 0;
      while (quietChecks < 2) {
        if (Date.now() > deadline) throw new Error('the relay or the consumers did not go quiet within 15 s');
        const { checks } = await app.get(ReadinessRegistry).report();
        const relayBehind = (checks.relay?.details as { eventsBehind?: number } | undefined)?.eventsBehind;
        const consumerLag = (checks['consumer-lag']?.details as { lag?: number } | undefined)?.lag;
        quietChecks = relayBehind === 0 && consumerLag === 0 ? quietChecks + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
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
  return testApp;
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
