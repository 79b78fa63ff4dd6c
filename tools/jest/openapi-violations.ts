// What the conformance check finds wrong with recorded answers (see openapi-conformance.ts):
// the status and body by openapi-response-validator (Ajv), the media type and headers here.
import { type OpenAPIObject } from '@nestjs/swagger';
import ResponseValidatorModule from 'openapi-response-validator';
import { type RecordedResponse } from '@continuum/platform';

type Response = { content?: Record<string, { schema?: unknown }> };
type Operation = { responses?: Record<string, Response> };
type Route = { pattern: RegExp; params: number; template: string; operations: Record<string, Operation> };

// A CommonJS module whose class is its `default` export: loaded as ES module, it is one level down.
const OpenAPIResponseValidator = ResponseValidatorModule.default;
type OpenAPIResponseValidator = InstanceType<typeof OpenAPIResponseValidator>;

/** The formats our documents use; Ajv checks none without being told what they mean. */
const FORMATS: Record<string, (value: unknown) => boolean> = {
  uuid: (value) => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  'date-time': (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)),
  email: (value) => typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value),
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** The document's paths as patterns (the services' router ignores letter case and a trailing slash), literal ones first. */
function routesOf(document: OpenAPIObject): Route[] {
  return Object.entries(document.paths)
    .map(([template, item]) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}/?$`, 'i'),
      operations: Object.fromEntries(Object.entries(item).filter(([method]) => METHODS.includes(method))) as Record<string, Operation>,
    }))
    .sort((a, b) => a.params - b.params);
}

const routeCache = new WeakMap<OpenAPIObject, Route[]>();
const validatorCache = new WeakMap<Operation, OpenAPIResponseValidator>();

export async function findViolations(documents: Map<string, OpenAPIObject>, responses: readonly RecordedResponse[]): Promise<string[]> {
  const violations: string[] = [];
  for (const response of responses) {
    const document = documents.get(response.service);
    if (!document) continue;
    let routes = routeCache.get(document);
    if (!routes) routeCache.set(document, (routes = routesOf(document)));
    const method = response.method.toLowerCase();
    const route = routes.find((candidate) => candidate.pattern.test(response.path) && candidate.operations[method]);
    // A route the service does not have (404, 405) or the documentation itself: no operation to hold it to.
    if (!route) continue;
    const operation = route.operations[method]!;
    const where = `${response.service} ${response.method} ${route.template} → ${response.status}`;
    const documented = operation.responses ?? {};
    const declared = documented[String(response.status)] ?? documented.default;
    if (!declared) {
      violations.push(`${where}: status not documented (documented: ${Object.keys(documented).join(', ')})`);
      continue;
    }
    const mediaType = (response.headers['content-type'] ?? '').split(';')[0]!.trim();
    const declaredTypes = Object.keys(declared.content ?? {});
    if (response.body !== '' && declaredTypes.length > 0 && !declaredTypes.includes(mediaType)) {
      violations.push(`${where}: answered ${mediaType || 'no media type'}, documented ${declaredTypes.join(', ')}`);
      continue;
    }
    if (!response.headers['x-correlation-id']) violations.push(`${where}: no X-Correlation-Id header`);
    if (response.status === 429 && !response.headers['retry-after']) violations.push(`${where}: no Retry-After header`);
    if (response.body === '' || !/json$/.test(mediaType)) continue;
    if (declaredTypes.length === 0) {
      // Every service's operations document the schema of their successful answers.
      violations.push(`${where}: the answer has a body, the document no schema for it`);
      continue;
    }
    let validator = validatorCache.get(operation);
    if (!validator) {
      validator = new OpenAPIResponseValidator({
        responses: documented as never,
        components: document.components as never,
        customFormats: FORMATS,
      });
      validatorCache.set(operation, validator);
    }
    const result = validator.validateResponse(response.status, JSON.parse(response.body));
    if (result) {
      violations.push(
        `${where}: body not as documented: ${(result.errors ?? []).map((error: { path?: string; message?: string }) => `${error.path ?? '/'} ${error.message}`).join('; ')}`,
      );
    }
  }
  return violations;
}
