// Local tokens for the embedded mode: the same HS256 secret as the services, so a developer
// (or the walkthrough script) can call the APIs without an identity provider.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { ROLES, type Role, isRole } from './roles.js';

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
roles: ${ROLES.join(', ')} (auditor is network-wide and needs no --site)`;

export function parseDevTokenArgs(args: readonly string[]): DevTokenRequest {
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
  if (roles.some((r) => r !== 'auditor') && site.length === 0) {
    throw new DevTokenRequestInvalid('--site is required: staff roles are held per site');
  }
  const timeSpan = ttl ?? '8h';
  if (!/^\d+\s*(s|m|h|d)$/.test(timeSpan))
    throw new DevTokenRequestInvalid(`--ttl "${timeSpan}" is not a time span; write e.g. 30m, 8h or 2d`);
  return { userId: user ?? `dev-${roles[0]}`, roles, sites: site, ttl: timeSpan };
}

/** Auditor is network-wide (the `roles` claim); every other role is held at each named site. */
export async function mintDevToken(
  request: DevTokenRequest,
  signing: { secret: string; issuer?: string; audience?: string },
): Promise<string> {
  const networkRoles = request.roles.filter((role) => role === 'auditor');
  const siteRoles = request.roles.filter((role) => role !== 'auditor');
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
