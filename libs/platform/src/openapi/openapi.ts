// The OpenAPI document of a service (docs/architecture/security.md#the-openapi-document).
// @nestjs/swagger describes routes and DTOs; what every route shares comes from the platform
// and the route metadata, so it is complete for every route of every service without a
// decorator per route: the problems each operation can answer, the path ids' uuid format, the
// headers read and written, the roles admitted, and the DTOs' length limits and formats.
import { type INestApplication, ParseUUIDPipe, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { CHANGES_NO_RECORD_KEY, PUBLIC_KEY, ROLES_KEY } from '../auth/access.decorators.js';
import { type Role } from '../auth/roles.js';
import { CORRELATION_ID_HEADER, IDEMPOTENCY_KEY_HEADER, PLAIN_ID } from '../context/request-context.middleware.js';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';

export const BEARER_SCHEME = 'bearer';

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; schema?: Schema; required?: boolean; description?: string }>;
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }>;
  security?: unknown[];
  [extension: string]: unknown;
};

/** What the route metadata says of one handler, keyed by its operation id (`Controller_method`). */
export type RouteFacts = {
  controller: Type<unknown>;
  handler: string;
  isPublic: boolean;
  roles: readonly Role[];
  /** A POST that changes no record (@ChangesNoRecord): the guard admits it as a read. */
  changesNoRecord: boolean;
  uuidParams: ReadonlySet<string>;
};

const ROUTE_ARGS_METADATA = '__routeArguments__';
const PATH_METADATA = 'path';
const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/** Every handler of every controller the app holds, with its access and parameter facts. */
export function routeFactsOf(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller) continue;
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const method = (controller.prototype as Record<string, unknown>)[handler];
        if (handler === 'constructor' || typeof method !== 'function' || Reflect.getMetadata(PATH_METADATA, method) === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
          string,
          { data?: unknown; pipes?: unknown[] }
        >;
        const uuidParams = new Set(
          Object.values(args)
            .filter((arg) => typeof arg.data === 'string' && (arg.pipes ?? []).some(isUuidPipe))
            .map((arg) => arg.data as string),
        );
        facts.set(`${controller.name}_${handler}`, {
          controller,
          handler,
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, method) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
          roles: (Reflect.getMetadata(ROLES_KEY, method) ?? Reflect.getMetadata(ROLES_KEY, controller) ?? []) as Role[],
          changesNoRecord: Boolean(
            Reflect.getMetadata(CHANGES_NO_RECORD_KEY, method) ?? Reflect.getMetadata(CHANGES_NO_RECORD_KEY, controller),
          ),
          uuidParams,
        });
      }
    }
  }
  return facts;
}

function isUuidPipe(pipe: unknown): boolean {
  return pipe instanceof ParseUUIDPipe || pipe === ParseUUIDPipe;
}

const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'An RFC 9457 problem document.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem; about:blank when the status says it all.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path, never its query.' },
    correlationId: { type: 'string' },
    code: { type: 'string', description: 'For a broken business rule (422): its code.' },
    details: { type: 'object', description: 'For a broken business rule (422): ids and codes it names.' },
    errors: {
      type: 'array',
      description: 'For an invalid request (400) or a rule that checked a whole form (422): each field and what is wrong with it.',
      items: {
        type: 'object',
        required: ['field', 'problem'],
        properties: { field: { type: 'string' }, problem: { type: 'string' } },
      },
    },
  },
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid: malformed JSON, an invalid or unknown field (listed in `errors`), a malformed URL or id.',
  401: 'No bearer token, or one that is expired, too long-lived, malformed or not signed by a trusted key.',
  403: 'The token holds no role this route admits at the site the request names or the record belongs to.',
  404: 'No such record (or route).',
  409: 'The record changed concurrently, or a request with this Idempotency-Key is still being handled (Retry-After).',
  413: 'The request body is larger than 100 KB.',
  414: 'A path segment is too long for an id.',
  415: 'The request body is not JSON.',
  422: 'A business rule refuses the request (`code`, `details`), or the Idempotency-Key was used for another request.',
  429: 'A rate limit was reached (docs/architecture/security.md#rate-limits); try again after Retry-After seconds.',
};

const CORRELATION_HEADER = {
  description: "The request's correlation id (the caller's X-Correlation-Id, or one made up); quote it to support.",
  schema: { type: 'string' },
};
const RETRY_AFTER = { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } };
const WWW_AUTHENTICATE = { description: 'Always `Bearer`.', schema: { type: 'string' } };

/** The statuses of problems an operation can answer, from its method, parameters and access. */
export function problemStatusesOf(method: string, operation: Operation, isPublic: boolean): number[] {
  const statuses = new Set<number>([400]);
  const hasPathParams = (operation.parameters ?? []).some((parameter) => parameter.in === 'path');
  if (!isPublic) [401, 403, 429].forEach((status) => statuses.add(status));
  if (hasPathParams) [404, 414].forEach((status) => statuses.add(status));
  if (WRITES.has(method)) [404, 409, 413, 415, 422].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
}

