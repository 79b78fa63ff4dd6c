import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EventStore, type SubscribeOptions } from '@continuum/event-store';
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import {
  CheckpointStore,
  type DocumentCollection,
  generationName,
  ProjectionRunner,
  type ReadModelDefinition,
  type ReadStore,
  rebuildProjection,
  rebuildProjections,
  type Stored,
} from '@continuum/read-store';
import { spawnTs } from '@continuum/testing';
import Database from 'better-sqlite3';
import { SqliteReadStore } from './sqlite-read-store.js';
import { countedEvent, ODD_STEPS, oddSteps, type Tally, TALLIES, tallies } from './testing/tallies.js';

// The runner on real SQLite files: an event store and a read store, as a service has them.
// The projection counts events per stream, so an event applied twice or lost shows at once.

let folder: string;
let eventStore: EventStore;
const opened: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'projection-runner-'));
  eventStore = await SqliteEventStore.open({ path: path.join(folder, 'events.db'), pollIntervalMs: 10 });
});

afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
  await eventStore.close();
  rmSync(folder, { recursive: true, force: true });
});

async function readStoreAt(file: string): Promise<ReadStore> {
  const store = await SqliteReadStore.open({ path: path.join(folder, file) });
  opened.push(store);
  return store;
}

function runnerOn(readStore: ReadStore, options: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {}): ProjectionRunner {
  const runner = new ProjectionRunner({ eventStore, readStore, projections: [tallies], generationCheckMs: 20, ...options });
  opened.push({ close: () => runner.stop() });
  return runner;
}

const event = countedEvent;

/** `streams` streams of `perStream` events each, interleaved, plus noise in a stream the projection ignores. */
async function appendHistory(streams: number, perStream: number, prefix = 'counted'): Promise<void> {
  for (let round = 0; round < perStream; round++) {
    for (let s = 0; s < streams; s++)
      await eventStore.appendToStream(`${prefix}-${s}`, [event(`Step${round}`, s % 2 ? 'site-south' : 'site-north')], {
        expectedRevision: 'any',
      });
    await eventStore.appendToStream('ignored-1', [event('Noise')], { expectedRevision: 'any' });
  }
}

