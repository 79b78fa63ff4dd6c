import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCheckpointStore } from './checkpoint-store.js';
import { SqliteInbox } from './inbox.js';

describe('durable bookkeeping files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'continuum-bookkeeping-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers a relay checkpoint across a reopen, one per relay name', async () => {
    const path = join(dir, 'nested', 'checkpoints.db');
    const first = SqliteCheckpointStore.open(path);
    expect(await first.load('intake')).toBeUndefined();
    await first.save('intake', 7);
    await first.save('intake', 12);
    await first.save('aftercare', 3);
    await first.close();
    const reopened = SqliteCheckpointStore.open(path);
    expect(await reopened.load('intake')).toBe(12);
    expect(await reopened.load('aftercare')).toBe(3);
    await reopened.close();
  });

  it('keeps handled event ids per consumer group across a reopen, and recording twice is harmless', async () => {
    const path = join(dir, 'inbox.db');
    const inbox = SqliteInbox.open(path);
    await inbox.record('billing', 'evt-1');
    await inbox.record('billing', 'evt-1');
    await inbox.close();
    const reopened = SqliteInbox.open(path);
    expect(await reopened.has('billing', 'evt-1')).toBe(true);
    expect(await reopened.has('reporting', 'evt-1')).toBe(false);
    expect(await reopened.has('billing', 'evt-2')).toBe(false);
    await reopened.close();
  });

  it('shares one inbox file between two openers, as two consumer processes of a machine do', async () => {
    const path = join(dir, 'inbox.db');
    const one = SqliteInbox.open(path);
    const other = SqliteInbox.open(path);
    await one.record('billing', 'evt-1');
    expect(await other.has('billing', 'evt-1')).toBe(true);
    await one.close();
    await other.close();
  });
});
