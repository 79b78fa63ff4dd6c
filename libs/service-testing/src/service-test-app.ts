// A service as its end-to-end specs build it: exactly as its main.ts does (createServiceApp,
// then connectBus), but on stores in a temporary folder (event store, read models, embedded
// bus, inbox). A spec may share the folder with other services' apps: one event store, one
// bus. Each service's testing/ folder wraps this with what it adds (its clock, its scheduler,
// the topics it consumes). It lives apart from libs/testing, so the pure specs that use the
// given/when/then helpers do not load the framework and the drivers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type INestApplication, type Type } from '@nestjs/common';
import request from 'supertest';
import type supertest from 'supertest';
import { type IntegrationEvent } from '@continuum/contracts';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { MESSAGE_PUBLISHER, type MessagePublisher, connectBus, toOutgoingMessage } from '@continuum/messaging';
import { type ConfigDefinition, type LogSink, type PlatformConfig, ReadinessRegistry, createServiceApp } from '@continuum/platform';
import { ProjectionRunner } from '@continuum/read-store';

export type ServiceTestAppOptions<Config extends PlatformConfig> = {
  /** e.g. 'treatment-plan': names the service in its logs and its read models' file. */
  serviceName: string;
  config: ConfigDefinition<Config>;
  /** Names the temporary folder (`<name>-XXXXXX`) when `folder` is left out. */
  name: string;
  /** Share a folder with other services' apps (one event store, one embedded bus); its owner removes it. */
  folder?: string;
  /** Added to (and overriding) the defaults: the stores in the folder, the embedded bus, LOG_LEVEL=error. */
  env?: Record<string, string>;
  /** Where the service's JSON log lines go: nowhere unless a spec reads them. */
  logSink?: LogSink;
};

export type ServiceTestApp = {
  readonly app: INestApplication;
  readonly folder: string;
  http(): ReturnType<typeof supertest>;
  store(): EventStore;
  /** Publishes an event on `topic` as another service's relay would. */
  publish(topic: string, event: IntegrationEvent): Promise<void>;
  /** The types of the events a stream holds, in order. */
  typesIn(stream: string): Promise<string[]>;
  /** Waits until the projections have applied everything the store holds. */
  settled(): Promise<void>;
  /** Waits until the relay has published everything and the consumers have handled everything published (twice in a row). */
  quiet(): Promise<void>;
  /** Closes the app and starts it again on the same files: what a restart sees. */
  restart(): Promise<void>;
  /** Closes the app, and removes the folder unless it was given. */
  close(): Promise<void>;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServiceTestApp<Config extends PlatformConfig>(
  appModule: Type<unknown>,
  options: ServiceTestAppOptions<Config>,
): Promise<ServiceTestApp> {
  const ownsFolder = options.folder === undefined;
  const folder = options.folder ?? mkdtempSync(path.join(tmpdir(), `${options.name}-`));
  const build = async () => {
    const app = await createServiceApp(appModule, {
      serviceName: options.serviceName,
      config: options.config,
      env: {
        EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
        READ_STORE_URL: `sqlite:${path.join(folder, `${options.serviceName}-read.db`)}`,
        DATA_DIR: folder,
        BUS: 'embedded',
        LOG_LEVEL: 'error',
        ...options.env,
      },
      logSink: options.logSink ?? (() => undefined),
    });
    await connectBus(app);
    return app;
  };
  let app = await build();
  const store = () => app.get<EventStore>(EVENT_STORE);
  return {
    get app() {
      return app;
    },
    folder,
    http: () => request(app.getHttpServer()),
    store,
    async publish(topic, event) {
      await app.get<MessagePublisher>(MESSAGE_PUBLISHER).publish([toOutgoingMessage(topic, event)]);
    },
    async typesIn(stream) {
      return (await store().readStream(stream)).map((event) => event.type);
    },
    async settled() {
      const runner = app.get(ProjectionRunner);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const lag = await runner.lag();
        if (lag.every((projection) => projection.lag === 0)) return;
        await pause(20);
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
        await pause(50);
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
}

/**
 * A service's test app with what its wrapper adds (its clock, its scheduler, its own publish…);
 * an extra of the same name replaces the generic one. The generic members stay live: `app` is
 * the new app after a restart.
 */
export function withExtras<Extras extends object>(
  service: ServiceTestApp,
  extras: Extras,
): Omit<ServiceTestApp, keyof NoInfer<Extras>> & NoInfer<Extras> {
  return Object.assign(Object.create(service) as ServiceTestApp, extras);
}
