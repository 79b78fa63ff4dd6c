import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EventStore, type RecordedEvent, openEventStore } from '@continuum/event-store';
import { accessEvent, accessLogStream } from '@continuum/platform';
import { clientEvents } from '../application/client-events.js';
import { syntheticClientId, syntheticId, writeSyntheticHistory } from '../seeding/synthetic-history.js';
import { type CatchUpReport, ClientIndex } from './client-index.js';
import { clientIndexFileFor } from './client-index-file.js';
import { fullScanOf } from './testing/full-scan.js';
import { sqliteEventStore } from '@continuum/event-store-sqlite';

// The client index on real SQLite stores: the same answers as a read of the whole log, caught
// up incrementally, rebuilt (and saying why) when the store behind it is not the one it indexed.

let folder: string;
const stores: EventStore[] = [];
const indexes: ClientIndex[] = [];

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'audit-client-index-'));
});
afterEach(async () => {
  for (const index of indexes.splice(0)) await index.close();
  for (const store of stores.splice(0)) await store.close();
  rmSync(folder, { recursive: true, force: true });
});

async function storeAt(file: string): Promise<EventStore> {
  const store = await openEventStore(`sqlite:${file}`, [sqliteEventStore]);
  stores.push(store);
  return store;
}

type Seen = { rebuilds: string[]; caughtUp: CatchUpReport[] };

function indexOf(store: EventStore, file = path.join(folder, 'client-index.db')): { index: ClientIndex; seen: Seen } {
  const seen: Seen = { rebuilds: [], caughtUp: [] };
  const index = ClientIndex.open(store, file, {
    onRebuild: (reason) => seen.rebuilds.push(reason),
    onCaughtUp: (report) => seen.caughtUp.push(report),
  });
  indexes.push(index);
  return { index, seen };
}

async function viaIndex(index: ClientIndex, clientId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of clientEvents(index, clientId)) events.push(event);
  return events;
}

const ids = (events: RecordedEvent[]) => events.map((event) => `${event.position}:${event.eventId}`);

/** A read of the client's record by the service, as the platform's access log appends it. */
function readOf(clientId: string, userId: string) {
  return accessEvent({
    clientId,
    userId,
    role: 'clinician',
    siteId: 'site-north',
    service: 'intake',
    what: { method: 'GET', route: '/api/v1/clients/:clientId', resourceKind: 'intake-record', resourceIds: { clientId } },
    accessedAt: '2026-03-02T09:00:00.000Z',
    purposeOfUse: 'TREAT',
    correlationId: `correlation-${userId}`,
    causationId: `causation-${userId}`,
  });
}

