import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '@continuum/event-store';
import { sqliteEventStore } from './index.js';
import { SqliteEventStore } from './sqlite-event-store.js';

describe('opening the embedded store from EVENT_STORE_URL', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'continuum-open-store-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens a working SQLite store from a sqlite: URL', async () => {
    const store = await openEventStore(`sqlite:${join(folder, 'events.db')}`, [sqliteEventStore]);
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      const stream = `open-${randomUUID()}`;
      const metadata = {
        schemaVersion: 1,
        siteId: 'site-north',
        actor: { userId: 'user-1', role: 'clinician' },
        occurredAt: '2026-01-15T09:00:00.000Z',
        correlationId: 'corr-1',
        causationId: 'cause-1',
      };
      await store.appendToStream(stream, [{ eventId: randomUUID(), type: 'EpisodeOpened', data: {}, metadata }], {
        expectedRevision: 'no-stream',
      });
      expect(await store.readStream(stream)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('refuses a KurrentDB URL in a program built with only the SQLite adapter', async () => {
    await expect(openEventStore('kurrentdb://127.0.0.1:1?tls=false', [sqliteEventStore])).rejects.toThrow(
      'EVENT_STORE_URL names a KurrentDB store, which this program is not built with (it has: SQLite)',
    );
  });
});
