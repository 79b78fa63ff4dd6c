import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Decider, type DomainEvent, RuleBroken } from '@continuum/decider';
import {
  type AnyCommandStep,
  type CommandEnvelope,
  commandStep,
  deterministicEventId,
  type EventStore,
  runCommand,
  runCommands,
  type StreamAppend,
  WrongExpectedRevision,
} from '@continuum/event-store';
import { SqliteEventStore } from './sqlite-event-store.js';

// One act of a user, three streams: a client is admitted to a bed (the bed board), leaves the
// waiting list, and the site's census counts them. Each stream has its own small decider.
type BedCommand = { type: 'ReserveBed'; bedId: string; clientId: string } | { type: 'LookAtBoard' };
type BedEvent = { type: 'BedReserved'; data: { bedId: string; clientId: string } };
type BedBoard = { reserved: Record<string, string> };

const bedBoard: Decider<BedCommand, BedEvent, BedBoard> = {
  initialState: { reserved: {} },
  decide(command, state) {
    if (command.type === 'LookAtBoard') return [];
    if (state.reserved[command.bedId]) throw new RuleBroken(`bed ${command.bedId} is already reserved: choose another bed`, 'bed-taken');
    return [{ type: 'BedReserved', data: { bedId: command.bedId, clientId: command.clientId } }];
  },
  evolve: (state, event) => ({ reserved: { ...state.reserved, [event.data.bedId]: event.data.clientId } }),
};

type WaitlistCommand = { type: 'Join'; clientId: string } | { type: 'Leave'; clientId: string; bedId: string };
type WaitlistEvent = { type: 'Joined'; data: { clientId: string } } | { type: 'Left'; data: { clientId: string; bedId: string } };
type Waitlist = { waiting: string[] };

const waitlist: Decider<WaitlistCommand, WaitlistEvent, Waitlist> = {
  initialState: { waiting: [] },
  decide(command, state) {
    if (command.type === 'Join') return [{ type: 'Joined', data: { clientId: command.clientId } }];
    if (!state.waiting.includes(command.clientId)) throw new RuleBroken(`client ${command.clientId} is not waiting`, 'not-waiting');
    return [{ type: 'Left', data: { clientId: command.clientId, bedId: command.bedId } }];
  },
  evolve: (state, event) =>
    event.type === 'Joined'
      ? { waiting: [...state.waiting, event.data.clientId] }
      : { waiting: state.waiting.filter((id) => id !== event.data.clientId) },
};

type CensusCommand = { type: 'Count'; clientId: string };
type CensusEvent =
  { type: 'ClientCounted'; data: { clientId: string; census: number } } | { type: 'CensusReviewed'; data: Record<string, never> };
type Census = { count: number };

const census: Decider<CensusCommand, CensusEvent, Census> = {
  initialState: { count: 0 },
  decide: (command, state): CensusEvent[] => [
    { type: 'ClientCounted', data: { clientId: command.clientId, census: state.count + 1 } },
    { type: 'CensusReviewed', data: {} },
  ],
  evolve: (state, event) => (event.type === 'ClientCounted' ? { count: event.data.census } : state),
};

/** The same decider, but its rules refuse every command. */
function refusing<C, E extends DomainEvent, S>(decider: Decider<C, E, S>): Decider<C, E, S> {
  return {
    ...decider,
    decide: () => {
      throw new RuleBroken('this step refuses', 'refused-here');
    },
  };
}

const now = new Date('2026-02-03T10:15:00.000Z');
const envelope: CommandEnvelope = {
  siteId: 'site-north',
  actor: { userId: 'user-7', role: 'intake-coordinator' },
  correlationId: 'correlation-1',
  causationId: 'request-1',
};

