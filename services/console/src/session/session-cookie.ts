// The session cookie (docs/architecture/console.md#sessions): HttpOnly (no script reads it),
// SameSite=Strict (no other site's page sends it), Path=/, and Secure with the __Host- prefix
// whenever the console is reached over HTTPS or runs in production mode. The one exception is
// a developer's plain-HTTP console on a loopback address outside production mode: there is no
// TLS to protect it, the traffic never leaves the machine, and a Secure cookie set over plain
// HTTP would be refused by some browsers, so sign-in would not work at all.
import { type FastifyReply, type FastifyRequest } from 'fastify';

const SECURE_NAME = '__Host-continuum-session';
const LOCAL_NAME = 'continuum-session';
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

export function isPlainLocalDevelopment(request: FastifyRequest, production: boolean): boolean {
  return !production && request.protocol === 'http' && LOOPBACK.test(request.headers.host ?? '');
}

export function sessionIdOf(request: FastifyRequest): string | undefined {
  return request.cookies[SECURE_NAME] ?? request.cookies[LOCAL_NAME];
}

export function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  production: boolean,
  sessionId: string,
  maxAgeSeconds: number,
) {
  const secure = !isPlainLocalDevelopment(request, production);
  reply.setCookie(secure ? SECURE_NAME : LOCAL_NAME, sessionId, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  for (const name of [SECURE_NAME, LOCAL_NAME]) reply.clearCookie(name, { path: '/' });
}
