// A member of staff's bearer token for the services' end-to-end specs: signed with the
// development secret every service accepts outside production. The platform is loaded on the
// first token, so the pure specs that import #continuum/testing do not load it.
import { type Role } from '#continuum/platform';

export async function tokenFor(role: Role, sites: string[], userId = `user-${role}`): Promise<string> {
  const { DEV_JWT_SECRET, mintDevToken } = await import('#continuum/platform');
  return mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
