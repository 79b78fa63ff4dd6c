// Every route is closed unless it says otherwise: a valid bearer token, a role the route
// admits, and that role held at every site the request names. The site a request names is
// its `siteId` route parameter, query parameter or body field; when a route names none (e.g.
// `GET /clients/:id`), the application checks the loaded resource's site with
// assertSiteAccess.
import { BadRequestException, type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type HttpRequest, headerValue } from '../context/http-message.js';
import { requestContextOf } from '../context/request-context.js';
import { AccessDenied, AuthenticationRequired } from '../errors/problem-exceptions.js';
import { RateLimits } from '../http/rate-limits.js';
import { JsonLogger } from '../logging/json-logger.js';
import { routeTemplateOf } from '../logging/request-log.middleware.js';
import { CHANGES_NO_RECORD_KEY, PUBLIC_KEY, ROLES_KEY } from './access.decorators.js';
import { type Actor, type Principal, type Role } from './roles.js';
import { admittedRoleAnywhere, admittedRoleAt, siteDenied } from './site-access.js';
import { TokenVerifier } from './token-verifier.js';

const READS = new Set(['GET', 'HEAD']);

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly logger: JsonLogger,
    private readonly rateLimits: RateLimits,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    // Message consumers and other non-HTTP handlers are authorised by their transport.
    if (execution.getType() !== 'http') return true;
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = execution.switchToHttp().getRequest<HttpRequest>();
    this.rateLimits.countRequest(request);
    let principal: Principal;
    try {
      principal = await this.verifier.verify(bearerToken(request));
    } catch (refused) {
      // Past the address's allowance of refused tokens, a 429 (with Retry-After) instead of the 401.
      this.rateLimits.countAuthenticationFailure(request);
      throw refused;
    }
    this.rateLimits.countPrincipal(principal.userId);
    const verified = requestContextOf(request);
    if (verified) verified.principal = { userId: principal.userId, roles: principal.roles, sites: principal.sites };

    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!declared || declared.length === 0) {
      this.logger.error(
        `route ${request.method} ${routeTemplateOf(request)} declares no @Roles(); it stays closed until it does`,
        undefined,
        'access',
      );
      throw new AccessDenied('This action is not open to any role yet; report it to the Continuum team.');
    }
    // Auditors are read-only (docs/domain/roles-and-sites.md#how-a-request-is-scoped-to-a-site)
    // even where a route lists them by mistake; a POST that changes no record (@ChangesNoRecord) is a read.
    const isWrite = !READS.has(request.method ?? '') && !this.reflector.getAllAndOverride<boolean>(CHANGES_NO_RECORD_KEY, targets);
    const admitted = isWrite ? declared.filter((role) => role !== 'auditor') : declared;

    const role = roleFor(principal, admitted, isWrite, namedSites(request));
    const actor: Actor = { ...principal, role, admittedRoles: admitted };
    const context = requestContextOf(request);
    if (context) context.actor = actor;

    if (role === 'auditor') this.logAuditorRead(request, actor);
    return true;
  }

  // Every auditor read is logged: who, under which role, and which records — ids only.
  private logAuditorRead(request: HttpRequest, actor: Actor): void {
    const resourceIds: Record<string, unknown> = { ...(request.params ?? {}) };
    if (typeof request.query?.siteId === 'string') resourceIds.siteId = request.query.siteId;
    this.logger.log(
      {
        message: 'auditor read',
        userId: actor.userId,
        role: actor.role,
        method: request.method,
        route: routeTemplateOf(request),
        resourceIds,
      },
      'audit-access',
    );
  }
}

function bearerToken(request: HttpRequest): string {
  const authorization = headerValue(request, 'authorization');
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match) {
    throw new AuthenticationRequired(
      'Send your access token as "Authorization: Bearer <token>" (locally: npm run token -- --role <role> --site <siteId>).',
    );
  }
  return match[1] as string;
}

function namedSites(request: HttpRequest): string[] {
  const candidates = [request.params?.siteId, request.query?.siteId, (request.body as Record<string, unknown> | undefined)?.siteId];
  const sites = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    if (typeof candidate !== 'string' || candidate === '') {
      throw new BadRequestException('siteId must be a single site id, e.g. "site-north".');
    }
    sites.add(candidate);
  }
  return [...sites];
}

function roleFor(principal: Principal, admitted: readonly Role[], isWrite: boolean, sites: readonly string[]): Role {
  const anywhere = admittedRoleAnywhere(principal, admitted);
  if (!anywhere) {
    throw new AccessDenied(
      isWrite && principal.roles.includes('auditor')
        ? 'Auditors have read-only access and this action changes records; it needs a staff role at the site.'
        : `This action needs one of these roles: ${admitted.join(', ')}; your token holds none of them.`,
    );
  }
  let role: Role | undefined;
  for (const siteId of sites) {
    const atSite = admittedRoleAt(principal, admitted, siteId);
    if (!atSite) throw siteDenied(admitted, siteId);
    role ??= atSite;
  }
  return role ?? anywhere;
}
