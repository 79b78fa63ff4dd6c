// One call builds a service the way every Continuum service is built, so the services differ
// only in their own modules. Tests build the very same app with createServiceApp and never
// listen; main.ts calls startService.
import 'reflect-metadata';
import { type INestApplication, Module, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ConfigError, type ConfigDefinition, resolveFileVariables } from '../config/config-schema.js';
import { type PlatformConfig, isProductionMode } from '../config/service-config.js';
import { type HttpRequest, type HttpResponse } from '../context/http-message.js';
import { continueInRequestContext } from '../context/request-context.middleware.js';
import { HEALTH_ROUTES } from '../health/health.controller.js';
import { SECURITY_HEADERS, forbidCaching } from '../http/security-headers.js';
import { JsonLogger, type LogSink } from '../logging/json-logger.js';
import { type RequestTelemetry, beginRequest } from '../logging/request-log.middleware.js';
import { METRICS_ROUTES } from '../metrics/metrics.controller.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { buildOpenApiDocument, setUpOpenApi } from '../openapi/openapi.js';
import { installedResponseRecorder } from '../openapi/response-recorder.js';
import { PlatformModule, SERVICE_CONFIG } from '../platform.module.js';
import { ServiceTracing } from '../tracing/service-tracing.js';
import { DEFAULT_HTTP_PLATFORM, type HttpPlatform, createHttpApplication, listenHost, readyToServe } from './http-platform.js';

export { DEFAULT_HTTP_PLATFORM, HTTP_PLATFORMS, type HttpPlatform } from './http-platform.js';

export const API_PREFIX = 'api/v1';

export type ServiceAppOptions<Config extends PlatformConfig> = {
  /** e.g. 'intake': names the service in logs and in its OpenAPI document. */
  serviceName: string;
  config: ConfigDefinition<Config>;
  /** Defaults to process.env; tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Defaults to stdout; tests collect the lines. */
  logSink?: LogSink;
  /** Fastify, the services' platform (docs/adr/0004-http-platform.md); Express only for the benchmark and the bootstrap spec. */
  httpPlatform?: HttpPlatform;
};

/** The initialised app, not listening. Throws ConfigError before building anything if the environment is wrong. */
export async function createServiceApp<Config extends PlatformConfig>(
  appModule: Type<unknown>,
  options: ServiceAppOptions<Config>,
): Promise<INestApplication> {
  // Secrets given as files (<NAME>_FILE) are read once, here: the configuration and everything
  // that reads the environment itself (the read store, the bus) see the same values.
  const env = resolveFileVariables(options.env ?? process.env, options.config.variables);
  const config = options.config.load(env);
  const logger = new JsonLogger({ service: options.serviceName, level: config.LOG_LEVEL, sink: options.logSink });
  // Built here, like the logger, because the request hook and the router's refusals use them before Nest's DI does.
  const telemetry: RequestTelemetry = {
    metrics: new ServiceMetrics(options.serviceName, { processMetrics: config.METRICS_TOKEN !== undefined }),
    tracing: await ServiceTracing.create({ service: options.serviceName, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }),
  };

  const httpPlatform = options.httpPlatform ?? DEFAULT_HTTP_PLATFORM;

  @Module({
    imports: [PlatformModule.forRoot({ serviceName: options.serviceName, config, env, logger, telemetry, httpPlatform }), appModule],
  })
  class ServiceRootModule {}

  const app = await createHttpApplication(ServiceRootModule, httpPlatform, logger, telemetry);
  // The adapter's request hook runs first on either platform, before the body is read and
  // before routing's 404: every request is logged, counted, traced and answered with a correlation id.
  // On Fastify the rest of the request runs in its async context from here (see RequestContextMiddleware).
  app.get(HttpAdapterHost).httpAdapter.setOnRequestHook((request: HttpRequest, response: HttpResponse, done: () => void) => {
    const context = beginRequest(logger, request, response, telemetry);
    forbidCaching(response);
    if (httpPlatform === 'fastify') continueInRequestContext(context, done);
    else done();
  });
  // helmet's headers on every answer, 404s and problems included (docs/architecture/security.md#http).
  app.useSecurityHeaders(SECURITY_HEADERS);
  app.setGlobalPrefix(API_PREFIX, { exclude: [...HEALTH_ROUTES, ...METRICS_ROUTES] });
  app.enableShutdownHooks();
  // Swagger mounts its routes on the HTTP adapter directly: it must do so before init installs the 404 handler.
  // In production mode the interactive documentation is not served (docs/architecture/security.md#production-mode).
  if (!isProductionMode(config)) setUpOpenApi(app, options.serviceName);
  recordResponsesIfAsked(app, options.serviceName);
  await app.init();
  await readyToServe(app);
  return app;
}

/** Under the OpenAPI conformance check only (tests): the document, and every answer to hold to it. */
function recordResponsesIfAsked(app: INestApplication, serviceName: string): void {
  const recorder = installedResponseRecorder();
  if (!recorder || app.getHttpAdapter().getType() !== 'fastify') return;
  recorder.document(serviceName, buildOpenApiDocument(app, serviceName));
  type Hooked = {
    addHook(
      name: 'onSend',
      hook: (
        request: HttpRequest,
        reply: { statusCode: number; getHeaders(): Record<string, unknown> },
        payload: unknown,
      ) => Promise<unknown>,
    ): void;
  };
  (app.getHttpAdapter().getInstance() as Hooked).addHook('onSend', async (request, reply, payload) => {
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).map(([name, value]) => [name, value === undefined ? undefined : String(value)]),
    );
    recorder.record({
      service: serviceName,
      method: request.method ?? 'GET',
      path: (request.url ?? '').split('?')[0] as string,
      status: reply.statusCode,
      headers,
      body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '',
    });
    return payload;
  });
}

/** For main.ts: builds the app and listens on PORT; a configuration error is printed and exits with status 1. */
export async function startService<Config extends PlatformConfig>(
  appModule: Type<unknown>,
  options: ServiceAppOptions<Config>,
): Promise<INestApplication> {
  let app: INestApplication;
  try {
    app = await createServiceApp(appModule, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const port = app.get<PlatformConfig>(SERVICE_CONFIG).PORT;
  await app.listen(port, listenHost());
  app.get(JsonLogger).log({ message: `${options.serviceName} listening`, port }, 'bootstrap');
  return app;
}
