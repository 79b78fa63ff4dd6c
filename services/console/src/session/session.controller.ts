// Signing in and out. Embedded mode: the development sign-in, where a developer chooses a
// person, a role and sites; it does not exist in production mode or with the services trusting
// an identity provider's keys (AUTH_MODE=jwks): 404. There the network's OpenID Connect
// provider signs people in: authorisation code with PKCE (docs/architecture/console.md#signing-in).
import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AuthenticationRequired, type FieldProblem, ValidationFailed, isNetworkRole, isProductionMode, isRole } from '@continuum/platform';
import { CONSOLE_CONFIG } from '../console.tokens.js';
import { type ConsoleConfig, isEmbeddedConsole } from '../console.config.js';
import { DEVELOPMENT_PEOPLE, DEVELOPMENT_SITES } from './development-directory.js';
import { type PendingSignIn, OidcSignIn } from './oidc-sign-in.js';
import { pagePathOf } from './return-path.js';
import { clearSessionCookie, isPlainLocalDevelopment, sessionIdOf, setSessionCookie } from './session-cookie.js';
import { CurrentSession, SessionGuard, assertSameOrigin } from './session.guard.js';
import { type Session, type SessionUser, Sessions } from './sessions.js';

const SITE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const RETURN_TO_PROBLEM = 'a page of this console by its path, such as /clients/<id>; no other address is returned to';

/** The cookie that ties the provider's return to the sign-in begun here: Lax, for it comes back by a top-level navigation. */
const PENDING_COOKIE = 'continuum-oidc';
const OIDC_PATH = '/api/v1/session/oidc';
/** Sign-ins begun and not yet finished, by the random id in PENDING_COOKIE. */
const MAX_PENDING = 10_000;

const signedIn = (session: Session) => ({ signedIn: true as const, user: session.user, csrfToken: session.csrfToken });

@Controller('api/v1/session')
export class SessionController {
  constructor(
    private readonly sessions: Sessions,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly oidc: OidcSignIn,
  ) {}

  private readonly pending = new Map<string, PendingSignIn & { returnTo: string }>();

  /** The development sign-in exists outside production mode, while the services trust the console's own tokens. */
  private get offersDevelopmentSignIn(): boolean {
    return isEmbeddedConsole(this.config);
  }

  /** Who is signed in (and the CSRF token for their writes), or how one can sign in. */
  @Get()
  current(@Req() request: FastifyRequest) {
    const session = this.sessions.find(sessionIdOf(request));
    if (session) return signedIn(session);
    return {
      signedIn: false as const,
      developmentSignIn: this.offersDevelopmentSignIn ? { people: DEVELOPMENT_PEOPLE, sites: DEVELOPMENT_SITES } : null,
      providerSignIn: this.oidc.isConfigured ? OIDC_PATH : null,
    };
  }

  /** Sends the browser to the identity provider with a PKCE challenge, state and nonce kept here. */
  @Get('oidc')
  async beginProviderSignIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('returnTo') given?: string) {
    if (!this.oidc.isConfigured) throw new NotFoundException('No identity provider is configured (OIDC_ISSUER_URL).');
    // The page the sign-in began on, to return to: a page of the console only (no open redirect).
    const returnTo = given === undefined ? '/' : pagePathOf(given);
    if (returnTo === undefined) throw new ValidationFailed([{ field: 'returnTo', problem: RETURN_TO_PROBLEM }]);
    const { url, pending } = await this.oidc.begin(`${this.originOf(request)}${OIDC_PATH}/callback`);
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.pending.set(id, { ...pending, returnTo });
    reply.setCookie(PENDING_COOKIE, id, {
      httpOnly: true,
      secure: !isPlainLocalDevelopment(request, isProductionMode(this.config)),
      sameSite: 'lax',
      path: OIDC_PATH,
      maxAge: 600,
    });
    return reply.status(302).header('Location', url.href).send();
  }

  /**
   * The provider's return: the code exchanged with the PKCE verifier, state and nonce checked,
   * a session opened. The page then moves to the console page the sign-in began on by itself (a
   * same-site navigation, so the SameSite=Strict session cookie goes with it).
   */
  @Get('oidc/callback')
  async finishProviderSignIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.oidc.isConfigured) throw new NotFoundException('No identity provider is configured (OIDC_ISSUER_URL).');
    const id = request.cookies[PENDING_COOKIE];
    const pending = id ? this.pending.get(id) : undefined;
    if (id) this.pending.delete(id);
    reply.clearCookie(PENDING_COOKIE, { path: OIDC_PATH });
    if (!pending) throw new AuthenticationRequired('This sign-in was not begun here, or has already been used; sign in again.');
    const { user, tokens } = await this.oidc.finish(new URL(request.url, this.originOf(request)), pending);
    this.sessions.end(sessionIdOf(request));
    const session = this.sessions.start(user, tokens);
    setSessionCookie(reply, request, isProductionMode(this.config), session.id, this.config.SESSION_MAX_SECONDS);
    return reply.status(200).header('Content-Type', 'text/html; charset=utf-8').send(
      // returnTo is a plain page path (letters, digits, `/ - _ . ~`): nothing to escape in HTML.
      `<!doctype html><html lang="en"><head><meta http-equiv="refresh" content="0;url=${pending.returnTo}"><title>Signed in</title></head><body><a href="${pending.returnTo}">Continue to Continuum</a></body></html>`,
    );
  }

  private originOf(request: FastifyRequest): string {
    return (this.config.CONSOLE_PUBLIC_URL ?? `${request.protocol}://${request.headers.host}`).replace(/\/+$/, '');
  }

  /** The page stays where the sign-in form was shown (the form is the page's own), so there is nowhere else to return to. */
  @Post('development')
  @HttpCode(200)
  signInForDevelopment(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    if (!this.offersDevelopmentSignIn)
      throw new NotFoundException('There is no development sign-in in production mode or with an identity provider (AUTH_MODE=jwks).');
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
  const chosenSites = isNetworkRole(role) ? [] : [...new Set(siteList as string[])];
  return {
    userId: userId as string,
    role: role as SessionUser['role'],
    sites: chosenSites,
    siteRoles: Object.fromEntries(chosenSites.map((siteId) => [siteId, [role as SessionUser['role']]])),
  };
}
