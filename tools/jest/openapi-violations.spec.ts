import { type OpenAPIObject } from '@nestjs/swagger';
import { RESPONSE_RECORDER, type RecordedResponse, installedResponseRecorder } from '@continuum/platform';
import { RECORDER_KEY } from './openapi-conformance.js';
import { findViolations } from './openapi-violations.js';

// The conformance check on a document of one operation, as the platform builds them: a
// success schema and a problem schema.
const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/clients/{clientId}': {
      get: {
        responses: {
          '200': {
            description: 'the client',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['clientId'], properties: { clientId: { type: 'string', format: 'uuid' } } },
              },
            },
          },
          '404': { description: 'none', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Problem: { type: 'object', required: ['status', 'title'], properties: { status: { type: 'integer' }, title: { type: 'string' } } },
    },
  },
} as unknown as OpenAPIObject;

const documents = new Map([['svc', document]]);
const CLIENT = '4f9c3a56-1f3e-4a6b-9b1d-2b7c3e8f9a10';
const answer = (status: number, body: unknown, contentType = 'application/json'): RecordedResponse => ({
  service: 'svc',
  method: 'GET',
  path: `/api/v1/clients/${CLIENT}`,
  status,
  headers: { 'content-type': `${contentType}; charset=utf-8`, 'x-correlation-id': 'c-1' },
  body: JSON.stringify(body),
});

describe('the OpenAPI conformance check', () => {
  it('installs its recorder where every service app looks for one', () => {
    expect(RECORDER_KEY).toBe(RESPONSE_RECORDER);
    expect(installedResponseRecorder()).toBeDefined();
  });

  it('passes answers as documented', async () => {
    expect(
      await findViolations(documents, [
        answer(200, { clientId: CLIENT }),
        answer(404, { status: 404, title: 'Not Found' }, 'application/problem+json'),
      ]),
    ).toEqual([]);
  });

  it('finds an undocumented status', async () => {
    expect(await findViolations(documents, [answer(500, { status: 500, title: 'x' }, 'application/problem+json')])).toEqual([
      expect.stringMatching(/GET \/api\/v1\/clients\/\{clientId\} → 500: status not documented/),
    ]);
  });

  it('finds a body not of the documented shape', async () => {
    expect(await findViolations(documents, [answer(200, { id: CLIENT })])).toEqual([
      expect.stringMatching(/→ 200: body not as documented: .*clientId/),
    ]);
    expect(await findViolations(documents, [answer(200, { clientId: 'not-a-uuid' })])).toEqual([expect.stringMatching(/format/)]);
  });

  it('finds a problem answered as plain JSON, and an answer without its correlation id', async () => {
    expect(await findViolations(documents, [answer(404, { status: 404, title: 'Not Found' })])).toEqual([
      expect.stringMatching(/answered application\/json, documented application\/problem\+json/),
    ]);
    const bare = { ...answer(200, { clientId: CLIENT }), headers: { 'content-type': 'application/json' } };
    expect(await findViolations(documents, [bare])).toEqual([expect.stringMatching(/no X-Correlation-Id/)]);
  });

  it('leaves alone answers of routes the document does not have', async () => {
    expect(await findViolations(documents, [{ ...answer(404, {}), path: '/api/v1/nowhere' }])).toEqual([]);
  });
});
