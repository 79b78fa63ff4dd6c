// Local tokens for the embedded mode: the same HS256 secret as the services, so a developer
// (or the walkthrough script) can call the APIs without an identity provider.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS } from './token-verifier.js';
import { ROLES, type Role, isNetworkRole, isRole } from './roles.js';

export type DevTokenRequest = {
  userId: string;
  roles: readonly Role[];
  sites: readonly string[];
  /** A jose time span: `8h`, `30m`, `2d`. */
  ttl: string;
};

/** One line saying what is wrong with the arguments; the usage is the caller's to show (`npm run token -- --help`). */
export class DevTokenRequestInvalid extends Error {
  override readonly name = 'DevTokenRequestInvalid';
}

export const MINT_TOKEN_USAGE = `usage: npm run token -- --role <role> --site <siteId> [--site <siteId> ...] [--user <id>] [--ttl 8h]
roles: ${ROLES.join(', ')} (auditor and network-admin are network-wide and need no --site)`;

const SECONDS_PER = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `maxLifetimeSeconds`: the services' JWT_MAX_LIFETIME_SECONDS; a longer --ttl would mint a token they refuse. */
export function parseDevTokenArgs(args: readonly string[], maxLifetimeSeconds = DEFAULT_TOKEN_MAX_LIFETIME_SECONDS): DevTokenRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        role: { type: 'string', multiple: true },
        site: { type: 'string', multiple: true },
        user: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    throw new DevTokenRequestInvalid((error as Error).message);
  }
  const { role = [], site = [], user, ttl } = parsed.values;
  if (role.length === 0) throw new DevTokenRequestInvalid('--role is required');
  const unknown = role.filter((candidate) => !isRole(candidate));
  if (unknown.length > 0) {
    throw new DevTokenRequestInvalid(`unknown role ${unknown.map((r) => `"${r}"`).join(', ')}; choose one of: ${ROLES.join(', ')}`);
  }
  const roles = role as Role[];
  if (roles.some((r) => !isNetworkRole(r)) && site.length === 0) {
    throw new DevTokenRequestInvalid('--site is required: staff roles are held per site');
  }
  const timeSpan = ttl ?? '8h';
  const span = /^(\d+)(s|m|h|d)$/.exec(timeSpan);
  if (!span) throw new DevTokenRequestInvalid(`--ttl "${timeSpan}" is not a time span; write e.g. 30m or 8h`);
  const seconds = Number(span[1]) * SECONDS_PER[span[2] as keyof typeof SECONDS_PER];
  if (seconds > maxLifetimeSeconds) {
    throw new DevTokenRequestInvalid(
      `--ttl ${timeSpan} is longer than the services accept (${maxLifetimeSeconds / 3600} h, JWT_MAX_LIFETIME_SECONDS); ask for less`,
    );
  }
  return { userId: user ?? `dev-${roles[0]}`, roles, sites: site, ttl: timeSpan };
}

/** Network roles (auditor, network-admin) go in the `roles` claim; every staff role is held at each named site. */
export async function mintDevToken(
  request: DevTokenRequest,
  signing: { secret: string; issuer?: string; audience?: string },
): Promise<string> {
  const networkRoles = request.roles.filter(isNetworkRole);
  const siteRoles = request.roles.filter((role) => !isNetworkRole(role));
  const sites = siteRoles.length === 0 ? {} : Object.fromEntries(request.sites.map((siteId) => [siteId, siteRoles]));
  let token = new SignJWT({ roles: networkRoles, sites })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.userId)
    .setIssuedAt()
    .setExpirationTime(request.ttl);
  if (signing.issuer) token = token.setIssuer(signing.issuer);
  if (signing.audience) token = token.setAudience(signing.audience);
  return token.sign(new TextEncoder().encode(signing.secret));
}