async function documentsOf(collection: DocumentCollection<Tally>): Promise<Array<Stored<Tally>>> {
  const all: Array<Stored<Tally>> = [];
  for await (const stored of collection.all()) all.push(stored);
  return all.sort((a, b) => a.id.localeCompare(b.id));
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const caughtUp = (runner: ProjectionRunner) => async () => (await runner.lag()).every((lag) => lag.lag === 0 && lag.state === 'live');

describe('the projection runner', () => {
  it('catches up with the history, then applies new events as they are appended', async () => {
    await appendHistory(3, 4);
    const runner = runnerOn(await readStoreAt('read.db'));
    await runner.start();
    await eventually(caughtUp(runner), 'the runner to catch up');
    const collection = await runner.collection<Tally>(TALLIES);
    expect((await documentsOf(collection)).map((d) => d.document.events)).toEqual([4, 4, 4]);

    await eventStore.appendToStream('counted-0', [event('Later')], { expectedRevision: 'any' });
    await eventually(async () => (await collection.get('counted-0'))?.document.events === 5, 'the live event');
    expect((await collection.get('counted-0'))!.document.lastType).toBe('Later');
  });

  it('reports each projection lag as the events of its streams not yet applied', async () => {
    const runner = runnerOn(await readStoreAt('read.db'));
    expect((await runner.lag())[0]).toMatchObject({ projection: 'tallies', state: 'starting', lag: 0 });
    await appendHistory(2, 3);
    expect((await runner.lag())[0]!.lag).toBe(6);
    await runner.start();
    await eventually(caughtUp(runner), 'the runner to catch up');
    expect(await runner.readiness()).toMatchObject({ status: 'up', details: { tallies: { state: 'live', lag: 0 } } });
  });

  it('resumes from its checkpoint after a restart, applying nothing twice', async () => {
    await appendHistory(2, 3);
    const readStore = await readStoreAt('read.db');
    const first = runnerOn(readStore);
    await first.start();
    await eventually(caughtUp(first), 'the first run to catch up');
    await first.stop();

    await appendHistory(2, 2);
    const second = runnerOn(readStore);
    await second.start();
    await eventually(caughtUp(second), 'the second run to catch up');
    expect((await documentsOf(await second.collection<Tally>(TALLIES))).map((d) => d.document.events)).toEqual([5, 5]);
  });

  it('ends a run killed between its writes and its checkpoint with the documents of an uninterrupted run', async () => {
    await appendHistory(5, 40);
    const uninterrupted = runnerOn(await readStoreAt('reference.db'));
    await uninterrupted.start();
    await eventually(caughtUp(uninterrupted), 'the reference run');
    const expected = await documentsOf(await uninterrupted.collection<Tally>(TALLIES));

    // Every 50 events the runner writes the 5 documents, then its checkpoint. The power goes
    // half-way through the third batch: 3 documents are ahead of the checkpoint, 2 are not.
    const file = await readStoreAt('read.db');
    const firstCheckpoint = 1;
    const crashing = runnerOn(powerCutAfter(file, firstCheckpoint + 6 + 6 + 3), { checkpointEvery: 50 });
    await crashing.start();
    await eventually(async () => crashing.status()[0]!.state === 'failed', 'the power cut');
    const checkpoint = await (await CheckpointStore.open(file)).active('tallies');
    const written = await documentsOf(await file.collection<Tally>({ ...TALLIES, name: generationName('tallies', 1) }));
    expect(Math.max(...written.map((d) => d.version))).toBeGreaterThan(checkpoint!.position!);

    const restarted = runnerOn(file);
    await restarted.start();
    await eventually(caughtUp(restarted), 'the restarted run');
    expect(await documentsOf(await restarted.collection<Tally>(TALLIES))).toEqual(expected);
  });
});

describe('a service killed (kill -9) while it projects live', () => {
  it('restarts from its checkpoint, which is never ahead of its documents, and ends with the documents of an uninterrupted run', async () => {
    const service = spawnTs(fileURLToPath(new URL('./testing/projecting-service.ts', import.meta.url)), [
      path.join(folder, 'events.db'),
      path.join(folder, 'read.db'),
    ]);
    let stderr = '';
    service.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise((resolve) => service.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      service.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        const counts = [...chunk.matchAll(/appended (\d+)/g)].map((match) => Number(match[1]));
        if (counts.some((count) => count >= 400)) resolve();
      });
      service.once('exit', () => reject(new Error(`the service ended before it was killed: ${stderr}`)));
    });
    service.kill('SIGKILL');
    await exited;

    // What the killed process left: a checkpoint part of the way, never past the documents it describes.
    const file = await readStoreAt('read.db');
    const position = (await (await CheckpointStore.open(file)).active('tallies'))!.position!;
    expect(position).toBeGreaterThan(0);
    const written = await documentsOf(await file.collection<Tally>({ ...TALLIES, name: generationName('tallies', 1) }));
    let countedUpToCheckpoint = 0;
    for await (const recorded of eventStore.readAll({ filter: tallies.filter }))
      if (recorded.position <= position) countedUpToCheckpoint += 1;
    expect(written.reduce((sum, stored) => sum + stored.document.events, 0)).toBeGreaterThanOrEqual(countedUpToCheckpoint);
    expect(await eventStore.headPosition()).toBeGreaterThanOrEqual(400);

    const reference = runnerOn(await readStoreAt('reference.db'));
    await reference.start();
    await eventually(caughtUp(reference), 'the reference run');
    const restarted = runnerOn(file);
    await restarted.start();
    await eventually(caughtUp(restarted), 'the restarted service');
    expect(await documentsOf(await restarted.collection<Tally>(TALLIES))).toEqual(
      await documentsOf(await reference.collection<Tally>(TALLIES)),
    );
  }, 30_000);
});

