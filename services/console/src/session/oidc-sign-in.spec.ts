// Who the provider's access token signs in: read as the services read it (libs/platform's
// principalFrom), acting in one role and keeping every role held at each site.
import { describe, expect, it } from '@jest/globals';
import { UnsecuredJWT } from 'jose';
import { AuthenticationRequired } from '@continuum/platform';
import { userFromAccessToken } from './oidc-sign-in.js';

const tokenWith = (claims: Record<string, unknown>) => new UnsecuredJWT(claims).setSubject('staff-7').encode();

describe('the user an access token signs in', () => {
  it('keeps the roles held at each site, acting in the first; unknown role codes grant nothing', () => {
    const user = userFromAccessToken(
      tokenWith({ sites: { 'site-north': ['clinician', 'billing-clerk'], 'site-south': ['clinical-supervisor'], 'site-east': ['x'] } }),
    );
    expect(user).toEqual({
      userId: 'staff-7',
      role: 'clinician',
      sites: ['site-north'],
      siteRoles: { 'site-north': ['clinician'], 'site-south': ['clinical-supervisor'] },
    });
  });

  it('acts network-wide in a network role, keeping any site roles beside it', () => {
    expect(userFromAccessToken(tokenWith({ roles: ['auditor', 'clinician'], sites: { 'site-north': ['nurse'] } }))).toEqual({
      userId: 'staff-7',
      role: 'auditor',
      sites: [],
      siteRoles: { 'site-north': ['nurse'] },
    });
  });

  it('refuses a token with no Continuum role, or with claims the services would refuse', () => {
    expect(() => userFromAccessToken(tokenWith({ sites: { 'site-north': ['x'] } }))).toThrow(AuthenticationRequired);
    expect(() => userFromAccessToken(tokenWith({ sites: ['site-north'] }))).toThrow(/sites/);
    expect(() => userFromAccessToken('not-a-jwt')).toThrow(AuthenticationRequired);
  });
});
