import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Decider, RuleBroken } from '@continuum/decider';
import {
  type CommandEnvelope,
  deterministicEventId,
  type EventStore,
  type NewEvent,
  runCommand,
  WrongExpectedRevision,
} from '@continuum/event-store';
import { SqliteEventStore } from './sqlite-event-store.js';

// A tiny residential bed board: a bed can be reserved once; closing the board reserves
// nothing and says so in two events. Enough rules to see the runner decide, refuse and retry.
type BedCommand = { type: 'ReserveBed'; bedId: string } | { type: 'CloseBoard' } | { type: 'LookAtBoard' };
type BedEvent =
  | { type: 'BedReserved'; data: { bedId: string } }
  | { type: 'BoardClosed'; data: { reason: string } }
  | { type: 'BoardArchived'; data: Record<string, never> };
type BedBoard = { reserved: string[]; isClosed: boolean };

const bedBoard: Decider<BedCommand, BedEvent, BedBoard> = {
  initialState: { reserved: [], isClosed: false },
  decide(command, state): BedEvent[] {
    switch (command.type) {
      case 'ReserveBed':
        if (state.isClosed) throw new RuleBroken('the bed board is closed: reserve at another site', 'board-closed');
        if (state.reserved.includes(command.bedId))
          throw new RuleBroken(`bed ${command.bedId} is already reserved: choose another bed`, 'bed-taken');
        return [{ type: 'BedReserved', data: { bedId: command.bedId } }];
      case 'CloseBoard':
        return [
          { type: 'BoardClosed', data: { reason: 'site closing' } },
          { type: 'BoardArchived', data: {} },
        ];
      case 'LookAtBoard':
        return [];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'BedReserved':
        return { ...state, reserved: [...state.reserved, event.data.bedId] };
      case 'BoardClosed':
        return { ...state, isClosed: true };
      case 'BoardArchived':
        return state;
    }
  },
};

const now = new Date('2026-02-03T10:15:00.000Z');
const envelope: CommandEnvelope = {
  clientId: randomUUID(),
  siteId: 'site-north',
  actor: { userId: 'user-7', role: 'intake-coordinator' },
  correlationId: 'correlation-1',
  causationId: 'request-1',
};

function otherWritersEvent(bedId: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'BedReserved',
    data: { bedId },
    metadata: {
      schemaVersion: 1,
      siteId: 'site-north',
      actor: { userId: 'user-9', role: 'nurse' },
      occurredAt: now.toISOString(),
      correlationId: 'c',
      causationId: 'c',
    },
  };
}

/** Another writer slips an event in just before each of our first `times` appends. */
function withRival(store: EventStore, times: number): EventStore & { appendAttempts: number } {
  let rivalsLeft = times;
  const wrapped = Object.create(store) as EventStore & { appendAttempts: number };
  wrapped.appendAttempts = 0;
  wrapped.appendToStream = async (stream, events, options) => {
    wrapped.appendAttempts += 1;
    if (rivalsLeft > 0) {
      rivalsLeft -= 1;
      await store.appendToStream(stream, [otherWritersEvent(`rival-bed-${rivalsLeft}`)], { expectedRevision: 'any' });
    }
    return store.appendToStream(stream, events, options);
  };
  return wrapped;
}

