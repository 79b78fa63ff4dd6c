import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, type ReadAllOptions } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { type AccessLog } from '../access-log/access-log.js';
import { type PlatformConfig } from '../config/service-config.js';
import { type Actor } from './roles.js';
import { BreakTheGlass } from './break-the-glass.js';

// Every clinical read asks for the grants, and the grants are found by reading the store after
// the last look. The last look must end at the head it read to, not at the last grant it found:
// in a store where nobody broke the glass, each read scanned the whole store again (an intake
// record read took 110–230 ms on the 10,000-client seeded store).

describe('the break-the-glass grants, read after the last look', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-btg-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.db') });
    for (let index = 0; index < 50; index += 1) {
      await store.appendToStream(
        `client-${index}`,
        [
          {
            eventId: crypto.randomUUID(),
            type: 'ClientRegistered',
            data: {},
            metadata: {
              schemaVersion: 1,
              siteId: 'site-north',
              actor: { userId: 'u', role: 'clinician' },
              occurredAt: new Date().toISOString(),
              correlationId: 'c',
              causationId: 'c',
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Intake's grants over the store, with where each look at the store began (`after`). */
  function watchedBreakTheGlass() {
    const looks: Array<number | undefined> = [];
    const watched: EventStore = Object.create(store) as EventStore;
    watched.readAll = (options?: ReadAllOptions) => {
      looks.push(options?.after);
      return store.readAll(options);
    };
    const breakTheGlass = new BreakTheGlass(
      'intake',
      { BREAK_THE_GLASS_MINUTES: 60 } as PlatformConfig,
      { processId: 'process-1' } as unknown as AccessLog,
      watched,
    );
    return { looks, breakTheGlass };
  }

  it('starts the next look at the head of the last one even when it found no grant', async () => {
    const { looks, breakTheGlass } = watchedBreakTheGlass();
    expect(await breakTheGlass.grantsAt('site-north')).toEqual([]);
    expect(await breakTheGlass.grantsAt('site-north')).toEqual([]);
    expect(looks).toEqual([0, await store.headPosition()]);
  });

  it('takes the first look, the scan of the whole store, as the service starts: a clinical read then reads only what came after', async () => {
    const { looks, breakTheGlass } = watchedBreakTheGlass();
    breakTheGlass.onApplicationBootstrap();
    const head = await store.headPosition();
    const nurse: Actor = { userId: 'nurse-1', roles: [], sites: { 'site-north': ['nurse'] }, role: 'nurse', admittedRoles: ['nurse'] };
    await expect(breakTheGlass.assertClinicalRead(nurse, { clientId: 'client-1', siteId: 'site-north', careTeam: [] })).rejects.toThrow(
      /break the glass/,
    );
    expect(looks).toEqual([0, head]);
  });
});
