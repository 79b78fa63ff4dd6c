import { type CareTeam, type Reader, duplicatesVisibleTo, recordViewFor } from './record-views.js';

// Who sees what of a client's intake record (docs/domain/intake-record-views.md).

const team: CareTeam = {
  episodeId: 'episode-1',
  members: [
    { userId: 'clinician-on-team', teamRole: 'clinician' },
    { userId: 'prescriber-on-team', teamRole: 'prescriber' },
    { userId: 'nurse-on-team', teamRole: 'nurse' },
    { userId: 'case-manager-on-team', teamRole: 'case-manager' },
  ],
  changedAt: '2026-01-15T09:00:00.000Z',
};
const atSite = (userId: string, ...rolesAtSite: string[]): Reader => ({ userId, networkRoles: [], rolesAtSite });
const beforeEpisode = { inEpisode: false };
const inEpisode = { inEpisode: true, careTeam: team };

describe('the view of a client record before an episode (no care team yet)', () => {
  it.each(['clinician', 'nurse', 'prescriber', 'case-manager', 'clinical-supervisor'])('the site’s %s reads the clinical detail', (role) =>
    expect(recordViewFor(atSite('someone', role), beforeEpisode)?.view).toBe('clinical'),
  );

  it.each(['intake-coordinator', 'site-admin'])('a %s reads identity and scheduling only', (role) =>
    expect(recordViewFor(atSite('someone', role), beforeEpisode)).toEqual({ view: 'identity', reason: 'identity-and-scheduling-role' }),
  );
});

describe('the view of a client record in an episode', () => {
  it.each(['clinician-on-team', 'prescriber-on-team', 'nurse-on-team', 'case-manager-on-team'])(
    'the care team’s %s reads the clinical detail',
    (userId) =>
      expect(recordViewFor(atSite(userId, userId.split('-on-')[0]!), inEpisode)).toEqual({ view: 'clinical', reason: 'care-team-member' }),
  );

  it('a clinician of the site who is not on the team reads identity and scheduling', () =>
    expect(recordViewFor(atSite('another-clinician', 'clinician'), inEpisode)).toEqual({ view: 'identity', reason: 'not-on-care-team' }));

  it('before treatment-plan has told the team, no clinician is on it', () =>
    expect(recordViewFor(atSite('clinician-on-team', 'clinician'), { inEpisode: true })?.view).toBe('identity'));

  it('the site’s clinical supervisor reads every care team’s clients', () =>
    expect(recordViewFor(atSite('supervisor', 'clinical-supervisor'), inEpisode)).toEqual({
      view: 'clinical',
      reason: 'clinical-supervisor',
    }));

  it('a team member who is also the site’s coordinator reads as the team member', () =>
    expect(recordViewFor(atSite('nurse-on-team', 'intake-coordinator', 'nurse'), inEpisode)?.view).toBe('clinical'));

  it('an intake coordinator on no team reads identity and scheduling', () =>
    expect(recordViewFor(atSite('coordinator', 'intake-coordinator'), inEpisode)?.view).toBe('identity'));
});

describe('break-the-glass in an episode', () => {
  const withGrant = { ...inEpisode, readerHoldsGrant: true };

  it.each(['clinician', 'nurse', 'prescriber', 'case-manager'])(
    'the site’s %s off the team reads the clinical detail while the grant lasts',
    (role) => expect(recordViewFor(atSite('off-team', role), withGrant)).toEqual({ view: 'clinical', reason: 'break-the-glass' }),
  );

  it('without a grant (or once it has expired) the same clinician reads identity and scheduling', () =>
    expect(recordViewFor(atSite('off-team', 'clinician'), { ...inEpisode, readerHoldsGrant: false })).toEqual({
      view: 'identity',
      reason: 'not-on-care-team',
    }));

  it('also before treatment-plan has told the team', () =>
    expect(recordViewFor(atSite('off-team', 'clinician'), { inEpisode: true, readerHoldsGrant: true })?.reason).toBe('break-the-glass'));

  it.each(['intake-coordinator', 'site-admin'])('a grant opens nothing to a %s', (role) =>
    expect(recordViewFor(atSite('someone', role), withGrant)).toEqual({ view: 'identity', reason: 'identity-and-scheduling-role' }),
  );

  it('a team member reads as the team member, grant or not', () =>
    expect(recordViewFor(atSite('clinician-on-team', 'clinician'), withGrant)?.reason).toBe('care-team-member'));
});

describe('network roles', () => {
  it('an auditor reads everything, anywhere', () =>
    expect(recordViewFor({ userId: 'auditor', networkRoles: ['auditor'], rolesAtSite: [] }, inEpisode)).toEqual({
      view: 'clinical',
      reason: 'auditor',
    }));

  it('a network administrator reads no client record', () =>
    expect(recordViewFor({ userId: 'admin', networkRoles: ['network-admin'], rolesAtSite: [] }, beforeEpisode)).toBeUndefined());
});

describe('possible duplicates a reader is told by id', () => {
  const duplicates = [
    { clientId: 'north-client', siteId: 'site-north' },
    { clientId: 'south-client', siteId: 'site-south' },
  ];
  const coordinatorAt = (...sites: string[]) => ({
    userId: 'coordinator',
    networkRoles: [],
    rolesAtSite: ['intake-coordinator'],
    rolesBySite: Object.fromEntries(sites.map((site) => [site, ['intake-coordinator']])),
  });

  it('a coordinator of one site learns the ids at that site, and of the others only that a match exists', () =>
    expect(duplicatesVisibleTo(coordinatorAt('site-south'), duplicates)).toEqual({
      shown: ['south-client'],
      possibleMatchInNetwork: true,
    }));

  it('a coordinator of both sites learns both', () =>
    expect(duplicatesVisibleTo(coordinatorAt('site-north', 'site-south'), duplicates)).toEqual({
      shown: ['north-client', 'south-client'],
      possibleMatchInNetwork: false,
    }));

  it('no duplicates, no match', () =>
    expect(duplicatesVisibleTo(coordinatorAt('site-south'), [])).toEqual({ shown: [], possibleMatchInNetwork: false }));

  it('a role held at the other site that reads no client record (network-admin elsewhere) does not count', () =>
    expect(
      duplicatesVisibleTo(
        { ...coordinatorAt('site-south'), rolesBySite: { 'site-south': ['intake-coordinator'], 'site-north': ['network-admin'] } },
        duplicates,
      ).shown,
    ).toEqual(['south-client']));
});
