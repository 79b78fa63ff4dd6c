// A member of staff's bearer token for the services' end-to-end specs: signed with the
// development secret every service accepts outside production.
import { DEV_JWT_SECRET, type Role, mintDevToken } from '@continuum/platform';

export async function tokenFor(role: Role, sites: string[], userId = `user-${role}`): Promise<string> {
  return mintDevToken({ userId, roles: [role], sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