describe('runCommand: load, decide, append', () => {
  let folder: string;
  let store: SqliteEventStore;
  let stream: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'continuum-command-runner-'));
    store = await SqliteEventStore.open({ path: join(folder, 'events.db'), pollIntervalMs: 20 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(() => {
    stream = `bed-board-${randomUUID()}`;
  });

  const run = (command: BedCommand, extra: Partial<Parameters<typeof runCommand<BedCommand, BedEvent, BedBoard>>[0]> = {}) =>
    runCommand({ store, stream, decider: bedBoard, command, now, envelope, ...extra });

  it('appends what the decision says and returns the recorded events and the new state', async () => {
    await run({ type: 'ReserveBed', bedId: 'bed-1' });
    const result = await run({ type: 'ReserveBed', bedId: 'bed-2' });

    expect(result.replayed).toBe(false);
    expect(result.events.map((e) => [e.type, e.data, e.revision, e.streamId])).toEqual([['BedReserved', { bedId: 'bed-2' }, 1, stream]]);
    expect(result.state).toEqual({ reserved: ['bed-1', 'bed-2'], isClosed: false });
    expect(result.nextExpectedRevision).toBe(1);
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ bedId: 'bed-1' }, { bedId: 'bed-2' }]);
  });

  it('puts the envelope, the schema version and the time of the command on every event', async () => {
    const { events } = await run({ type: 'CloseBoard' }, { schemaVersions: { BoardClosed: 2 } });

    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.metadata).toMatchObject({ ...envelope, occurredAt: '2026-02-03T10:15:00.000Z' });
    }
    expect(events.map((e) => e.metadata.schemaVersion)).toEqual([2, 1]);
  });

  it('takes the envelope from the folded history when given a function of the state', async () => {
    await run({ type: 'ReserveBed', bedId: 'bed-1' });
    const seen: BedBoard[] = [];
    const { events } = await run(
      { type: 'ReserveBed', bedId: 'bed-2' },
      {
        envelope: (state) => {
          seen.push(state);
          return { ...envelope, siteId: `site-with-${state.reserved.length}-reserved` };
        },
      },
    );
    expect(seen).toEqual([{ reserved: ['bed-1'], isClosed: false }]);
    expect(events[0]!.metadata.siteId).toBe('site-with-1-reserved');
  });

  it('passes a broken rule through unchanged and writes nothing', async () => {
    await run({ type: 'ReserveBed', bedId: 'bed-1' });

    const refusal = run({ type: 'ReserveBed', bedId: 'bed-1' });
    await expect(refusal).rejects.toBeInstanceOf(RuleBroken);
    await expect(refusal).rejects.toMatchObject({ code: 'bed-taken', message: 'bed bed-1 is already reserved: choose another bed' });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('decides again on the newer history when another writer got in first, and then succeeds', async () => {
    await run({ type: 'ReserveBed', bedId: 'bed-1' });
    const racing = withRival(store, 1);

    const result = await runCommand({
      store: racing,
      stream,
      decider: bedBoard,
      command: { type: 'ReserveBed', bedId: 'bed-2' },
      now,
      envelope,
    });

    expect(racing.appendAttempts).toBe(2);
    expect(result.state.reserved).toEqual(['bed-1', 'rival-bed-0', 'bed-2']);
    expect(result.events.map((e) => e.revision)).toEqual([2]);
    expect((await store.readStream(stream)).map((e) => (e.data as { bedId: string }).bedId)).toEqual(['bed-1', 'rival-bed-0', 'bed-2']);
  });

  it('refuses on the re-read history when the rival took the same bed', async () => {
    const racing = withRival(store, 1);
    // The rival reserves rival-bed-0; asking for that bed is fine at first sight, refused after the re-read.
    await expect(
      runCommand({ store: racing, stream, decider: bedBoard, command: { type: 'ReserveBed', bedId: 'rival-bed-0' }, now, envelope }),
    ).rejects.toMatchObject({
      code: 'bed-taken',
    });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('gives up after maxAttempts conflicts and rethrows the conflict', async () => {
    const racing = withRival(store, 10);

    const outcome = runCommand({
      store: racing,
      stream,
      decider: bedBoard,
      command: { type: 'ReserveBed', bedId: 'bed-1' },
      now,
      envelope,
      maxAttempts: 4,
    });

    await expect(outcome).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(racing.appendAttempts).toBe(4);
    expect((await store.readStream(stream)).every((e) => (e.data as { bedId: string }).bedId.startsWith('rival'))).toBe(true);
  });

  it('tries three times by default', async () => {
    const racing = withRival(store, 10);
    await expect(
      runCommand({ store: racing, stream, decider: bedBoard, command: { type: 'ReserveBed', bedId: 'bed-1' }, now, envelope }),
    ).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(racing.appendAttempts).toBe(3);
  });

  it('appends nothing for an empty decision and reports where the stream stands', async () => {
    await run({ type: 'ReserveBed', bedId: 'bed-1' });
    await expect(run({ type: 'LookAtBoard' })).resolves.toEqual({
      events: [],
      state: { reserved: ['bed-1'], isClosed: false },
      nextExpectedRevision: 0,
      replayed: false,
    });
    await expect(
      runCommand({ store, stream: `bed-board-${randomUUID()}`, decider: bedBoard, command: { type: 'LookAtBoard' }, now, envelope }),
    ).resolves.toMatchObject({
      events: [],
      nextExpectedRevision: -1,
    });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  describe('with an Idempotency-Key', () => {
    it('derives the event ids from the key, the stream and the event index', async () => {
      const { events } = await run({ type: 'CloseBoard' }, { idempotencyKey: 'key-close' });
      expect(events.map((e) => e.eventId)).toEqual([
        deterministicEventId('key-close', stream, 0),
        deterministicEventId('key-close', stream, 1),
      ]);
    });

    it('answers a retried request with the first answer, even though deciding again would now refuse', async () => {
      const first = await run({ type: 'ReserveBed', bedId: 'bed-1' }, { idempotencyKey: 'key-1' });
      await run({ type: 'ReserveBed', bedId: 'bed-2' });

      const retry = await run({ type: 'ReserveBed', bedId: 'bed-1' }, { idempotencyKey: 'key-1' });

      expect(retry).toEqual({ ...first, replayed: true });
      expect(retry.state).toEqual({ reserved: ['bed-1'], isClosed: false });
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('replays every event of a multi-event answer', async () => {
      const first = await run({ type: 'CloseBoard' }, { idempotencyKey: 'key-close' });
      const retry = await run({ type: 'CloseBoard' }, { idempotencyKey: 'key-close' });
      expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      expect(retry).toMatchObject({ replayed: true, nextExpectedRevision: 1 });
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('decides afresh for a new key', async () => {
      await run({ type: 'ReserveBed', bedId: 'bed-1' }, { idempotencyKey: 'key-1' });
      await expect(run({ type: 'ReserveBed', bedId: 'bed-1' }, { idempotencyKey: 'key-2' })).rejects.toBeInstanceOf(RuleBroken);
    });
  });
});