describe('rebuilding from position zero', () => {
  it('produces documents identical to the live ones', async () => {
    await appendHistory(4, 25);
    const readStore = await readStoreAt('read.db');
    const runner = runnerOn(readStore);
    await runner.start();
    await eventually(caughtUp(runner), 'the live run');

    let compared = false;
    await rebuildProjection({
      eventStore,
      readStore,
      projection: tallies,
      dropOldAfterMs: 0,
      onSwitched: async (active) => {
        const live = await documentsOf(await readStore.collection<Tally>({ ...TALLIES, name: generationName('tallies', 1) }));
        const rebuilt = await documentsOf(
          await readStore.collection<Tally>({ ...TALLIES, name: generationName('tallies', active.generation) }),
        );
        expect(rebuilt).toEqual(live);
        expect(rebuilt).toHaveLength(4);
        compared = true;
      },
    });
    expect(compared).toBe(true);
  });

  it('keeps answering from the old generation until the new one has caught up, then switches queries and the live feed', async () => {
    await appendHistory(3, 30);
    const readStore = await readStoreAt('read.db');
    const runner = runnerOn(readStore);
    await runner.start();
    await eventually(caughtUp(runner), 'the live run');

    // A rebuild from another process, stopped half-way: the service still answers, in full, from generation 1.
    const halfway = new AbortController();
    const lines: string[] = [];
    const stopped = await rebuildProjection({
      eventStore,
      readStore: await readStoreAt('read.db'),
      projection: tallies,
      checkpointEvery: 10,
      progressEveryMs: 0,
      onProgress: (line, progress) => {
        lines.push(line);
        if (progress.eventsDone >= 40) halfway.abort();
      },
      signal: halfway.signal,
    });
    expect(stopped).toMatchObject({ isComplete: false, generation: 2 });
    expect(lines[0]).toMatch(/^tallies g2: 1 events, position \d+\/\d+ \(\d+\.\d%\), \d+ events\/s, ETA /);
    expect(runner.status()[0]).toMatchObject({ generation: 1, state: 'live' });
    expect((await documentsOf(await runner.collection<Tally>(TALLIES))).map((d) => d.document.events)).toEqual([30, 30, 30]);

    // Resumed, it picks up where it stopped and switches; the service follows and keeps feeding the new generation.
    const finished = await rebuildProjection({
      eventStore,
      readStore: await readStoreAt('read.db'),
      projection: tallies,
      dropOldAfterMs: 100,
    });
    expect(finished).toMatchObject({ isComplete: true, generation: 2, previousGeneration: 1 });
    expect(finished.eventsApplied).toBeLessThan(90);
    await eventually(async () => runner.status()[0]!.generation === 2, 'the service to notice the switch');
    await eventStore.appendToStream('counted-1', [event('AfterSwitch')], { expectedRevision: 'any' });
    const collection = await runner.collection<Tally>(TALLIES);
    await eventually(
      async () => (await collection.get('counted-1'))?.document.lastType === 'AfterSwitch',
      'the live event in generation 2',
    );
    expect((await documentsOf(collection)).map((d) => d.document.events)).toEqual([30, 31, 30]);
  });

  it('stops between batches when its signal is aborted from a timer, as Ctrl-C does', async () => {
    await appendHistory(4, 50);
    const readStore = await readStoreAt('read.db');
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 0);
    const [result] = await rebuildProjections({
      eventStore,
      readStore,
      projections: [tallies],
      checkpointEvery: 10,
      signal: stopping.signal,
    });
    expect(result).toMatchObject({ isComplete: false, generation: 1 });
    expect(result!.eventsApplied).toBeLessThan(200);
  });

  it('stops within a long batch when its signal is aborted, saving what it applied', async () => {
    for (let s = 0; s < 4; s++)
      await eventStore.appendToStream(
        `counted-${s}`,
        Array.from({ length: 600 }, (_, step) => event(`Step${step}`, 'site-north')),
        { expectedRevision: 'no-stream' },
      );
    const readStore = await readStoreAt('read.db');
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 0);
    const [result] = await rebuildProjections({
      eventStore,
      readStore,
      projections: [tallies],
      checkpointEvery: 100_000,
      signal: stopping.signal,
    });
    expect(result).toMatchObject({ isComplete: false, generation: 1 });
    expect(result!.eventsApplied).toBeLessThan(2400);
    // What it applied is saved: the next run resumes from there.
    const saved = (await (await CheckpointStore.open(readStore)).rebuild('tallies'))!;
    expect(saved.position).toBe(result!.position);
    const written = await documentsOf(await readStore.collection<Tally>({ ...TALLIES, name: generationName('tallies', 1) }));
    expect(written.reduce((sum, stored) => sum + stored.document.events, 0)).toBe(result!.eventsApplied);
  });

  it('writes a new generation without its non-unique indexes, and builds them before queries read it', async () => {
    await appendHistory(3, 20);
    const readStore = await readStoreAt('read.db');
    const indexesOf = (table: string) => {
      const db = new Database(path.join(folder, 'read.db'), { readonly: true });
      try {
        return db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(table);
      } finally {
        db.close();
      }
    };
    const stopping = new AbortController();
    stopping.abort();
    const [stopped] = await rebuildProjections({ eventStore, readStore, projections: [tallies], signal: stopping.signal });
    expect(stopped).toMatchObject({ isComplete: false, generation: 1 });
    expect(indexesOf(generationName('tallies', 1))).toEqual([]);

    const [result] = await rebuildProjections({ eventStore, readStore, projections: [tallies], dropOldAfterMs: 0 });
    expect(result).toMatchObject({ isComplete: true, generation: 1 });
    expect(indexesOf(generationName('tallies', 1))).toEqual([expect.stringContaining('site')]);
    const runner = runnerOn(readStore);
    await runner.start();
    const page = await (await runner.collection<Tally>(TALLIES)).find({ where: { site: 'site-south' }, limit: 10 });
    expect(page.items.map((stored) => stored.id)).toEqual(['counted-1']);
    await runner.stop();
  });

  it('rebuilds several projections in one pass over the log, each from its own saved position', async () => {
    await appendHistory(3, 20);
    const readStore = await readStoreAt('read.db');
    const runner = runnerOn(readStore, { projections: [tallies, oddSteps] });
    await runner.start();
    await eventually(caughtUp(runner), 'the live run');
    const live = await documentsOf(await runner.collection<Tally>(ODD_STEPS));

    // tallies' rebuild was stopped half-way; oddSteps has none under way.
    const halfway = new AbortController();
    const stopped = await rebuildProjection({
      eventStore,
      readStore,
      projection: tallies,
      checkpointEvery: 5,
      progressEveryMs: 0,
      onProgress: (_line, progress) => progress.eventsDone >= 30 && halfway.abort(),
      signal: halfway.signal,
    });
    expect(stopped).toMatchObject({ isComplete: false, generation: 2 });

    const subscriptions: Array<SubscribeOptions | undefined> = [];
    const counting = Object.assign(Object.create(eventStore) as EventStore, {
      subscribeToAll: (options?: SubscribeOptions) => {
        subscriptions.push(options);
        return eventStore.subscribeToAll(options);
      },
    });
    const results = await rebuildProjections({ eventStore: counting, readStore, projections: [tallies, oddSteps], dropOldAfterMs: 0 });

    // One read of the log, from the lowest saved position (oddSteps': none).
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.after).toBeUndefined();
    expect(results).toMatchObject([
      { projection: 'tallies', isComplete: true, generation: 2, previousGeneration: 1 },
      { projection: 'odd-steps', isComplete: true, generation: 2, previousGeneration: 1, eventsApplied: 30 },
    ]);
    // tallies went on from where it stopped: together with the stopped run, each event once.
    expect(stopped.eventsApplied + results[0]!.eventsApplied).toBe(60);
    const tallied = await documentsOf(await readStore.collection<Tally>({ ...TALLIES, name: generationName('tallies', 2) }));
    expect(tallied.map((d) => d.document.events)).toEqual([20, 20, 20]);
    const odd = await documentsOf(await readStore.collection<Tally>({ ...ODD_STEPS, name: generationName('odd_steps', 2) }));
    expect(odd.map((d) => d.document.events)).toEqual([10, 10, 10]);
    expect(odd).toEqual(live);
  });

  it('rebuilds in a new generation on start when the projection version changed', async () => {
    await appendHistory(2, 5);
    const readStore = await readStoreAt('read.db');
    const first = runnerOn(readStore);
    await first.start();
    await eventually(caughtUp(first), 'version 1');
    await first.stop();

    const second = new ProjectionRunner({ eventStore, readStore, projections: [{ ...tallies, version: 2 }], generationCheckMs: 20 });
    opened.push({ close: () => second.stop() });
    await second.start();
    await eventually(async () => second.status()[0]!.generation === 2 && (await caughtUp(second)()), 'version 2 to take over');
    expect((await documentsOf(await second.collection<Tally>(TALLIES))).map((d) => d.document.events)).toEqual([5, 5]);
    expect(await (await CheckpointStore.open(readStore)).active('tallies')).toMatchObject({ generation: 2, projectionVersion: 2 });
  });
});

/**
 * A read store without transactions (as MongoDB is here) as it behaves when the power goes:
 * after `writes` upserts, every write fails. Its batches are written one write after another.
 */
function powerCutAfter(inner: ReadStore, writes: number): ReadStore {
  let left = writes;
  return {
    write: async (batch) => {
      const applied: boolean[] = [];
      for (const write of batch)
        applied.push(
          await ('isDeleted' in write
            ? write.collection.delete(write.id, write.version)
            : write.collection.upsert(write.id, write.document, write.version)),
        );
      return applied;
    },
    collection: async <T>(definition: ReadModelDefinition) => {
      const collection = await inner.collection<T>(definition);
      return Object.assign(Object.create(collection) as DocumentCollection<T>, {
        upsert: (id: string, document: T, version: number) =>
          left-- > 0 ? collection.upsert(id, document, version) : Promise.reject(new Error('power cut')),
      });
    },
    drop: (name) => inner.drop(name),
    close: async () => undefined,
  };
}
