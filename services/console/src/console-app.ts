// The console's HTTP application: Fastify under Nest, like every service, but not built with
// the platform's createServiceApp: its pages live at the root (not below /api/v1), its callers
// are people with a session cookie rather than programs with a bearer token, and its
// Content-Security-Policy is written for a page (docs/architecture/adr-console.md).
import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import { type INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ConfigError,
  JsonLogger,
  type LogSink,
  REQUEST_BODY_LIMIT_BYTES,
  type RequestTelemetry,
  ServiceMetrics,
  ServiceTracing,
  beginRequest,
  isProductionMode,
  listenHost,
} from '@continuum/platform';
import { type ConsoleConfig, consoleServiceConfig } from './console.config.js';
import { ConsoleModule } from './console.module.js';
import { defaultWebAppFolder } from './web-app/web-app.js';

export type ConsoleAppOptions = {
  env?: Record<string, string | undefined>;
  logSink?: LogSink;
  /** The built pages; default dist/public beside the console. */
  webAppFolder?: string;
};

/** Scripts, styles, images, fonts and API calls from this origin only; no frames, no plugins, no base or form target elsewhere. */
export function contentSecurityPolicy(production: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    // Mantine sets CSS variables in style attributes and one <style> element; styles cannot run script.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    // Plain HTTP is allowed only for a developer's console on a loopback address.
    'upgrade-insecure-requests': production ? [] : null,
  };
}

export async function createConsoleApp(options: ConsoleAppOptions = {}): Promise<INestApplication> {
  const config: ConsoleConfig = consoleServiceConfig.load(options.env ?? process.env);
  const logger = new JsonLogger({ service: 'console', level: config.LOG_LEVEL, sink: options.logSink });
  // /metrics and traces as every service has them (docs/architecture/observability.md).
  const telemetry: RequestTelemetry = {
    metrics: new ServiceMetrics('console', { processMetrics: config.METRICS_TOKEN !== undefined }),
    tracing: await ServiceTracing.create({ service: 'console', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }),
  };
  const app = await NestFactory.create<NestFastifyApplication>(
    ConsoleModule.forRoot({ config, logger, telemetry, webAppFolder: options.webAppFolder ?? defaultWebAppFolder() }),
    new FastifyAdapter({ bodyLimit: REQUEST_BODY_LIMIT_BYTES, trustProxy: isProductionMode(config) }),
    { logger, bufferLogs: false, abortOnError: false },
  );
  await app.register(fastifyCookie);
  app.get(HttpAdapterHost).httpAdapter.setOnRequestHook((request: never, response: never, done: () => void) => {
    beginRequest(logger, request, response, telemetry);
    done();
  });
  app.useSecurityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(isProductionMode(config)) },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export async function startConsole(options: ConsoleAppOptions = {}): Promise<INestApplication> {
  let app: INestApplication;
  try {
    app = await createConsoleApp(options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const config = consoleServiceConfig.load(options.env ?? process.env);
  await app.listen(config.PORT, listenHost());
  app.get(JsonLogger).log({ message: 'console listening', port: config.PORT }, 'bootstrap');
  return app;
}
