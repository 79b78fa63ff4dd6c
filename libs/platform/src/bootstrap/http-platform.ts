// The HTTP platform under every service: Fastify (docs/adr/0004-http-platform.md). Express
// stays selectable only so that the benchmark (tools/bench/http-bench.ts) measures the very
// same app on both in one run, and the bootstrap spec holds both to the same answers; no
// service chooses it, and the platform does not depend on it.
import { networkInterfaces } from 'node:os';
import { type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type FastifyBodyParser,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  errorCodes,
} from 'fastify';
import { type HttpRequest } from '../context/http-message.js';
import { forbidCaching } from '../http/security-headers.js';
import { REQUEST_BODY_LIMIT_BYTES, problemBodyOf, problemFor } from '../errors/problem-details.filter.js';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { ValidationFailed } from '../errors/problem-exceptions.js';
import { forbiddenKeysIn } from '../errors/validation.js';
import { type JsonLogger } from '../logging/json-logger.js';
import { type RequestTelemetry, beginRequest } from '../logging/request-log.middleware.js';

export const HTTP_PLATFORMS = ['fastify', 'express'] as const;
export type HttpPlatform = (typeof HTTP_PLATFORMS)[number];
export const DEFAULT_HTTP_PLATFORM: HttpPlatform = 'fastify';

/** The Nest application on the platform, configured to answer as the services always have; not initialised. */
export async function createHttpApplication(
  appModule: Type<unknown>,
  platform: HttpPlatform,
  logger: JsonLogger,
  telemetry?: RequestTelemetry,
): Promise<INestApplication> {
  return platform === 'fastify' ? createFastifyApplication(appModule, logger, telemetry) : createExpressApplication(appModule, logger);
}

/** After init: Fastify serves its routes (supertest on getHttpServer(), listen) once its plugins have loaded. */
export async function readyToServe(app: INestApplication): Promise<void> {
  const adapter = app.getHttpAdapter();
  if (adapter.getType() === 'fastify') await (adapter.getInstance() as FastifyInstance).ready();
}

/**
 * Every interface, IPv6 and IPv4, as Node (and so Express) listens when no host is given;
 * Fastify alone would listen on localhost only, out of reach from outside a container.
 */
export function listenHost(): string {
  const hasIpv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.family === 'IPv6'));
  return hasIpv6 ? '::' : '0.0.0.0';
}

/** Keeps the security hook `app.useSecurityHeaders()` registers, for the answers the router gives before any hook runs. */
class ContinuumFastifyAdapter extends FastifyAdapter {
  securityHeaders?: (request: FastifyRequest, response: FastifyReply['raw']) => unknown;

  override registerSecurityHook(hook: Parameters<FastifyAdapter['registerSecurityHook']>[0]): void {
    this.securityHeaders = hook as unknown as ContinuumFastifyAdapter['securityHeaders'];
    super.registerSecurityHook(hook);
  }
}

async function createFastifyApplication(
  appModule: Type<unknown>,
  logger: JsonLogger,
  telemetry?: RequestTelemetry,
): Promise<INestApplication> {
  const adapter: ContinuumFastifyAdapter = new ContinuumFastifyAdapter({
    bodyLimit: REQUEST_BODY_LIMIT_BYTES,
    // The router refuses a malformed URL (400) or an over-long path segment (414) before any
    // hook runs and with the instance's first error handler, not Nest's: answered here, as
    // every other refusal is, with a problem, a correlation id and a request line.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const refused = request as unknown as HttpRequest;
      const context = beginRequest(logger, refused, reply, telemetry);
      // No hook has run: the security headers and no-store are set here, as the request hook sets them.
      forbidCaching(reply);
      adapter.securityHeaders?.(request, reply.raw);
      const problem = problemFor(
        problemBodyOf(error) ?? { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request could not be routed.' },
        refused,
        context.correlationId,
      );
      void reply.code(problem.status).header('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`).send(JSON.stringify(problem));
    },
    // Express's routing: `/api/v1/clients/` and `/API/v1/Clients` reach `/api/v1/clients`
    // (ids in the path keep their case). Clients written against Express keep working.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
  });
  const app = await NestFactory.create<NestFastifyApplication>(appModule, adapter, { logger, abortOnError: false });
  const fastify = adapter.getInstance();
  // Bodies are JSON (and forms, which Nest reads on both platforms); text Express ignored is a 415 here.
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', { bodyLimit: REQUEST_BODY_LIMIT_BYTES }, expressLikeJsonParser(fastify));
  return app;
}

const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * JSON as Express's body-parser read it: an empty body is `{}` (a command without fields,
 * sent by a client that always names its content type), and only an object or an array is
 * a body ("strict"); anything else is malformed JSON.
 */
function expressLikeJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  // Typed for a string body; it reads a Buffer the same way (secure-json-parse).
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (body.length === 0) {
      done(null, {});
      return;
    }
    const first = body.find((byte) => !JSON_WHITESPACE.has(byte));
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
      return;
    }
    parse(request, body as unknown as string, (error, parsed) => {
      // Fastify's parser refuses a `__proto__` (or `constructor.prototype`) key as malformed
      // JSON, before any object is built from it. JSON that parses plainly was refused for
      // those keys alone: the answer names them as unknown fields, as the validation pipe names
      // every other (docs/architecture/security.md#input).
      const forbidden = error ? forbiddenKeysOfValidJson(body) : [];
      if (forbidden.length > 0) {
        done(new ValidationFailed(forbidden), undefined);
        return;
      }
      done(error, parsed);
    });
  };
}

/** JSON.parse builds `__proto__` as an own key, never as a prototype: safe for finding the keys' paths. */
function forbiddenKeysOfValidJson(body: Buffer): ReturnType<typeof forbiddenKeysIn> {
  try {
    return forbiddenKeysIn(JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    return [];
  }
}

async function createExpressApplication(appModule: Type<unknown>, logger: JsonLogger): Promise<INestApplication> {
  // Loaded only when asked for: a devDependency here and in tools, never loaded by a service.
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  const adapter = new ExpressAdapter();
  // Naming the framework only helps someone looking for its known weaknesses (Fastify names none).
  adapter.getInstance<{ disable(setting: string): void }>().disable('x-powered-by');
  return NestFactory.create(appModule, adapter, { logger, abortOnError: false });
}
