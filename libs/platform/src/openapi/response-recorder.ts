// A hook for the OpenAPI conformance check (tools/jest/openapi-conformance.ts): when a test
// run installs a recorder on globalThis, every service app built in it hands over its OpenAPI
// document and every answer it gives, so each answer of every e2e suite is checked against
// the document. No recorder, no cost: services never install one.
import { type OpenAPIObject } from '@nestjs/swagger';

export const RESPONSE_RECORDER = Symbol.for('continuum.ResponseRecorder');

export type RecordedResponse = {
  service: string;
  method: string;
  /** The concrete path, without the query. */
  path: string;
  status: number;
  headers: Record<string, string | undefined>;
  /** The body as sent (JSON text for JSON answers). */
  body: string;
};

export type ResponseRecorder = {
  document(service: string, document: OpenAPIObject): void;
  record(response: RecordedResponse): void;
};

export function installedResponseRecorder(): ResponseRecorder | undefined {
  return (globalThis as Record<symbol, ResponseRecorder | undefined>)[RESPONSE_RECORDER];
}
