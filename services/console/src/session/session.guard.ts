// Every console API route but sign-in needs a live session; every write also needs the
// session's CSRF token in X-CSRF-Token and, when the browser names one, the console's own
// Origin (docs/architecture/console.md#csrf). SameSite=Strict already keeps other sites'
// requests from carrying the cookie; the token is the second, independent defence.
import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { AccessDenied, AuthenticationRequired } from '@continuum/platform';
import { sessionIdOf } from './session-cookie.js';
import { type Session, Sessions, sameSecret } from './sessions.js';

const READS = new Set(['GET', 'HEAD']);
type WithSession = FastifyRequest & { consoleSession?: Session };

/** A write from a page of another origin is refused whatever it carries. */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) {
    throw new AccessDenied('This request came from a page of another site; the console accepts writes from its own pages only.');
  }
}

@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly sessions: Sessions) {}

  canActivate(execution: ExecutionContext): boolean {
    const request = execution.switchToHttp().getRequest<WithSession>();
    const session = this.sessions.find(sessionIdOf(request));
    if (!session) throw new AuthenticationRequired('You are not signed in, or your session has ended; sign in again.');
    if (!READS.has(request.method)) {
      assertSameOrigin(request);
      const given = request.headers['x-csrf-token'];
      if (!sameSecret(typeof given === 'string' ? given : undefined, session.csrfToken)) {
        throw new AccessDenied('This write lacks the session’s CSRF token (X-CSRF-Token); reload the page and try again.');
      }
    }
    request.consoleSession = session;
    return true;
  }
}

/** The session SessionGuard found for this request. */
export const CurrentSession = createParamDecorator((_: unknown, execution: ExecutionContext): Session => {
  return execution.switchToHttp().getRequest<WithSession>().consoleSession as Session;
});
