// Everything DI-shaped that a service gets from the platform, registered globally so the
// service's own providers can inject SERVICE_CONFIG, JsonLogger or ReadinessRegistry.
import { type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { READ_STORE, type ReadStore } from '@continuum/read-store';
import { AccessLog } from './access-log/access-log.js';
import { AccessLogInterceptor } from './access-log/access-log.interceptor.js';
import { AccessGuard } from './auth/access.guard.js';
import { TokenVerifier, authSettingsFrom } from './auth/token-verifier.js';
import { type HttpPlatform } from './bootstrap/http-platform.js';
import { type PlatformConfig } from './config/service-config.js';
import { RequestContextMiddleware } from './context/request-context.middleware.js';
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { createValidationPipe } from './errors/validation.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessRegistry } from './health/readiness.js';
import { IdempotencyKeyStore } from './idempotency/idempotency-key-store.js';
import { IdempotencyKeys } from './idempotency/idempotency-keys.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { JsonLogger } from './logging/json-logger.js';
import { flushStdout } from './logging/stdout-sink.js';
import { type RequestTelemetry } from './logging/request-log.middleware.js';
import { METRICS_SETTINGS, MetricsController } from './metrics/metrics.controller.js';
import { PlatformMetrics } from './metrics/platform-metrics.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { ServiceTracing } from './tracing/service-tracing.js';
import { RATE_LIMIT_SETTINGS, RateLimits, rateLimitSettingsFrom } from './http/rate-limits.js';

/** Injection token for the loaded configuration: `@Inject(SERVICE_CONFIG) config: IntakeConfig`. */
export const SERVICE_CONFIG = Symbol.for('continuum.ServiceConfig');
export const SERVICE_NAME = Symbol.for('continuum.ServiceName');
/** The raw environment the service was started with, for modules that read variables of their own (the bus). */
export const SERVICE_ENV = Symbol.for('continuum.ServiceEnv');
const HTTP_PLATFORM = Symbol.for('continuum.HttpPlatform');

export type PlatformModuleOptions = {
  serviceName: string;
  config: PlatformConfig;
  env: Record<string, string | undefined>;
  logger: JsonLogger;
  /** The metrics and tracer the request hook uses, shared with the service's providers. */
  telemetry: RequestTelemetry;
  /** On Fastify the bootstrap's request hook enters the request's async context; on Express the platform's middleware does. */
  httpPlatform: HttpPlatform;
};

@Module({})
export class PlatformModule implements NestModule, OnApplicationShutdown {
  constructor(@Inject(HTTP_PLATFORM) private readonly httpPlatform: HttpPlatform) {}

  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.serviceName },
        { provide: HTTP_PLATFORM, useValue: options.httpPlatform },
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: SERVICE_ENV, useValue: options.env },
        { provide: JsonLogger, useValue: options.logger },
        { provide: ServiceMetrics, useValue: options.telemetry.metrics },
        { provide: ServiceTracing, useValue: options.telemetry.tracing },
        { provide: METRICS_SETTINGS, useValue: { token: options.config.METRICS_TOKEN } },
        PlatformMetrics,
        { provide: TokenVerifier, useValue: new TokenVerifier(authSettingsFrom(options.config)) },
        ReadinessRegistry,
        { provide: RATE_LIMIT_SETTINGS, useValue: rateLimitSettingsFrom(options.config) },
        RateLimits,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        {
          provide: AccessLog,
          // The service's event store (EventStoreModule, global) when it has one.
          inject: [{ token: EVENT_STORE, optional: true }],
          useFactory: (store: EventStore | undefined) =>
            new AccessLog(
              {
                service: options.serviceName,
                isEnabled: options.config.ACCESS_LOG_ENABLED,
                maxRecords: options.config.ACCESS_LOG_MAX_RECORDS,
              },
              store,
              options.logger,
            ),
        },
        // Each Idempotency-Key held to the request it came with (422 / 409), before any handler runs.
        // They live in the service's read store (ReadStoreModule, global) when it has one.
        {
          provide: IdempotencyKeys,
          inject: [{ token: READ_STORE, optional: true }],
          useFactory: (readStore: ReadStore | undefined) => new IdempotencyKeyStore(options.serviceName, readStore),
        },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
      ],
      exports: [
        SERVICE_NAME,
        SERVICE_CONFIG,
        SERVICE_ENV,
        JsonLogger,
        ServiceMetrics,
        ServiceTracing,
        TokenVerifier,
        ReadinessRegistry,
        AccessLog,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.httpPlatform === 'express') consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }

  /** The last log lines of an orderly stop reach stdout before the signal ends the process. */
  onApplicationShutdown(): void {
    flushStdout();
  }
}
