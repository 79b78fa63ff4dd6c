// The OpenAPI conformance check (docs/architecture/security.md#the-openapi-document), run
// after every test file: each service app built in the file handed over its document and
// every answer it gave (libs/platform/src/openapi/response-recorder.ts); each answer of a
// service listed here must be an operation's documented status, with the documented media
// type, and its body must match the documented schema, checked by openapi-backend (Ajv).
// An undocumented status or shape fails the test file that produced it.
import { afterAll, beforeAll } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { RecordedResponse, ResponseRecorder } from '@continuum/platform';

/**
 * The platform's RESPONSE_RECORDER: the same global symbol, named here rather than imported,
 * because this file runs before every test file and importing @continuum/platform at run time
 * would load Nest, Fastify and Swagger into each one, pure unit specs included (about 3 s per
 * small run of them). openapi-violations.spec.ts holds the two equal.
 */
export const RECORDER_KEY = Symbol.for('continuum.ResponseRecorder');

/** The services whose answers are held to their documents: every one. */
export const CONFORMING_SERVICES: ReadonlySet<string> = new Set(['intake', 'dual-diagnosis', 'aftercare', 'audit', 'treatment-plan']);

const documents = new Map<string, OpenAPIObject>();
const responses: RecordedResponse[] = [];
const recorder: ResponseRecorder = {
  document: (service, document) => documents.set(service, document),
  record: (response) => {
    if (CONFORMING_SERVICES.has(response.service)) responses.push(response);
  },
};

beforeAll(() => {
  (globalThis as Record<symbol, unknown>)[RECORDER_KEY] = recorder;
});

afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[RECORDER_KEY];
  if (responses.length === 0) return;
  const { findViolations } = await import('./openapi-violations.js');
  const violations = await findViolations(documents, responses);
  responses.length = 0;
  if (violations.length > 0) {
    throw new Error(
      `${violations.length} answer(s) not as the OpenAPI document says (docs/architecture/security.md#the-openapi-document):\n` +
        [...new Set(violations)].slice(0, 30).join('\n'),
    );
  }
});