describe('the client index', () => {
  it("answers with exactly the events a read of the whole log finds about each client, in the same global order, reading only the client's streams", async () => {
    const store = await storeAt(path.join(folder, 'events.db'));
    await writeSyntheticHistory(store, { to: 12, concurrency: 6 });
    const { index } = indexOf(store);
    for (const clientNumber of [0, 1, 7, 11]) {
      const clientId = syntheticClientId(clientNumber);
      const expected = await fullScanOf(store, clientId);
      expect(expected.length).toBeGreaterThan(10);
      const found = await viaIndex(index, clientId);
      expect(ids(found)).toEqual(ids(expected));
      expect(found).toEqual(expected);
    }
    let read = 0;
    for await (const _ of clientEvents(index, syntheticClientId(3), { onFinished: (progress) => (read = progress.scanned) })) void _;
    expect(read).toBe((await fullScanOf(store, syntheticClientId(3))).length);
    expect(read).toBeLessThan((await store.headPosition()) / 6);
    expect(await viaIndex(index, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('catches up from its checkpoint with what was appended since, and answers with it', async () => {
    const store = await storeAt(path.join(folder, 'events.db'));
    await writeSyntheticHistory(store, { to: 4, concurrency: 2 });
    const { index, seen } = indexOf(store);
    const client = syntheticClientId(2);
    const before = await viaIndex(index, client);
    const indexedUpTo = await store.headPosition();
    expect(seen.caughtUp).toEqual([expect.objectContaining({ from: 0, indexed: indexedUpTo, position: indexedUpTo })]);

    // More clients, then a second episode's worth of reads of client 2 in an access log.
    await writeSyntheticHistory(store, { from: 4, to: 6, concurrency: 2 });
    await store.appendToStream(accessLogStream('intake', new Date('2026-03-02T00:00:00Z'), 'p1'), [readOf(client, 'clinician-1')], {
      expectedRevision: 'any',
    });
    const after = await viaIndex(index, client);
    expect(seen.caughtUp[1]).toMatchObject({ from: indexedUpTo, indexed: (await store.headPosition()) - indexedUpTo });
    expect(ids(after)).toEqual(ids(await fullScanOf(store, client)));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ type: 'ClientRecordAccessed', metadata: { clientId: client } });
    expect(ids(await viaIndex(index, syntheticClientId(5)))).toEqual(ids(await fullScanOf(store, syntheticClientId(5))));

    // Nothing new: nothing indexed, same answer. A second process on the same file goes on from the checkpoint.
    expect(await viaIndex(index, client)).toEqual(after);
    expect(seen.caughtUp).toHaveLength(2);
    const { index: secondProcess, seen: secondSeen } = indexOf(store);
    expect(await viaIndex(secondProcess, client)).toEqual(after);
    expect(secondSeen).toEqual({ rebuilds: [], caughtUp: [] });
  });

  it('gives from a stream that mixes clients (an access log) only this client’s events, and finds a client named only in the payload', async () => {
    const store = await storeAt(path.join(folder, 'events.db'));
    const [alex, sam] = [syntheticId('alex'), syntheticId('sam')];
    const log = accessLogStream('intake', new Date('2026-03-02T00:00:00Z'), 'p1');
    await store.appendToStream(log, [readOf(sam, 'u1'), readOf(alex, 'u2'), readOf(sam, 'u3'), readOf(alex, 'u4'), readOf(sam, 'u5')], {
      expectedRevision: 'any',
    });
    const envelopeless = {
      eventId: syntheticId('legacy-1'),
      type: 'LegacyNote',
      data: { clientId: alex, code: 'x' },
      metadata: {
        schemaVersion: 1,
        siteId: 'site-north',
        actor: { userId: 'u9', role: 'clinician' },
        occurredAt: '2026-03-02T09:00:00.000Z',
        correlationId: 'c',
        causationId: 'c',
      },
    };
    await store.appendToStream('legacy-alex', [envelopeless], { expectedRevision: 'any' });
    const { index } = indexOf(store);

    const alexEvents = await viaIndex(index, alex);
    expect(alexEvents.map((event) => [event.streamId, event.revision])).toEqual([
      [log, 1],
      [log, 3],
      ['legacy-alex', 0],
    ]);
    expect(ids(alexEvents)).toEqual(ids(await fullScanOf(store, alex)));
    expect(ids(await viaIndex(index, sam))).toEqual(ids(await fullScanOf(store, sam)));
    // Only the revisions between the client's first and last read are read.
    let read = 0;
    for await (const _ of clientEvents(index, alex, { onFinished: (progress) => (read = progress.scanned) })) void _;
    expect(read).toBe(4);
  });

  it('rebuilds from zero, saying why, when the store file was replaced by another store', async () => {
    const file = path.join(folder, 'events.db');
    const store = await storeAt(file);
    await writeSyntheticHistory(store, { to: 3, concurrency: 3 });
    const { index, seen } = indexOf(store);
    await viaIndex(index, syntheticClientId(0));
    await index.close();
    indexes.splice(indexes.indexOf(index), 1);

    const other = await storeAt(path.join(folder, 'other.db'));
    await writeSyntheticHistory(other, { from: 1, to: 4, concurrency: 1 });
    const { index: sameFile, seen: after } = indexOf(other);
    expect(ids(await viaIndex(sameFile, syntheticClientId(0)))).toEqual([]);
    expect(after.rebuilds).toEqual([
      expect.stringMatching(
        /^the store's first event is not the one indexed \(event [0-9a-f-]+\): this is another store, or its file was replaced$/,
      ),
    ]);
    expect(ids(await viaIndex(sameFile, syntheticClientId(3)))).toEqual(ids(await fullScanOf(other, syntheticClientId(3))));
    expect(seen.rebuilds).toEqual([]);
  });

  it('rebuilds when the store went back to an older copy (head behind the checkpoint), and when the store at the checkpoint holds another event', async () => {
    const file = path.join(folder, 'events.db');
    const store = await storeAt(file);
    await writeSyntheticHistory(store, { to: 2, concurrency: 1 });
    await store.close();
    stores.splice(0);
    copyFileSync(file, path.join(folder, 'backup.db'));

    const live = await storeAt(file);
    await writeSyntheticHistory(live, { from: 2, to: 3 });
    const indexFile = path.join(folder, 'index.db');
    const first = indexOf(live, indexFile);
    expect(ids(await viaIndex(first.index, syntheticClientId(2)))).not.toEqual([]);

    const restored = await storeAt(path.join(folder, 'backup.db'));
    const onBackup = indexOf(restored, indexFile);
    expect(await viaIndex(onBackup.index, syntheticClientId(2))).toEqual([]);
    expect(onBackup.seen.rebuilds).toEqual([
      expect.stringMatching(/^the store's head position \(\d+\) is behind the index's checkpoint \(\d+\)/),
    ]);

    // The backup takes one new event; the live store holds another event at that position.
    await restored.appendToStream(accessLogStream('intake', new Date('2026-03-02T00:00:00Z'), 'p1'), [readOf(syntheticClientId(0), 'u1')], {
      expectedRevision: 'any',
    });
    await onBackup.index.catchUp();
    const backOnLive = indexOf(live, indexFile);
    expect(ids(await viaIndex(backOnLive.index, syntheticClientId(2)))).toEqual(ids(await fullScanOf(live, syntheticClientId(2))));
    expect(backOnLive.seen.rebuilds).toEqual([
      expect.stringMatching(
        /^the event at position \d+, the last indexed, is not the one indexed \(event [0-9a-f-]+\): the store was replaced$/,
      ),
    ]);
  });
});

describe('where the client index lives', () => {
  it('is <DATA_DIR>/audit/client-index.db for the default store, and named after any other store file so two stores never share one', () => {
    expect(clientIndexFileFor('sqlite:./data/events.db', '/srv/continuum')).toBe(path.join('/srv/continuum', 'audit', 'client-index.db'));
    const a = clientIndexFileFor('sqlite:/stores/a/events.db', './data');
    const b = clientIndexFileFor('sqlite:/stores/b/events.db', './data');
    expect(a).toMatch(/^data\/audit\/client-index\.events-[0-9a-f]{10}\.db$/);
    expect(b).not.toBe(a);
    expect(clientIndexFileFor('sqlite:/stores/audit-1m.db', './data')).toMatch(/client-index\.audit-1m-[0-9a-f]{10}\.db$/);
    expect(clientIndexFileFor('kurrentdb://admin:secret@db:2113', './data')).toMatch(/client-index\.kurrentdb-[0-9a-f]{10}\.db$/);
    expect(clientIndexFileFor('sqlite::memory:', './data')).toBe(':memory:');
  });
});
