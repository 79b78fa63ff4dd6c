import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { spawnTs } from '@continuum/testing';
import { chainHash, EventIdAlreadyInStream, type RecordedEvent } from '@continuum/event-store';
import { envelope, event, eventStoreContract } from '@continuum/event-store/testing';
import { SqliteEventStore } from './sqlite-event-store.js';
import { type AppenderReport } from './testing/concurrent-appender.js';

const folders: string[] = [];
function freshFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'continuum-sqlite-store-'));
  folders.push(folder);
  return join(folder, 'nested', 'events.db');
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

eventStoreContract('SQLite file', async () => {
  const store = await SqliteEventStore.open({ path: freshFile(), pollIntervalMs: 20 });
  return { store, cleanup: () => store.close() };
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('SQLite event store', () => {
  describe('tamper evidence', () => {
    let path: string;
    let store: SqliteEventStore;
    let tamper: Database.Database;
    beforeEach(async () => {
      path = freshFile();
      store = await SqliteEventStore.open({ path });
      tamper = new Database(path);
    });
    afterEach(async () => {
      tamper.close();
      await store.close();
    });

    async function episodeOfFive(stream: string): Promise<RecordedEvent[]> {
      await store.appendToStream(
        stream,
        [1, 2, 3, 4, 5].map((n) => event('AttendanceRecorded', { hours: n })),
        { expectedRevision: 'no-stream' },
      );
      return store.readStream(stream);
    }

    it('names the event whose data was changed behind the store’s back', async () => {
      const stream = `care-episode-${randomUUID()}`;
      const events = await episodeOfFive(stream);
      tamper.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 2').run(JSON.stringify({ hours: 30 }), stream);

      const verification = await store.verifyStream(stream);

      expect(verification).toMatchObject({ ok: false, stream, firstBroken: { revision: 2, eventId: events[2].eventId } });
      expect(verification.ok === false && verification.firstBroken.reason).toMatch(/altered content/);
    });

    it('names the event whose envelope (who, where) was changed', async () => {
      const stream = `care-episode-${randomUUID()}`;
      const events = await episodeOfFive(stream);
      tamper
        .prepare('UPDATE events SET metadata = ? WHERE stream_id = ? AND revision = 0')
        .run(JSON.stringify(envelope({ siteId: 'site-elsewhere' })), stream);

      await expect(store.verifyStream(stream)).resolves.toMatchObject({
        ok: false,
        firstBroken: { revision: 0, eventId: events[0].eventId },
      });
    });

    it('reports a deleted event as a missing revision', async () => {
      const stream = `care-episode-${randomUUID()}`;
      const events = await episodeOfFive(stream);
      tamper.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 3').run(stream);

      const verification = await store.verifyStream(stream);

      expect(verification).toMatchObject({ ok: false, firstBroken: { revision: 3, eventId: events[4].eventId } });
      expect(verification.ok === false && verification.firstBroken.reason).toMatch(/missing revision: revision 3 is missing/);
    });

    it('names the event after a forged one whose hash was recomputed: the link to it breaks', async () => {
      const stream = `care-episode-${randomUUID()}`;
      const events = await episodeOfFive(stream);
      const forgedData = { hours: 40 };
      const forgedHash = chainHash(events[1].metadata.prevHash, { ...events[1], data: forgedData });
      tamper
        .prepare('UPDATE events SET data = ?, hash = ? WHERE stream_id = ? AND revision = 1')
        .run(JSON.stringify(forgedData), forgedHash, stream);

      const verification = await store.verifyStream(stream);

      expect(verification).toMatchObject({ ok: false, firstBroken: { revision: 2, eventId: events[2].eventId } });
      expect(verification.ok === false && verification.firstBroken.reason).toMatch(/broken link/);
    });
  });

  describe('appends', () => {
    let store: SqliteEventStore;
    beforeEach(async () => {
      store = await SqliteEventStore.open({ path: ':memory:' });
    });
    afterEach(() => store.close());

    it('commits concurrent appends together while refusing only the one with a stale revision', async () => {
      const stream = `care-episode-${randomUUID()}`;
      await store.appendToStream(stream, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
      const others = Array.from({ length: 20 }, () => `aftercare-${randomUUID()}`);

      const outcomes = await Promise.allSettled([
        ...others.map((other) => store.appendToStream(other, [event('AftercarePlanCreated')], { expectedRevision: 'no-stream' })),
        store.appendToStream(stream, [event('LevelOfCareChanged')], { expectedRevision: 5 }),
      ]);

      expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
      expect(outcomes[20]).toMatchObject({ status: 'rejected', reason: { name: 'WrongExpectedRevision', actual: 0 } });
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('rolls back only the refused append of a batch, even half-way through its events', async () => {
      const [a, b, c] = [1, 2, 3].map(() => `care-episode-${randomUUID()}`);
      const opened = event('EpisodeOpened');
      await store.appendToStream(b, [opened], { expectedRevision: 'no-stream' });

      const outcomes = await Promise.allSettled([
        store.appendToStream(a, [event('EpisodeOpened'), event('AuthorizedLevelRecorded')], { expectedRevision: 'no-stream' }),
        store.appendToStream(b, [event('LevelOfCareChanged'), opened], { expectedRevision: 0 }),
        store.appendToStream(c, [event('EpisodeOpened'), event('AuthorizedLevelRecorded')], { expectedRevision: 'no-stream' }),
      ]);

      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect([(await store.readStream(a)).length, (await store.readStream(b)).length, (await store.readStream(c)).length]).toEqual([
        2, 1, 2,
      ]);
    });

    it('undoes a refused appendToStreams alone within its group, even when each of its parts is one event', async () => {
      const [a, b] = [`care-plan-${randomUUID()}`, `care-episode-${randomUUID()}`];
      await store.appendToStream(b, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
      const others = Array.from({ length: 40 }, () => `aftercare-${randomUUID()}`);
      const headBefore = await store.headPosition();

      // Submitted in one turn of the event loop: one group, one transaction.
      const outcomes = await Promise.allSettled([
        ...others
          .slice(0, 20)
          .map((other) => store.appendToStream(other, [event('AftercarePlanCreated')], { expectedRevision: 'no-stream' })),
        store.appendToStreams([
          { stream: a, events: [event('PlanDrafted')], expectedRevision: 'no-stream' },
          { stream: b, events: [event('EpisodeDischarged')], expectedRevision: 7 },
        ]),
        store.appendToStreams([
          { stream: `${a}-landed`, events: [event('PlanDrafted')], expectedRevision: 'no-stream' },
          { stream: b, events: [event('LevelOfCareChanged')], expectedRevision: 0 },
        ]),
        ...others.slice(20).map((other) => store.appendToStream(other, [event('AftercarePlanCreated')], { expectedRevision: 'no-stream' })),
      ]);

      expect(outcomes[20]).toMatchObject({ status: 'rejected', reason: { name: 'WrongExpectedRevision', stream: b, actual: 0 } });
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(41);
      expect(await store.readStream(a)).toEqual([]);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['EpisodeOpened', 'LevelOfCareChanged']);
      const written = await collect(store.readAll({ after: headBefore }));
      expect(written).toHaveLength(42);
      // No position was taken by the refused unit: the group's positions follow one another.
      expect(written.map((e) => e.position)).toEqual(written.map((_, i) => headBefore + 1 + i));
      await expect(store.verifyStream(b)).resolves.toEqual({ ok: true, stream: b, events: 2 });
    });

    it('refuses an id reused at another place in the stream with EventIdAlreadyInStream, naming where it is', async () => {
      const stream = `care-episode-${randomUUID()}`;
      const opened = event('EpisodeOpened');
      await store.appendToStream(stream, [opened], { expectedRevision: 'no-stream' });

      const refusal = store.appendToStream(stream, [event('LevelOfCareChanged'), opened], { expectedRevision: 0 });

      await expect(refusal).rejects.toBeInstanceOf(EventIdAlreadyInStream);
      await expect(refusal).rejects.toMatchObject({ eventId: opened.eventId, revision: 0 });
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it("recognises a retry of an 'any' append and answers with the first result", async () => {
      const stream = `relay-${randomUUID()}`;
      const published = [event('IntegrationEventPublished'), event('IntegrationEventPublished')];
      const first = await store.appendToStream(stream, published, { expectedRevision: 'any' });
      await store.appendToStream(stream, [event('IntegrationEventPublished')], { expectedRevision: 'any' });

      const { recorded: _written, ...place } = first;
      // The retry wrote nothing, so it says nothing recorded.
      await expect(store.appendToStream(stream, published, { expectedRevision: 'any' })).resolves.toEqual(place);
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('refuses an append that lists the same event id twice', async () => {
      const twice = event('EpisodeOpened');
      await expect(store.appendToStream(`care-episode-${randomUUID()}`, [twice, twice], { expectedRevision: 'any' })).rejects.toThrow(
        /appears twice/,
      );
    });

    it('honours a configured event size limit', async () => {
      const small = await SqliteEventStore.open({ path: ':memory:', maxEventBytes: 2000 });
      try {
        await expect(small.appendToStream('s', [event('Note', { text: 'x'.repeat(2000) })], { expectedRevision: 'any' })).rejects.toThrow(
          /at most 2000 bytes/,
        );
        await expect(
          small.appendToStream('s', [event('Note', { text: 'x'.repeat(500) })], { expectedRevision: 'any' }),
        ).resolves.toBeDefined();
      } finally {
        await small.close();
      }
    });

    it('writes what is queued before it closes, then refuses further work with a clear message', async () => {
      const stream = `care-episode-${randomUUID()}`;
      const path = freshFile();
      const fileStore = await SqliteEventStore.open({ path });
      const queued = fileStore.appendToStream(stream, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
      await fileStore.close();

      await expect(queued).resolves.toMatchObject({ nextExpectedRevision: 0 });
      await expect(fileStore.readStream(stream)).rejects.toThrow(/closed; open a new SqliteEventStore/);
    });
  });

  it('keeps every event, position and hash across a close and reopen', async () => {
    const path = freshFile();
    const stream = `care-episode-${randomUUID()}`;
    const first = await SqliteEventStore.open({ path });
    await first.appendToStream(stream, [event('EpisodeOpened'), event('LevelOfCareChanged')], { expectedRevision: 'no-stream' });
    const before = await first.readStream(stream);
    await first.close();

    const reopened = await SqliteEventStore.open({ path });
    try {
      expect(await reopened.readStream(stream)).toEqual(before);
      await expect(reopened.appendToStream(stream, [event('EpisodeDischarged')], { expectedRevision: 1 })).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
      await expect(reopened.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 3 });
      expect(await reopened.headPosition()).toBeGreaterThan(before[1].position);
    } finally {
      await reopened.close();
    }
  });

  it('wakes a subscription for an append made by another process on the same file', async () => {
    const path = freshFile();
    const watcher = await SqliteEventStore.open({ path, pollIntervalMs: 20 });
    const writer = await SqliteEventStore.open({ path });
    const subscription = watcher.subscribeToAll();
    try {
      const messages = subscription[Symbol.asyncIterator]();
      expect((await messages.next()).value).toEqual({ kind: 'caught-up', position: 0 });
      // `writer` is another connection to the file: the watcher learns of it only by polling.
      await writer.appendToStream('intake-client-1', [event('ClientRegistered')], { expectedRevision: 'no-stream' });
      const next = await messages.next();
      expect(next.value).toMatchObject({ kind: 'event', event: { streamId: 'intake-client-1', type: 'ClientRegistered' } });
    } finally {
      await subscription.close();
      await watcher.close();
      await writer.close();
    }
  });

  describe('the head of a stream this process wrote, remembered', () => {
    it('forgets the head of a refused unit: the next append lands right after what was written', async () => {
      const store = await SqliteEventStore.open({ path: ':memory:' });
      try {
        const [plan, episode] = [`care-plan-${randomUUID()}`, `care-episode-${randomUUID()}`];
        await store.appendToStream(plan, [event('PlanDrafted')], { expectedRevision: 'no-stream' });
        await expect(
          store.appendToStreams([
            { stream: plan, events: [event('PlanApproved')], expectedRevision: 0 },
            { stream: episode, events: [event('EpisodeDischarged')], expectedRevision: 3 },
          ]),
        ).rejects.toMatchObject({ name: 'WrongExpectedRevision', stream: episode });

        // Had the refused unit's head of `plan` (revision 1) been kept, this append would pass
        // and leave a gap at revision 1.
        await expect(store.appendToStream(plan, [event('PlanApproved')], { expectedRevision: 1 })).rejects.toMatchObject({
          name: 'WrongExpectedRevision',
          actual: 0,
        });
        await expect(store.appendToStream(plan, [event('PlanApproved')], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
        await expect(store.verifyStream(plan)).resolves.toEqual({ ok: true, stream: plan, events: 2 });
      } finally {
        await store.close();
      }
    });

    it('is checked against the file when another process appended to the stream since', async () => {
      const path = freshFile();
      const [north, south] = [await SqliteEventStore.open({ path }), await SqliteEventStore.open({ path })];
      try {
        const stream = `care-episode-${randomUUID()}`;
        // Each process remembers the head it wrote last, which the other one's appends put behind.
        await north.appendToStream(stream, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
        await south.appendToStream(stream, [event('LevelOfCareChanged')], { expectedRevision: 0 });
        await expect(north.appendToStream(stream, [event('LevelOfCareChanged')], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });
        await expect(south.appendToStream(stream, [event('EpisodeDischarged')], { expectedRevision: 2 })).resolves.toMatchObject({
          nextExpectedRevision: 3,
        });
        // A revision the remembered head does not know yet, but the file does: accepted.
        await expect(north.appendToStream(stream, [event('EpisodeReopened')], { expectedRevision: 3 })).resolves.toMatchObject({
          nextExpectedRevision: 4,
        });
        // A revision behind the file: refused with the file's revision, even where the remembered head agreed.
        await south.appendToStream(stream, [event('EpisodeDischarged')], { expectedRevision: 4 });
        await expect(north.appendToStream(stream, [event('LevelOfCareChanged')], { expectedRevision: 4 })).rejects.toMatchObject({
          name: 'WrongExpectedRevision',
          actual: 5,
        });
        expect((await south.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
        await expect(south.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 6 });
      } finally {
        await north.close();
        await south.close();
      }
    });
  });

  it('two OS processes appending to one file at once lose nothing and never share a position', async () => {
    const path = freshFile();
    const shared = `shared-${randomUUID()}`;
    const contended = `contended-${randomUUID()}`;
    const appender = fileURLToPath(new URL('./testing/concurrent-appender.ts', import.meta.url));
    const children = ['north', 'south'].map((name) =>
      spawnTs(appender, [path, name, '500', shared, contended], { stdio: ['pipe', 'pipe', 'pipe'] }),
    );
    const outputs = children.map((child) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const ready = new Promise<void>((resolve) => child.stdout?.on('data', () => stdout.includes('ready\n') && resolve()));
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      return { ready, exited, stdout: () => stdout, stderr: () => stderr };
    });

    await Promise.all(outputs.map((o) => o.ready));
    for (const child of children) child.stdin?.end('go\n');
    const codes = await Promise.all(outputs.map((o) => o.exited));
    expect({ codes, stderr: outputs.map((o) => o.stderr()) }).toEqual({ codes: [0, 0], stderr: ['', ''] });

    const reports = outputs.map((o) => JSON.parse(o.stdout().split('\n').filter(Boolean).pop() as string) as AppenderReport);
    // The two processes really wrote at the same time.
    expect(Math.max(reports[0].startedAt, reports[1].startedAt)).toBeLessThan(Math.min(reports[0].finishedAt, reports[1].finishedAt));

    const store = await SqliteEventStore.open({ path });
    try {
      const all = await collect(store.readAll());
      const positions = all.map((e) => e.position);
      expect(new Set(positions).size).toBe(all.length);
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
      expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
      expect(all).toHaveLength(1000);

      const idsIn = async (stream: string) => (await store.readStream(stream)).map((e) => e.eventId);
      for (const report of reports) {
        for (const [stream, ids] of Object.entries(report.appended)) {
          if (stream.startsWith('own-')) expect(await idsIn(stream)).toEqual(ids);
        }
      }
      for (const stream of [shared, contended]) {
        const expected = reports.flatMap((r) => r.appended[stream] ?? []);
        expect((await idsIn(stream)).sort()).toEqual(expected.sort());
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: true, events: expected.length });
      }
      expect(reports.every((r) => r.idempotentRetries > 0)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