function problemResponse(status: number, existing?: { description?: string }) {
  const headers: Record<string, unknown> = { [CORRELATION_ID_HEADER]: CORRELATION_HEADER };
  if (status === 401) headers['WWW-Authenticate'] = WWW_AUTHENTICATE;
  if (status === 409 || status === 429) headers['Retry-After'] = RETRY_AFTER;
  return {
    description: existing?.description || PROBLEM_DESCRIPTIONS[status] || 'A problem.',
    headers,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** An optional id header the platform reads (only plain ids are taken: PLAIN_ID), in place of any the route declared. */
function withHeaderParameter(operation: Operation, name: string, description: string): void {
  operation.parameters = [
    ...(operation.parameters ?? []).filter((parameter) => parameter.name !== name),
    { name, in: 'header', required: false, description, schema: { type: 'string', pattern: PLAIN_ID.source } },
  ];
}

/** class-validator's limits as JSON Schema keywords, for each DTO the document names. */
function addValidationLimits(document: OpenAPIObject): void {
  const storage = getMetadataStorage();
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const classes = new Map<string, Type<unknown>>();
  // Every class any validation decorator was put on, by name (the document names DTOs by class name).
  for (const target of (storage as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas.keys()) {
    if (typeof target === 'function') classes.set(target.name, target as Type<unknown>);
  }
  for (const [name, schema] of Object.entries(schemas)) {
    const target = classes.get(name);
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (!target || !properties) continue;
    for (const rule of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const declared = properties[rule.propertyName];
      // `{ each: true }` limits each item of a list.
      const property = rule.each ? (declared?.items as Schema | undefined) : declared;
      if (!property || property.$ref || property.allOf) continue;
      const [first, second] = (rule.constraints ?? []) as unknown[];
      switch (rule.name) {
        case 'maxLength':
          property.maxLength ??= first;
          break;
        case 'minLength':
          property.minLength ??= first;
          break;
        case 'isLength':
          property.minLength ??= first;
          if (second !== undefined) property.maxLength ??= second;
          break;
        case 'isNotEmpty':
          if (property.type === 'string') property.minLength ??= 1;
          break;
        case 'isUuid':
          property.format ??= 'uuid';
          break;
        case 'isEmail':
          property.format ??= 'email';
          break;
        case 'arrayMaxSize':
          property.maxItems ??= first;
          break;
        case 'arrayMinSize':
          property.minItems ??= first;
          break;
        case 'min':
          property.minimum ??= first;
          break;
        case 'max':
          property.maximum ??= first;
          break;
        case 'isInt':
          if (property.type === 'number') property.type = 'integer';
          break;
      }
    }
  }
}

/** The whole document: Swagger's, completed from the platform and the route metadata. */
export function buildOpenApiDocument(app: INestApplication, serviceName: string, version = '1'): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Continuum ${serviceName} API`)
      .setDescription(
        `The ${serviceName} service of Continuum. Errors are application/problem+json (RFC 9457). Every answer carries ${CORRELATION_ID_HEADER}, Cache-Control: no-store and the security headers (docs/architecture/security.md).`,
      )
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .addSecurityRequirements(BEARER_SCHEME)
      .build(),
  );
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };
  addValidationLimits(document);
  const facts = routeFactsOf(app);
  for (const pathItem of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(pathItem)) {
      const operation = value as Operation;
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const fact = operation.operationId ? facts.get(operation.operationId) : undefined;
      const isPublic = fact?.isPublic ?? false;
      if (isPublic) operation.security = [];
      if (fact && !isPublic) operation['x-continuum-roles'] = [...fact.roles];
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && fact?.uuidParams.has(parameter.name)) parameter.schema = { ...parameter.schema, format: 'uuid' };
        if (parameter.in === 'path' && parameter.schema?.type === 'string') parameter.schema.maxLength ??= 100;
      }
      if (WRITES.has(method)) {
        withHeaderParameter(
          operation,
          IDEMPOTENCY_KEY_HEADER,
          'Sent again with the very same request, answers as the first time without doing anything twice (docs/architecture/write-path.md).',
        );
      }
      withHeaderParameter(operation, CORRELATION_ID_HEADER, 'Your id for this request, echoed on the answer and in our logs.');
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) response.headers = { [CORRELATION_ID_HEADER]: CORRELATION_HEADER, ...response.headers };
      }
      for (const status of problemStatusesOf(method, operation, isPublic)) {
        operation.responses[String(status)] = problemResponse(status, operation.responses[String(status)]);
      }
    }
  }
  return document;
}

/** Interactive docs at /docs and the document at /docs-json (not in production mode: see service-app.ts). */
export function setUpOpenApi(app: INestApplication, serviceName: string, version = '1'): OpenAPIObject {
  const document = buildOpenApiDocument(app, serviceName, version);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
