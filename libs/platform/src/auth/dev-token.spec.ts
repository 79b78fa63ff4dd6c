import { decodeJwt } from 'jose';
import { DEV_JWT_SECRET } from '../config/service-config.js';
import { DevTokenRequestInvalid, mintDevToken, parseDevTokenArgs } from './dev-token.js';
import { TokenVerifier } from './token-verifier.js';

describe('local development tokens', () => {
  it('mints a token that a service on the default secret accepts, with the role held at each site', async () => {
    const request = parseDevTokenArgs(['--role', 'clinician', '--site', 'site-north', '--site', 'site-south', '--user', 'u-1']);
    const token = await mintDevToken(request, { secret: DEV_JWT_SECRET });
    const principal = await new TokenVerifier({ mode: 'hs256', secret: DEV_JWT_SECRET }).verify(token);
    expect(principal).toEqual({ userId: 'u-1', roles: [], sites: { 'site-north': ['clinician'], 'site-south': ['clinician'] } });
  });

  it('makes the auditor a network-wide role that needs no site', async () => {
    const token = await mintDevToken(parseDevTokenArgs(['--role', 'auditor']), { secret: DEV_JWT_SECRET });
    expect(decodeJwt(token)).toMatchObject({ sub: 'dev-auditor', roles: ['auditor'], sites: {} });
  });

  it('expires after the requested time span, eight hours unless told', async () => {
    const eightHours = decodeJwt(await mintDevToken(parseDevTokenArgs(['--role', 'nurse', '--site', 's']), { secret: DEV_JWT_SECRET }));
    expect((eightHours.exp as number) - (eightHours.iat as number)).toBe(8 * 3600);
    const thirtyMinutes = decodeJwt(
      await mintDevToken(parseDevTokenArgs(['--role', 'nurse', '--site', 's', '--ttl', '30m']), { secret: DEV_JWT_SECRET }),
    );
    expect((thirtyMinutes.exp as number) - (thirtyMinutes.iat as number)).toBe(1800);
  });

  it('refuses an unknown role and lists the known ones', () => {
    expect(() => parseDevTokenArgs(['--role', 'doctor', '--site', 's'])).toThrow(DevTokenRequestInvalid);
    expect(() => parseDevTokenArgs(['--role', 'doctor', '--site', 's'])).toThrow(
      /unknown role "doctor"; choose one of: intake-coordinator, clinician, prescriber/,
    );
  });

  it('makes network-admin a network-wide role too', async () => {
    const token = await mintDevToken(parseDevTokenArgs(['--role', 'network-admin']), { secret: DEV_JWT_SECRET });
    expect(decodeJwt(token)).toMatchObject({ roles: ['network-admin'], sites: {} });
  });

  it('refuses a time span longer than the services accept, 12 hours unless told', () => {
    expect(parseDevTokenArgs(['--role', 'nurse', '--site', 's', '--ttl', '12h']).ttl).toBe('12h');
    expect(() => parseDevTokenArgs(['--role', 'nurse', '--site', 's', '--ttl', '13h'])).toThrow(/longer than the services accept \(12 h/);
    expect(() => parseDevTokenArgs(['--role', 'nurse', '--site', 's', '--ttl', '2d'])).toThrow(/longer than the services accept/);
    expect(() => parseDevTokenArgs(['--role', 'nurse', '--site', 's', '--ttl', '2h'], 3600)).toThrow(/\(1 h/);
  });

  it('refuses a staff role without a site, and unknown options', () => {
    expect(() => parseDevTokenArgs(['--role', 'clinician'])).toThrow(/--site is required/);
    expect(() => parseDevTokenArgs(['--role', 'clinician', '--site', 's', '--admin'])).toThrow(/--admin/);
    expect(() => parseDevTokenArgs(['--role', 'clinician', '--site', 's', '--ttl', 'forever'])).toThrow(/not a time span/);
  });
});
