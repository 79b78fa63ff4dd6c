// Signing in and out. Embedded mode: the development sign-in, where a developer chooses a
// person, a role and sites; it does not exist in production mode (404), where the network's
// identity provider signs people in (docs/architecture/console.md#signing-in).
import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Req, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type FieldProblem, ValidationFailed, isNetworkRole, isProductionMode, isRole } from '@continuum/platform';
import { CONSOLE_CONFIG } from '../console.tokens.js';
import { type ConsoleConfig } from '../console.config.js';
import { DEVELOPMENT_PEOPLE, DEVELOPMENT_SITES } from './development-directory.js';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './session-cookie.js';
import { CurrentSession, SessionGuard, assertSameOrigin } from './session.guard.js';
import { type Session, type SessionUser, Sessions } from './sessions.js';

const SITE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

const signedIn = (session: Session) => ({ signedIn: true as const, user: session.user, csrfToken: session.csrfToken });

@Controller('api/v1/session')
export class SessionController {
  constructor(
    private readonly sessions: Sessions,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** Who is signed in (and the CSRF token for their writes), or how one can sign in. */
  @Get()
  current(@Req() request: FastifyRequest) {
    const session = this.sessions.find(sessionIdOf(request));
    if (session) return signedIn(session);
    const development = !isProductionMode(this.config);
    return {
      signedIn: false as const,
      developmentSignIn: development ? { people: DEVELOPMENT_PEOPLE, sites: DEVELOPMENT_SITES } : null,
    };
  }

  @Post('development')
  @HttpCode(200)
  signInForDevelopment(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    if (isProductionMode(this.config)) throw new NotFoundException('There is no development sign-in in production mode.');
    assertSameOrigin(request);
    const user = developmentUserFrom(body);
    this.sessions.end(sessionIdOf(request));
    const session = this.sessions.start(user);
    setSessionCookie(reply, request, isProductionMode(this.config), session.id, this.config.SESSION_MAX_SECONDS);
    return signedIn(session);
  }

  @Post('sign-out')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  signOut(@CurrentSession() session: Session, @Res({ passthrough: true }) reply: FastifyReply) {
    this.sessions.end(session.id);
    clearSessionCookie(reply);
    return { signedIn: false };
  }
}

function developmentUserFrom(body: unknown): SessionUser {
  const { userId, role, sites } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const person = DEVELOPMENT_PEOPLE.find((candidate) => candidate.userId === userId);
  if (!person) problems.push({ field: 'userId', problem: `choose one of ${DEVELOPMENT_PEOPLE.map((p) => p.userId).join(', ')}` });
  if (!isRole(role) || (person && !person.roles.includes(role)))
    problems.push({ field: 'role', problem: 'choose one of the person’s roles' });
  const siteList = Array.isArray(sites) ? sites : [];
  if (!Array.isArray(sites) || siteList.some((site) => typeof site !== 'string' || !SITE_ID.test(site)))
    problems.push({ field: 'sites', problem: 'a list of site ids such as site-north' });
  else if (isRole(role) && !isNetworkRole(role) && siteList.length === 0)
    problems.push({ field: 'sites', problem: 'staff roles are held at sites: choose at least one' });
  if (problems.length) throw new ValidationFailed(problems);
  return {
    userId: userId as string,
    role: role as SessionUser['role'],
    sites: isNetworkRole(role) ? [] : [...new Set(siteList as string[])],
  };
}
