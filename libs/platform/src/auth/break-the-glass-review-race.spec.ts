import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { type AccessLog } from '../access-log/access-log.js';
import { type PlatformConfig } from '../config/service-config.js';
import { BreakTheGlass } from './break-the-glass.js';
import { type Actor } from './roles.js';

// Two processes of one service may each record a review of the same grant in the same instant
// (each checked before the other appended). The first in the store stands, in every process,
// including the one whose own review came second.

const clinician: Actor = {
  userId: 'clinician-1',
  roles: [],
  sites: { 'site-north': ['clinician'] },
  role: 'clinician',
  admittedRoles: ['clinician'],
};
const supervisor = (userId: string): Actor => ({
  userId,
  roles: [],
  sites: { 'site-north': ['clinical-supervisor'] },
  role: 'clinical-supervisor',
  admittedRoles: ['clinical-supervisor'],
});

describe('two processes reviewing one grant at once', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-btg-race-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const processOf = (processId: string, on: EventStore) =>
    new BreakTheGlass('intake', { BREAK_THE_GLASS_MINUTES: 60 } as PlatformConfig, { processId } as unknown as AccessLog, on);

  it('shows the first review in the store in both, whichever recorded it', async () => {
    const first = processOf('process-1', store);
    // The second process's append lands just after the first process recorded its review.
    const racing: EventStore = Object.create(store) as EventStore;
    racing.appendToStream = (async (...args: Parameters<EventStore['appendToStream']>) => {
      await first.review(supervisor('supervisor-a'), grant.grantId, 'justified');
      return store.appendToStream(...args);
    }) as EventStore['appendToStream'];
    const second = processOf('process-2', racing);
    const grant = await first.grant(clinician, { clientId: 'client-1', siteId: 'site-north', reason: 'overdose in the waiting room' });

    await second.review(supervisor('supervisor-b'), grant.grantId, 'not-justified');

    for (const process of [first, second]) {
      const [listed] = await process.grantsAt('site-north');
      expect(listed?.review).toMatchObject({ reviewedBy: 'supervisor-a', outcome: 'justified' });
    }
  });
});
