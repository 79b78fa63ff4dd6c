import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  HealthController,
  JsonLogger,
  METRICS_SETTINGS,
  MetricsController,
  ProblemDetailsFilter,
  ReadinessRegistry,
  RequestContextMiddleware,
  type RequestTelemetry,
  ServiceMetrics,
} from '@continuum/platform';
import { openEventStore } from '@continuum/event-store';
import { kurrentDbEventStore } from '@continuum/event-store-kurrentdb';
import { postgresEventStore } from '@continuum/event-store-postgres';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { ChartHeaderController } from './chart/chart-header.controller.js';
import { type ConsoleConfig, sessionSecretOf, sessionStoreFileOf } from './console.config.js';
import { CONSOLE_CONFIG } from './console.tokens.js';
import { ServiceProxy } from './proxy/service-proxy.js';
import { ServiceProxyController } from './proxy/service-proxy.controller.js';
import { QueueChanges } from './queues/queue-changes.js';
import { QueueEventsController } from './queues/queue-events.controller.js';
import { OidcSignIn } from './session/oidc-sign-in.js';
import { SessionController } from './session/session.controller.js';
import { SessionGuard } from './session/session.guard.js';
import { SessionStore } from './session/session-store.js';
import { Sessions } from './session/sessions.js';
import { WebApp } from './web-app/web-app.js';
import { WebAppController } from './web-app/web-app.controller.js';

export type ConsoleModuleOptions = { config: ConsoleConfig; logger: JsonLogger; telemetry: RequestTelemetry; webAppFolder: string };

@Module({})
export class ConsoleModule implements NestModule {
  static forRoot({ config, logger, telemetry, webAppFolder }: ConsoleModuleOptions): DynamicModule {
    const oidc = new OidcSignIn(config);
    return {
      module: ConsoleModule,
      // The catch-all page route last: Fastify prefers the more specific routes anyway.
      controllers: [
        HealthController,
        MetricsController,
        SessionController,
        ChartHeaderController,
        QueueEventsController,
        ServiceProxyController,
        WebAppController,
      ],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: ServiceMetrics, useValue: telemetry.metrics },
        { provide: METRICS_SETTINGS, useValue: { token: config.METRICS_TOKEN } },
        {
          provide: Sessions,
          useValue: new Sessions({
            limits: { idleSeconds: config.SESSION_IDLE_SECONDS, maxSeconds: config.SESSION_MAX_SECONDS },
            signing: { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
            store: SessionStore.open(sessionStoreFileOf(config), sessionSecretOf(config)),
            refresh: async (refreshToken) => {
              const renewed = await oidc.refresh(refreshToken);
              return { accessToken: renewed.accessToken, expiresAt: renewed.expiresAt, refreshToken: renewed.refreshToken };
            },
          }),
        },
        { provide: WebApp, useValue: new WebApp(webAppFolder) },
        // The work queues' live changes: the services' event store, read from its head, once per
        // console (docs/architecture/console.md#live-work-queues). The console only reads it: the
        // services size and checkpoint a SQLite store's WAL, not the console (isShortLived).
        {
          provide: QueueChanges,
          useValue: new QueueChanges(() =>
            openEventStore(config.EVENT_STORE_URL, [sqliteEventStore, postgresEventStore, kurrentDbEventStore], { isShortLived: true }),
          ),
        },
        { provide: OidcSignIn, useValue: oidc },
        ReadinessRegistry,
        SessionGuard,
        ServiceProxy,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
