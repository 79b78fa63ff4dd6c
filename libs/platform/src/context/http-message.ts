// The parts of a request and a response that the platform reads, on either HTTP platform
// (docs/adr/0004-http-platform.md): Fastify's request and reply wrap Node's message (`raw`),
// Express's are Node's message with fields added. Neither ships types we want to depend on
// for a handful of fields.
import { type IncomingMessage, type ServerResponse } from 'node:http';

export type HttpRequest = Pick<IncomingMessage, 'headers' | 'method' | 'url'> & {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Fastify: the Node request the request wraps. */
  raw?: IncomingMessage;
  /** Fastify: `url` is the matched route's template, e.g. `/api/v1/clients/:clientId`; absent for a 404. */
  routeOptions?: { url?: unknown };
  /** Express: set once a route matched; `path` is its template. */
  route?: { path?: unknown };
  originalUrl?: string;
};

/** Fastify's reply (`raw` is Node's response) or Express's response, which is Node's. */
export type HttpResponse = ServerResponse | { raw: ServerResponse };

/** Node's request under either platform's request object. */
export function rawRequestOf(request: HttpRequest | IncomingMessage): IncomingMessage {
  return (request as HttpRequest).raw ?? (request as IncomingMessage);
}

/** Node's response under either platform's response object. */
export function rawResponseOf(response: HttpResponse): ServerResponse {
  return 'raw' in response ? response.raw : response;
}

/** The request's concrete path without its query string (which may carry a client's name). */
export function requestPath(request: Pick<HttpRequest, 'originalUrl' | 'url'>): string {
  return (request.originalUrl ?? request.url ?? '').split('?')[0] as string;
}

export function headerValue(request: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
