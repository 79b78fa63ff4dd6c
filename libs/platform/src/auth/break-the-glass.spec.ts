import { type BreakTheGlassGrant, BREAK_THE_GLASS_GRANTED, activeGrant, grantEvent, overseesClinicalRecordsAt } from './break-the-glass.js';
import { type Actor, type Role } from './roles.js';

const grant = (overrides: Partial<BreakTheGlassGrant> = {}): BreakTheGlassGrant => ({
  grantId: 'grant-1',
  clientId: 'client-1',
  siteId: 'site-north',
  userId: 'nurse-5',
  role: 'nurse',
  reason: 'client arrived in crisis; care team unreachable',
  service: 'treatment-plan',
  grantedAt: '2026-01-12T09:00:00.000Z',
  expiresAt: '2026-01-12T10:00:00.000Z',
  correlationId: 'round-3',
  ...overrides,
});
const read = { userId: 'nurse-5', clientId: 'client-1', siteId: 'site-north' };

describe('a break-the-glass grant', () => {
  it('covers the reads of its user, client and site from the instant it is granted', () => {
    expect(activeGrant([grant()], read, new Date('2026-01-12T09:00:00.000Z'))?.grantId).toBe('grant-1');
    expect(activeGrant([grant()], read, new Date('2026-01-12T09:59:59.999Z'))?.grantId).toBe('grant-1');
  });

  it('is over at its expiry instant, and covers nothing before it was granted', () => {
    expect(activeGrant([grant()], read, new Date('2026-01-12T10:00:00.000Z'))).toBeUndefined();
    expect(activeGrant([grant()], read, new Date('2026-01-12T08:59:59.999Z'))).toBeUndefined();
  });

  it("covers no other user's read, no other client and no other site's record", () => {
    const at = new Date('2026-01-12T09:30:00.000Z');
    expect(activeGrant([grant()], { ...read, userId: 'nurse-6' }, at)).toBeUndefined();
    expect(activeGrant([grant()], { ...read, clientId: 'client-2' }, at)).toBeUndefined();
    expect(activeGrant([grant()], { ...read, siteId: 'site-south' }, at)).toBeUndefined();
  });

  it('answers with the grant that lasts longest when several cover the read', () => {
    const later = grant({ grantId: 'grant-2', grantedAt: '2026-01-12T09:20:00.000Z', expiresAt: '2026-01-12T10:20:00.000Z' });
    expect(activeGrant([grant(), later], read, new Date('2026-01-12T09:30:00.000Z'))?.grantId).toBe('grant-2');
    expect(activeGrant([grant(), later], read, new Date('2026-01-12T10:10:00.000Z'))?.grantId).toBe('grant-2');
  });

  it('is recorded as an audit event whose envelope names the client, the site and the reader, with its id as the event id', () => {
    expect(grantEvent(grant(), 'request-7')).toEqual({
      eventId: 'grant-1',
      type: BREAK_THE_GLASS_GRANTED,
      data: grant(),
      metadata: {
        schemaVersion: 1,
        clientId: 'client-1',
        siteId: 'site-north',
        actor: { userId: 'nurse-5', role: 'nurse' },
        occurredAt: '2026-01-12T09:00:00.000Z',
        correlationId: 'round-3',
        causationId: 'request-7',
      },
    });
  });
});

describe('who oversees the clinical records of a site', () => {
  const READERS: Role[] = ['clinician', 'nurse', 'clinical-supervisor', 'site-admin', 'auditor'];
  const actor = (sites: Actor['sites'], roles: Role[] = [], admittedRoles: Role[] = READERS): Actor => ({
    userId: 'user-1',
    roles,
    sites,
    role: admittedRoles[0]!,
    admittedRoles,
  });

  it("is the site's clinical supervisor, even when they are also a clinician there, and not at another site", () => {
    const both = actor({ 'site-north': ['clinician', 'clinical-supervisor'] });
    expect(overseesClinicalRecordsAt(both, 'site-north')).toBe(true);
    expect(overseesClinicalRecordsAt(both, 'site-south')).toBe(false);
  });

  it('is an auditor at every site', () => {
    expect(overseesClinicalRecordsAt(actor({}, ['auditor']), 'site-south')).toBe(true);
  });

  it('is not a clinician, a nurse or the site administrator, nor a supervisor on a route that does not admit supervisors', () => {
    expect(overseesClinicalRecordsAt(actor({ 'site-north': ['clinician', 'nurse', 'site-admin'] }), 'site-north')).toBe(false);
    expect(overseesClinicalRecordsAt(actor({ 'site-north': ['clinical-supervisor'] }, [], ['clinician']), 'site-north')).toBe(false);
  });
});
