// The headers every answer carries (docs/architecture/security.md#http): helmet 8's security
// headers through Nest's own `app.useSecurityHeaders()` (docs/adr/0004-http-platform.md), and
// `Cache-Control: no-store`, since almost every answer of ours carries personal or clinical
// data and no browser, proxy or CDN may keep one. Set in the request hook, before any
// handler, so 404s, problems and refusals of the platform carry them too.
import { type SecurityHeadersOptions } from '@nestjs/common';
import { type HttpResponse, rawResponseOf } from '../context/http-message.js';

export const SECURITY_HEADERS: SecurityHeadersOptions = {};

export function forbidCaching(response: HttpResponse): void {
  rawResponseOf(response).setHeader('Cache-Control', 'no-store');
}
