import { type Actor } from './roles.js';
import { assertSiteAccess } from './site-access.js';

// A case manager at the north site who also prescribes at the south site, admitted by a
// route open to prescribers and case managers before the resource's site was known.
const actor: Actor = {
  userId: 'u-1',
  roles: [],
  sites: { 'site-north': ['case-manager'], 'site-south': ['prescriber'] },
  role: 'prescriber',
  admittedRoles: ['prescriber', 'case-manager'],
};

describe('checking the site of a loaded resource', () => {
  it("records the role the actor holds at the resource's own site", () => {
    expect(assertSiteAccess(actor, 'site-north').role).toBe('case-manager');
    expect(assertSiteAccess(actor, 'site-south').role).toBe('prescriber');
  });

  it('refuses a site where the actor holds no admitted role, naming the roles and the site', () => {
    expect(() => assertSiteAccess(actor, 'site-east')).toThrow(/\(prescriber, case-manager\) at site site-east/);
    expect(() => assertSiteAccess({ ...actor, admittedRoles: ['prescriber'] }, 'site-north')).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('admits a network-wide role at every site', () => {
    const auditor: Actor = { userId: 'a-1', roles: ['auditor'], sites: {}, role: 'auditor', admittedRoles: ['clinician', 'auditor'] };
    expect(assertSiteAccess(auditor, 'any-site').role).toBe('auditor');
  });
});