/** Another writer reserves a bed on `stream` just before each of our first `times` multi-stream appends. */
function withRival(store: EventStore, stream: string, times: number): EventStore & { appendAttempts: number } {
  let rivalsLeft = times;
  const wrapped = Object.create(store) as EventStore & { appendAttempts: number };
  wrapped.appendAttempts = 0;
  wrapped.appendToStreams = async (appends: StreamAppend[]) => {
    wrapped.appendAttempts += 1;
    if (rivalsLeft > 0) {
      rivalsLeft -= 1;
      const rival = { type: 'BedReserved', data: { bedId: `rival-bed-${rivalsLeft}`, clientId: 'rival-client' } };
      await runCommand({ store, stream, decider: bedBoard, command: { type: 'ReserveBed', ...rival.data }, now, envelope });
    }
    return store.appendToStreams(appends);
  };
  return wrapped;
}

/** Counts the store's appends of either kind. */
function counting(store: EventStore): EventStore & { single: number; multi: number } {
  const wrapped = Object.create(store) as EventStore & { single: number; multi: number };
  wrapped.single = 0;
  wrapped.multi = 0;
  wrapped.appendToStream = (stream, events, options) => {
    wrapped.single += 1;
    return store.appendToStream(stream, events, options);
  };
  wrapped.appendToStreams = (appends) => {
    wrapped.multi += 1;
    return store.appendToStreams(appends);
  };
  return wrapped;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('runCommands: several streams decided together, appended all or nothing', () => {
  let folder: string;
  let store: SqliteEventStore;
  let prefix: string;
  let beds: string;
  let waiting: string;
  let counted: string;
  let client: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'continuum-multi-stream-command-'));
    store = await SqliteEventStore.open({ path: join(folder, 'events.db'), pollIntervalMs: 20 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(async () => {
    prefix = `admission-${randomUUID()}`;
    [beds, waiting, counted] = [`${prefix}-beds`, `${prefix}-waitlist`, `${prefix}-census`];
    client = `client-${randomUUID()}`;
    // Given a client on the waiting list and a bed board with one bed taken.
    await runCommand({ store, stream: waiting, decider: waitlist, command: { type: 'Join', clientId: client }, now, envelope });
    await runCommand({
      store,
      stream: beds,
      decider: bedBoard,
      command: { type: 'ReserveBed', bedId: 'bed-1', clientId: 'someone' },
      now,
      envelope,
    });
  });

  /** Every stream of the test, and the global log under its prefix. */
  const everything = async () => ({
    beds: await store.readStream(beds),
    waiting: await store.readStream(waiting),
    counted: await store.readStream(counted),
    all: await collect(store.readAll({ filter: { streamPrefixes: [prefix] } })),
  });

  type Overrides = {
    bedDecider?: typeof bedBoard;
    waitDecider?: typeof waitlist;
    censusDecider?: typeof census;
    key?: string;
    bedId?: string;
  };
  const admission = ({ bedDecider = bedBoard, waitDecider = waitlist, censusDecider = census, key, bedId = 'bed-2' }: Overrides = {}) =>
    [
      commandStep({
        stream: beds,
        decider: bedDecider,
        command: { type: 'ReserveBed', bedId, clientId: client },
        envelope,
        idempotencyKey: key,
      }),
      commandStep({
        stream: waiting,
        decider: waitDecider,
        command: { type: 'Leave', clientId: client, bedId },
        envelope,
        idempotencyKey: key,
      }),
      commandStep({
        stream: counted,
        decider: censusDecider,
        command: { type: 'Count', clientId: client },
        envelope,
        idempotencyKey: key,
        schemaVersions: { ClientCounted: 2 },
      }),
    ] as const;

  describe('given every rule of every step holds', () => {
    it('when run, then every step is appended, together, and each outcome says what it appended', async () => {
      const before = await everything();

      const { outcomes, replayed } = await runCommands({ store, now, steps: admission() });

      expect(replayed).toBe(false);
      const [bedOutcome, waitOutcome, censusOutcome] = outcomes;
      expect(bedOutcome.state.reserved).toEqual({ 'bed-1': 'someone', 'bed-2': client });
      expect(waitOutcome.state.waiting).toEqual([]);
      expect(censusOutcome.state.count).toBe(1);
      expect(outcomes.map((o) => [o.stream, o.events.map((e) => [e.type, e.revision]), o.nextExpectedRevision])).toEqual([
        [beds, [['BedReserved', 1]], 1],
        [waiting, [['Left', 1]], 1],
        [
          counted,
          [
            ['ClientCounted', 0],
            ['CensusReviewed', 1],
          ],
          1,
        ],
      ]);
      expect(censusOutcome.events.map((e) => e.metadata)).toMatchObject([
        { ...envelope, schemaVersion: 2, occurredAt: now.toISOString() },
        { ...envelope, schemaVersion: 1 },
      ]);

      const after = await everything();
      const appended = after.all.slice(before.all.length);
      expect(appended.map((e) => e.eventId)).toEqual(outcomes.flatMap((o) => o.events.map((e) => e.eventId)));
      for (const stream of [beds, waiting, counted]) await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: true });
    });

    it('when a step decides nothing, then it appends nothing but still guards the revision it was read at', async () => {
      const spy = counting(store);

      const { outcomes } = await runCommands({
        store: spy,
        now,
        steps: [
          commandStep({ stream: beds, decider: bedBoard, command: { type: 'LookAtBoard' }, envelope }),
          commandStep({ stream: counted, decider: census, command: { type: 'Count', clientId: client }, envelope }),
        ],
      });

      expect(outcomes[0]).toEqual({
        stream: beds,
        events: [],
        state: { reserved: { 'bed-1': 'someone' } },
        nextExpectedRevision: 0,
        replayed: false,
      });
      expect(outcomes[1].events).toHaveLength(2);
      expect({ single: spy.single, multi: spy.multi }).toEqual({ single: 0, multi: 1 });
      expect((await store.readStream(beds)).map((e) => e.type)).toEqual(['BedReserved']);
    });

    it('when a step that decides nothing is changed by another writer before the append, then everything is decided again on what it now holds', async () => {
      const racing = withRival(store, beds, 1);
      const seen: unknown[] = [];

      await runCommands({
        store: racing,
        now,
        steps: [
          commandStep({ stream: beds, decider: bedBoard, command: { type: 'LookAtBoard' }, envelope }),
          commandStep({
            stream: counted,
            decider: census,
            command: (_state, before) => {
              seen.push(Object.keys((before[0]!.state as { reserved: Record<string, string> }).reserved));
              return { type: 'Count', clientId: client };
            },
            envelope,
          }),
        ],
      });

      expect(racing.appendAttempts).toBe(2);
      expect(seen).toEqual([['bed-1'], ['bed-1', 'rival-bed-0']]);
      expect((await store.readStream(counted)).map((e) => e.type)).toEqual(['ClientCounted', 'CensusReviewed']);
    });

    it('when a step builds its command from what an earlier step decided, then it sees that decision', async () => {
      const seen: unknown[] = [];

      const { outcomes } = await runCommands({
        store,
        now,
        steps: [
          commandStep({ stream: beds, decider: bedBoard, command: { type: 'ReserveBed', bedId: 'bed-3', clientId: client }, envelope }),
          commandStep({
            stream: waiting,
            decider: waitlist,
            command: (state, before) => {
              seen.push({ state, before });
              const reserved = before[0]!.events[0] as BedEvent;
              return { type: 'Leave', clientId: client, bedId: reserved.data.bedId };
            },
            envelope,
          }),
        ],
      });

      expect(seen).toEqual([
        {
          state: { waiting: [client] },
          before: [
            {
              stream: beds,
              events: [{ type: 'BedReserved', data: { bedId: 'bed-3', clientId: client } }],
              state: { reserved: { 'bed-1': 'someone', 'bed-3': client } },
              current: { reserved: { 'bed-1': 'someone', 'bed-3': client } },
              replayed: false,
            },
          ],
        },
      ]);
      expect(outcomes[1].events[0]!.data).toEqual({ clientId: client, bedId: 'bed-3' });
    });
  });

  describe('given one step refuses', () => {
    it.each([
      ['the first', { bedDecider: refusing(bedBoard) }],
      ['the second', { waitDecider: refusing(waitlist) }],
      ['the third', { censusDecider: refusing(census) }],
    ] as const)(
      'when %s step breaks a rule, then its RuleBroken passes through and no stream, nor the global log, changes',
      async (_which, overrides) => {
        const before = await everything();

        const run = runCommands({ store, now, steps: admission(overrides) });

        await expect(run).rejects.toBeInstanceOf(RuleBroken);
        await expect(run).rejects.toMatchObject({ code: 'refused-here' });
        expect(await everything()).toEqual(before);
      },
    );

    it('when a real rule of a later step fails (the bed is taken), then the steps before it are not written either', async () => {
      const before = await everything();

      await expect(runCommands({ store, now, steps: admission({ bedId: 'bed-1' }) })).rejects.toMatchObject({ code: 'bed-taken' });

      expect(await everything()).toEqual(before);
    });

    it.each([1, 2])('when the envelope function of step %i refuses the caller, then nothing is written anywhere', async (refusingStep) => {
      const before = await everything();
      const steps: AnyCommandStep[] = [...admission()];
      const step = steps[refusingStep]!;
      steps[refusingStep] = {
        ...step,
        envelope: () => {
          throw new RuleBroken('you hold no role at this site', 'not-at-site');
        },
      };

      await expect(runCommands({ store, now, steps })).rejects.toMatchObject({ code: 'not-at-site' });

      expect(await everything()).toEqual(before);
    });
  });

  describe('given another writer gets in first', () => {
    it('when the conflict is on one stream, then everything is read and decided again on the newer history, and appended', async () => {
      const racing = withRival(store, beds, 1);

      const { outcomes } = await runCommands({ store: racing, now, steps: admission() });

      expect(racing.appendAttempts).toBe(2);
      expect(outcomes[0].state.reserved).toEqual({ 'bed-1': 'someone', 'rival-bed-0': 'rival-client', 'bed-2': client });
      expect(outcomes[0].events.map((e) => e.revision)).toEqual([2]);
      expect((await store.readStream(waiting)).map((e) => e.type)).toEqual(['Joined', 'Left']);
      expect((await store.readStream(counted)).map((e) => e.type)).toEqual(['ClientCounted', 'CensusReviewed']);
    });

    it('when the rival took the same bed, then the decision on the re-read history refuses and nothing of ours is written', async () => {
      const racing = withRival(store, beds, 1);

      await expect(runCommands({ store: racing, now, steps: admission({ bedId: 'rival-bed-0' }) })).rejects.toMatchObject({
        code: 'bed-taken',
      });

      expect((await store.readStream(beds)).map((e) => (e.data as { clientId: string }).clientId)).toEqual(['someone', 'rival-client']);
      expect((await store.readStream(waiting)).map((e) => e.type)).toEqual(['Joined']);
      expect(await store.readStream(counted)).toEqual([]);
    });

    it('when it keeps getting in first, then after maxAttempts the conflict is rethrown with nothing of ours written', async () => {
      const racing = withRival(store, beds, 10);

      await expect(runCommands({ store: racing, now, steps: admission(), maxAttempts: 2 })).rejects.toBeInstanceOf(WrongExpectedRevision);

      expect(racing.appendAttempts).toBe(2);
      expect((await store.readStream(waiting)).map((e) => e.type)).toEqual(['Joined']);
      expect(await store.readStream(counted)).toEqual([]);
    });
  });

  describe('given an Idempotency-Key', () => {
    it('when the same request comes again, then every step replays its first answer and nothing is appended, though deciding again would refuse', async () => {
      const first = await runCommands({ store, now, steps: admission({ key: 'key-admit' }) });
      const before = await everything();
      const spy = counting(store);

      const retry = await runCommands({ store: spy, now, steps: admission({ key: 'key-admit' }) });

      expect(retry.replayed).toBe(true);
      expect(retry.outcomes).toEqual(first.outcomes.map((outcome) => ({ ...outcome, replayed: true })));
      expect({ single: spy.single, multi: spy.multi }).toEqual({ single: 0, multi: 0 });
      expect(await everything()).toEqual(before);
    });

    it("when a replayed step's stream changed since its first answer, then later steps see it as it is now (`current`), not only as it was", async () => {
      await runCommand({
        store,
        stream: beds,
        decider: bedBoard,
        command: { type: 'ReserveBed', bedId: 'bed-2', clientId: client },
        now,
        envelope,
        idempotencyKey: 'key-then',
      });
      await runCommand({
        store,
        stream: beds,
        decider: bedBoard,
        command: { type: 'ReserveBed', bedId: 'bed-4', clientId: 'later-client' },
        now,
        envelope,
      });
      const seen: unknown[] = [];

      await runCommands({
        store,
        now,
        steps: [
          commandStep({
            stream: beds,
            decider: bedBoard,
            command: { type: 'ReserveBed', bedId: 'bed-2', clientId: client },
            envelope,
            idempotencyKey: 'key-then',
          }),
          commandStep({
            stream: counted,
            decider: census,
            command: (_state, [reserved]) => {
              seen.push({ then: reserved!.state, now: reserved!.current, replayed: reserved!.replayed });
              return { type: 'Count', clientId: client };
            },
            envelope,
          }),
        ],
      });

      expect(seen).toEqual([
        {
          then: { reserved: { 'bed-1': 'someone', 'bed-2': client } },
          now: { reserved: { 'bed-1': 'someone', 'bed-2': client, 'bed-4': 'later-client' } },
          replayed: true,
        },
      ]);
    });

    it('derives each event id from the key, its stream and its index, as runCommand does', async () => {
      const { outcomes } = await runCommands({ store, now, steps: admission({ key: 'key-ids' }) });

      expect(outcomes[2].events.map((e) => e.eventId)).toEqual([
        deterministicEventId('key-ids', counted, 0),
        deterministicEventId('key-ids', counted, 1),
      ]);
      expect(outcomes[0].events.map((e) => e.eventId)).toEqual([deterministicEventId('key-ids', beds, 0)]);
    });

    it('when an earlier single-stream run answered one step with the key, then that step replays and only the others are appended', async () => {
      await runCommand({
        store,
        stream: beds,
        decider: bedBoard,
        command: { type: 'ReserveBed', bedId: 'bed-2', clientId: client },
        now,
        envelope,
        idempotencyKey: 'key-half',
      });

      const { outcomes, replayed } = await runCommands({ store, now, steps: admission({ key: 'key-half' }) });

      expect(replayed).toBe(false);
      expect(outcomes.map((o) => o.replayed)).toEqual([true, false, false]);
      expect((await store.readStream(beds)).map((e) => e.type)).toEqual(['BedReserved', 'BedReserved']);
      expect((await store.readStream(waiting)).map((e) => e.type)).toEqual(['Joined', 'Left']);
    });

    it('when the caller could not send a replayed step now, then its envelope function still refuses them', async () => {
      await runCommands({ store, now, steps: admission({ key: 'key-site' }) });
      const steps: AnyCommandStep[] = [...admission({ key: 'key-site' })];
      steps[0] = {
        ...steps[0]!,
        envelope: () => {
          throw new RuleBroken('you no longer hold a role at this site', 'not-at-site');
        },
      };

      await expect(runCommands({ store, now, steps })).rejects.toMatchObject({ code: 'not-at-site' });
    });
  });

  it('checks a step against its decider at compile time', () => {
    // @ts-expect-error a command the bed board does not take
    commandStep({ stream: beds, decider: bedBoard, command: { type: 'Admit', clientId: client }, envelope });
    commandStep({
      stream: beds,
      decider: bedBoard,
      // @ts-expect-error a builder that reads state the bed board does not have
      command: (state) => ({ type: 'ReserveBed', bedId: state.beds, clientId: client }),
      envelope,
    });
  });

  it('refuses two steps on one stream before reading anything', async () => {
    const step = commandStep({ stream: beds, decider: bedBoard, command: { type: 'LookAtBoard' }, envelope });
    await expect(runCommands({ store, now, steps: [step, step] })).rejects.toThrow(/is in two steps of one command/);
  });
});
