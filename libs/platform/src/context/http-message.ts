// The parts of express's request and response that the platform reads. Express 5 ships no
// type declarations and we do not add @types/express for a handful of fields.
import { type IncomingMessage, type ServerResponse } from 'node:http';

export type HttpRequest = IncomingMessage & {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Set by express once a route matched: `path` is its template, e.g. `/api/v1/clients/:clientId`. */
  route?: { path?: unknown };
  originalUrl?: string;
};

export type HttpResponse = ServerResponse;

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
