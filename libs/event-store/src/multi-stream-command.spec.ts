import { describe, expect, it } from '@jest/globals';
import { type Decider, RuleBroken } from '@continuum/decider';
import {
  type AppendResult,
  EventIdAlreadyInStream,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
  type StreamAppend,
  satisfiesExpectedRevision,
  WrongExpectedRevision,
} from './event-store.js';
import { deterministicEventId } from './event-ids.js';
import { type FoldedAt } from './kept-folds.js';
import { type CommandEnvelope, commandStep, runCommands } from './multi-stream-command.js';

// runCommands starting a step from a fold the caller already holds: what it reads, what it
// appends at, and that a repeat or a refusal is answered as from the stream's start. The adapters'
// own specs (event-store-sqlite) hold the rest of runCommands to a real store.

type Add = { type: 'Add'; amount: number };
type Added = { type: 'Added'; data: { amount: number } };
type Tally = { total: number };
const tally: Decider<Add, Added, Tally> = {
  initialState: { total: 0 },
  decide: (command, state) => {
    if (state.total + command.amount > 10) throw new RuleBroken('a tally stops at 10', 'over-ten');
    return [{ type: 'Added', data: { amount: command.amount } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
};

const envelope: CommandEnvelope = {
  siteId: 'site-1',
  actor: { userId: 'u-1', role: 'clinician' },
  correlationId: 'c-1',
  causationId: 'c-1',
};
const now = new Date('2026-12-02T10:00:00Z');

/** Streams in memory, holding appends to the port's rules, with every read it was asked for. */
function storeOf(initial: Record<string, number[]>, { records = false } = {}) {
  const streams = new Map<string, RecordedEvent[]>();
  let position = 0;
  const reads: { stream: string; fromRevision: number }[] = [];
  const write = (stream: string, events: { eventId: string; type: string; data: unknown }[]) => {
    const held = streams.get(stream) ?? [];
    for (const { eventId, type, data } of events)
      held.push({ eventId, type, data, streamId: stream, revision: held.length, position: ++position } as RecordedEvent);
    streams.set(stream, held);
  };
  for (const [stream, amounts] of Object.entries(initial))
    write(
      stream,
      amounts.map((amount, i) => ({ eventId: `${stream}-${i}`, type: 'Added', data: { amount } })),
    );
  const appendToStreams = async (appends: StreamAppend[]): Promise<AppendResult[]> => {
    for (const { stream, events, expectedRevision } of appends) {
      const held = streams.get(stream) ?? [];
      const actual = held.length === 0 ? 'no-stream' : held.length - 1;
      if (!satisfiesExpectedRevision(expectedRevision, actual)) throw new WrongExpectedRevision(stream, expectedRevision, actual);
      for (const { eventId } of events) {
        const clash = held.find((event) => event.eventId === eventId);
        if (clash) throw new EventIdAlreadyInStream(stream, eventId, clash.revision, expectedRevision);
      }
    }
    return appends.map(({ stream, events }) => {
      write(stream, events);
      const held = streams.get(stream)!;
      return { nextExpectedRevision: held.length - 1, position, ...(records ? { recorded: held.slice(-events.length) } : {}) };
    });
  };
  const store = {
    readStream: async (stream: string, options: { fromRevision?: number; maxCount?: number } = {}) => {
      const fromRevision = options.fromRevision ?? 0;
      reads.push({ stream, fromRevision });
      return (streams.get(stream) ?? []).slice(fromRevision, options.maxCount === undefined ? undefined : fromRevision + options.maxCount);
    },
    appendToStream: async (stream: string, events: StreamAppend['events'], { expectedRevision }: { expectedRevision: ExpectedRevision }) =>
      (await appendToStreams([{ stream, events, expectedRevision }]))[0]!,
    appendToStreams,
  } as unknown as EventStore;
  const amounts = (stream: string) => (streams.get(stream) ?? []).map((event) => (event.data as Added['data']).amount);
  return { store, reads, amounts, write };
}

const addStep = (amount: number, from?: FoldedAt<Tally> & { current?: boolean }, idempotencyKey?: string) =>
  commandStep({ stream: 'tally-1', decider: tally, command: { type: 'Add', amount }, envelope, idempotencyKey, from });

describe('runCommands, a step started from a fold the caller holds', () => {
  it('reads only the events after the fold, folds them onto its state, and appends after the last', async () => {
    const { store, reads, amounts } = storeOf({ 'tally-1': [1, 2, 3] });
    const { outcomes } = await runCommands({ store, now, steps: [addStep(4, { revision: 0, state: { total: 1 } })] });
    expect(outcomes[0]).toMatchObject({ state: { total: 10 }, nextExpectedRevision: 3 });
    expect(amounts('tally-1')).toEqual([1, 2, 3, 4]);
    expect(reads[0]).toEqual({ stream: 'tally-1', fromRevision: 1 });
  });

  it('reads nothing first from a current fold, and a writer since fails the append with nothing of ours written', async () => {
    const { store, reads, amounts, write } = storeOf({ 'tally-1': [1] });
    const read = { revision: 0, state: { total: 1 }, current: true };
    write('tally-1', [{ eventId: 'rival', type: 'Added', data: { amount: 5 } }]);
    await expect(runCommands({ store, now, steps: [addStep(2, read)], maxAttempts: 1 })).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(reads.filter((r) => r.fromRevision < 2)).toEqual([]);
    expect(amounts('tally-1')).toEqual([1, 5]);
  });

  it('decides again on what followed a current fold when the writer since leaves attempts', async () => {
    const { store, amounts, write } = storeOf({ 'tally-1': [1] });
    write('tally-1', [{ eventId: 'rival', type: 'Added', data: { amount: 5 } }]);
    const { outcomes } = await runCommands({ store, now, steps: [addStep(2, { revision: 0, state: { total: 1 }, current: true })] });
    expect(outcomes[0].state).toEqual({ total: 8 });
    expect(amounts('tally-1')).toEqual([1, 5, 2]);
  });

  it('answers a repeat whose first answer lies before the fold with that answer, appending nothing', async () => {
    const { store, amounts, write } = storeOf({ 'tally-1': [1] });
    write('tally-1', [{ eventId: deterministicEventId('key-1', 'tally-1', 0), type: 'Added', data: { amount: 4 } }]);
    const result = await runCommands({ store, now, steps: [addStep(4, { revision: 1, state: { total: 5 } }, 'key-1')] });
    expect(result).toMatchObject({ replayed: true, outcomes: [{ state: { total: 5 }, nextExpectedRevision: 1, replayed: true }] });
    expect(amounts('tally-1')).toEqual([1, 4]);
  });

  it("takes a step's new events from what the append recorded, reading nothing back, when the store gives them", async () => {
    for (const records of [true, false]) {
      const { store, reads } = storeOf({ 'tally-1': [1] }, { records });
      const { outcomes } = await runCommands({ store, now, steps: [addStep(2, { revision: 0, state: { total: 1 }, current: true })] });
      expect(outcomes[0].events.map((event) => [event.revision, event.data])).toEqual([[1, { amount: 2 }]]);
      expect(reads.length).toBe(records ? 0 : 1);
    }
  });

  it('refuses from a fold as from the stream, writing nothing', async () => {
    const { store, amounts } = storeOf({ 'tally-1': [6, 3] });
    const refused = runCommands({ store, now, steps: [addStep(2, { revision: 1, state: { total: 9 } }, 'key-2')] });
    await expect(refused).rejects.toMatchObject({ name: 'RuleBroken', code: 'over-ten' });
    expect(amounts('tally-1')).toEqual([6, 3]);
  });
});
