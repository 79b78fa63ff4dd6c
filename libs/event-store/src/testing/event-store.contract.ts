import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type AppendResult,
  EventIdAlreadyInStream,
  type EventEnvelope,
  type EventStore,
  EventTooLarge,
  type NewEvent,
  type RecordedEvent,
  type SubscriptionMessage,
  WrongExpectedRevision,
} from '../event-store.js';
import { GENESIS_HASH } from '../hash-chain.js';

// One contract for every adapter of the EventStore port: the SQLite file and KurrentDB must
// behave the same to the services above them. Each test writes to streams of its own
// (random names), so the suite also runs against a shared, long-lived server.
//
// Exported from `@continuum/event-store/testing`, never from the library's index: it imports
// jest, which production code must never load.

export type OpenedStore = { store: EventStore; cleanup(): Promise<void> };

export function eventStoreContract(adapterName: string, open: () => Promise<OpenedStore>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => {
      await cleanup();
    });

    describe('appending and reading a stream', () => {
      it('reads back what was appended, in order, with its envelope and the store positions', async () => {
        const stream = uniqueStream();
        const written = [event('EpisodeOpened', { level: '2.1' }), event('LevelOfCareChanged', { from: '2.1', to: '3.5' })];
        const result = await store.appendToStream(stream, written, { expectedRevision: 'no-stream' });

        const read = await store.readStream(stream);
        expect(read.map((e) => [e.eventId, e.type, e.streamId, e.revision])).toEqual([
          [written[0].eventId, 'EpisodeOpened', stream, 0],
          [written[1].eventId, 'LevelOfCareChanged', stream, 1],
        ]);
        expect(read.map((e) => e.data)).toEqual([{ level: '2.1' }, { from: '2.1', to: '3.5' }]);
        expect(read[0].metadata).toMatchObject(written[0].metadata);
        expect(read[1].position).toBeGreaterThan(read[0].position);
        const { recorded, ...place } = result;
        expect(place).toEqual({ nextExpectedRevision: 1, position: read[1].position });
        // An adapter need not give what it recorded; one that does gives what a read returns.
        expect(recorded ?? read).toEqual(read);
        expect(Number.isNaN(Date.parse(read[0].recordedAt))).toBe(false);
      });

      it('links every event to the one before it with the hash chain, starting from the genesis hash', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [event('A'), event('B')], { expectedRevision: 'no-stream' });
        await store.appendToStream(stream, [event('C')], { expectedRevision: 1 });

        const [first, second, third] = await store.readStream(stream);
        expect(first.metadata.prevHash).toBe(GENESIS_HASH);
        expect(second.metadata.prevHash).toBe(first.metadata.hash);
        expect(third.metadata.prevHash).toBe(second.metadata.hash);
        expect(new Set([first.metadata.hash, second.metadata.hash, third.metadata.hash]).size).toBe(3);
      });

      it('reads nothing from a stream that does not exist', async () => {
        await expect(store.readStream(uniqueStream())).resolves.toEqual([]);
      });

      it('reads forwards and backwards from a revision, at most maxCount events', async () => {
        const stream = uniqueStream();
        await store.appendToStream(
          stream,
          range(10).map((i) => event('Counted', { i })),
          { expectedRevision: 'no-stream' },
        );
        const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);

        expect(revisions(await store.readStream(stream, { fromRevision: 4, maxCount: 2 }))).toEqual([4, 5]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 7, maxCount: 3 }))).toEqual([7, 6, 5]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards' }))).toEqual(range(10).reverse());
        expect(revisions(await store.readStream(stream, { fromRevision: 8 }))).toEqual([8, 9]);
      });
    });

    describe('expected revision', () => {
      it("'no-stream' accepts a new stream and refuses an existing one, telling its revision", async () => {
        const stream = uniqueStream();
        await expect(store.appendToStream(stream, [event('A')], { expectedRevision: 'no-stream' })).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });

        const refusal = await refusalOf(store.appendToStream(stream, [event('B')], { expectedRevision: 'no-stream' }));
        expect(refusal).toBeInstanceOf(WrongExpectedRevision);
        expect(refusal).toMatchObject({ stream, expected: 'no-stream', actual: 0 });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it("'stream-exists' refuses a stream that does not exist and accepts one that does", async () => {
        const stream = uniqueStream();
        const refusal = await refusalOf(store.appendToStream(stream, [event('A')], { expectedRevision: 'stream-exists' }));
        expect(refusal).toBeInstanceOf(WrongExpectedRevision);
        expect(refusal).toMatchObject({ expected: 'stream-exists', actual: 'no-stream' });
        expect(await store.readStream(stream)).toEqual([]);

        await store.appendToStream(stream, [event('A')], { expectedRevision: 'any' });
        await expect(store.appendToStream(stream, [event('B')], { expectedRevision: 'stream-exists' })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('an exact revision accepts the revision of the last event and refuses any other, telling the actual one', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [event('A'), event('B')], { expectedRevision: 'no-stream' });

        for (const stale of [0, 2, 7]) {
          const refusal = await refusalOf(store.appendToStream(stream, [event('C')], { expectedRevision: stale }));
          expect(refusal).toBeInstanceOf(WrongExpectedRevision);
          expect(refusal).toMatchObject({ expected: stale, actual: 1 });
        }
        await expect(store.appendToStream(stream, [event('C')], { expectedRevision: 1 })).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });

        const refusalOnMissing = await refusalOf(store.appendToStream(uniqueStream(), [event('A')], { expectedRevision: 0 }));
        expect(refusalOnMissing).toMatchObject({ expected: 0, actual: 'no-stream' });
      });

      it("'any' appends whether the stream exists or not", async () => {
        const stream = uniqueStream();
        await expect(store.appendToStream(stream, [event('A')], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
        await expect(store.appendToStream(stream, [event('B')], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('of two writers racing on one stream, exactly one wins and the other learns the actual revision', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
        const stepUp = event('LevelOfCareChanged', { to: '3.5' });
        const stepDown = event('LevelOfCareChanged', { to: '1' });

        const outcomes = await Promise.allSettled([
          store.appendToStream(stream, [stepUp], { expectedRevision: 0 }),
          store.appendToStream(stream, [stepDown], { expectedRevision: 0 }),
        ]);

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(WrongExpectedRevision);
        expect(lost[0].reason).toMatchObject({ expected: 0, actual: 1 });
        const read = await store.readStream(stream);
        expect(read).toHaveLength(2);
        expect([stepUp.eventId, stepDown.eventId]).toContain(read[1].eventId);
      });
    });

    describe('idempotent retries', () => {
      it('a retry with the same event ids at the same expected revision returns the first result and appends nothing', async () => {
        const stream = uniqueStream();
        const opened = [event('EpisodeOpened'), event('AuthorizedLevelRecorded')];
        const first = await store.appendToStream(stream, opened, { expectedRevision: 'no-stream' });
        const changed = [event('LevelOfCareChanged')];
        const second = await store.appendToStream(stream, changed, { expectedRevision: 1 });

        // A retry wrote nothing, so it need not say what was recorded: its place is the first one's.
        expect(placeOf(await store.appendToStream(stream, opened, { expectedRevision: 'no-stream' }))).toEqual(placeOf(first));
        expect(placeOf(await store.appendToStream(stream, changed, { expectedRevision: 1 }))).toEqual(placeOf(second));
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([...opened, ...changed].map((e) => e.eventId));
      });

      it('the same event ids at a different position are refused clearly, not written twice', async () => {
        const stream = uniqueStream();
        const opened = event('EpisodeOpened');
        await store.appendToStream(stream, [opened], { expectedRevision: 'no-stream' });
        await store.appendToStream(stream, [event('LevelOfCareChanged')], { expectedRevision: 0 });

        const refusal = await refusalOf(store.appendToStream(stream, [opened], { expectedRevision: 1 }));
        expect(refusal).toBeInstanceOf(Error);
        expect((refusal as Error).message).toContain(stream);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('appending to several streams at once', () => {
      /** Everything the store holds under `prefix`: each stream, and the global log. */
      async function snapshot(prefix: string, streams: string[]): Promise<{ streams: RecordedEvent[][]; all: RecordedEvent[] }> {
        return {
          streams: await Promise.all(streams.map((stream) => store.readStream(stream))),
          all: await collect(store.readAll({ filter: { streamPrefixes: [prefix] } })),
        };
      }

      it('appends every part, each stream continuing its own revisions and hash chain', async () => {
        const prefix = uniqueStream();
        const [plan, episode] = [`${prefix}-plan`, `${prefix}-episode`];
        await store.appendToStream(episode, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
        const planEvents = [event('PlanDrafted'), event('GoalAdded')];
        const episodeEvents = [event('LevelOfCareChanged')];

        const results = await store.appendToStreams([
          { stream: plan, events: planEvents, expectedRevision: 'no-stream' },
          { stream: episode, events: episodeEvents, expectedRevision: 0 },
        ]);

        const [planRead, episodeRead] = [await store.readStream(plan), await store.readStream(episode)];
        expect(planRead.map((e) => [e.eventId, e.revision])).toEqual([
          [planEvents[0].eventId, 0],
          [planEvents[1].eventId, 1],
        ]);
        expect(episodeRead.map((e) => e.revision)).toEqual([0, 1]);
        expect(episodeRead[1].eventId).toBe(episodeEvents[0].eventId);
        expect(results.map(placeOf)).toEqual([
          { nextExpectedRevision: 1, position: planRead[1].position },
          { nextExpectedRevision: 1, position: episodeRead[1].position },
        ]);
        expect(results[0].recorded ?? planRead).toEqual(planRead);
        expect(results[1].recorded ?? episodeRead.slice(1)).toEqual(episodeRead.slice(1));
        expect(planRead[0].metadata.prevHash).toBe(GENESIS_HASH);
        expect(episodeRead[1].metadata.prevHash).toBe(episodeRead[0].metadata.hash);
        await expect(store.verifyStream(plan)).resolves.toEqual({ ok: true, stream: plan, events: 2 });
        await expect(store.verifyStream(episode)).resolves.toEqual({ ok: true, stream: episode, events: 2 });
      });

      it('puts the events of one call together in the global log, in the order given', async () => {
        const prefix = uniqueStream();
        const [a, b, c] = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
        const parts = [
          { stream: b, events: [event('B1'), event('B2')], expectedRevision: 'no-stream' as const },
          { stream: a, events: [event('A1')], expectedRevision: 'no-stream' as const },
          { stream: c, events: [event('C1'), event('C2'), event('C3')], expectedRevision: 'any' as const },
        ];
        // Other writers at the same time, on streams the filter below also sees.
        const [, results] = await Promise.all([
          Promise.all(
            range(5).map((i) => store.appendToStream(`${prefix}-other-${i}`, [event('Other')], { expectedRevision: 'no-stream' })),
          ),
          store.appendToStreams(parts),
        ]);

        const all = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
        const ours = new Set(parts.flatMap((part) => part.events.map((e) => e.eventId)));
        const firstOurs = all.findIndex((e) => ours.has(e.eventId));
        expect(all.slice(firstOurs, firstOurs + ours.size).map((e) => e.type)).toEqual(['B1', 'B2', 'A1', 'C1', 'C2', 'C3']);
        expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
        expect(results.map((r) => r.position)).toEqual([
          all[firstOurs + 1].position,
          all[firstOurs + 2].position,
          all[firstOurs + 5].position,
        ]);
      });

      it('writes nothing anywhere when the second stream is not at the expected revision', async () => {
        const prefix = uniqueStream();
        const [plan, episode] = [`${prefix}-plan`, `${prefix}-episode`];
        await store.appendToStream(plan, [event('PlanDrafted')], { expectedRevision: 'no-stream' });
        await store.appendToStream(episode, [event('EpisodeOpened'), event('LevelOfCareChanged')], { expectedRevision: 'no-stream' });
        const before = await snapshot(prefix, [plan, episode]);

        const refusal = await refusalOf(
          store.appendToStreams([
            { stream: plan, events: [event('GoalAdded'), event('GoalAdded')], expectedRevision: 0 },
            { stream: episode, events: [event('EpisodeDischarged')], expectedRevision: 0 },
          ]),
        );

        expect(refusal).toBeInstanceOf(WrongExpectedRevision);
        expect(refusal).toMatchObject({ stream: episode, expected: 0, actual: 1 });
        expect(await snapshot(prefix, [plan, episode])).toEqual(before);
        await expect(store.appendToStream(plan, [event('GoalAdded')], { expectedRevision: 0 })).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
        await expect(store.verifyStream(plan)).resolves.toEqual({ ok: true, stream: plan, events: 2 });
      });

      it('writes nothing anywhere when one part holds an oversized event', async () => {
        const prefix = uniqueStream();
        const [a, b] = [`${prefix}-a`, `${prefix}-b`];
        const huge = event('DocumentAttached', { body: 'x'.repeat(1024 * 1024 + 1) });

        const refusal = await refusalOf(
          store.appendToStreams([
            { stream: a, events: [event('Small')], expectedRevision: 'no-stream' },
            { stream: b, events: [event('Small'), huge], expectedRevision: 'no-stream' },
          ]),
        );

        expect(refusal).toBeInstanceOf(EventTooLarge);
        expect(refusal).toMatchObject({ eventId: huge.eventId });
        expect(await snapshot(prefix, [a, b])).toEqual({ streams: [[], []], all: [] });
      });

      it('writes nothing anywhere when a stream already holds one of the event ids at another place', async () => {
        const prefix = uniqueStream();
        const [a, b] = [`${prefix}-a`, `${prefix}-b`];
        const opened = event('EpisodeOpened');
        await store.appendToStream(b, [opened, event('LevelOfCareChanged')], { expectedRevision: 'no-stream' });
        const before = await snapshot(prefix, [a, b]);

        const refusal = await refusalOf(
          store.appendToStreams([
            { stream: a, events: [event('PlanDrafted')], expectedRevision: 'no-stream' },
            { stream: b, events: [event('EpisodeDischarged'), opened], expectedRevision: 1 },
          ]),
        );

        expect(refusal).toBeInstanceOf(EventIdAlreadyInStream);
        expect(refusal).toMatchObject({ stream: b, eventId: opened.eventId, revision: 0 });
        expect(await snapshot(prefix, [a, b])).toEqual(before);
      });

      it('answers a retry of the same call with the first results and appends nothing', async () => {
        const prefix = uniqueStream();
        const [a, b] = [`${prefix}-a`, `${prefix}-b`];
        await store.appendToStream(b, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
        const parts = [
          { stream: a, events: [event('PlanDrafted'), event('GoalAdded')], expectedRevision: 'no-stream' as const },
          { stream: b, events: [event('LevelOfCareChanged')], expectedRevision: 0 },
        ];
        const first = await store.appendToStreams(parts);
        await store.appendToStream(b, [event('EpisodeDischarged')], { expectedRevision: 1 });
        const before = await snapshot(prefix, [a, b]);

        expect((await store.appendToStreams(parts)).map(placeOf)).toEqual(first.map(placeOf));
        expect(await snapshot(prefix, [a, b])).toEqual(before);
      });

      it('refuses a stream named twice in one call', async () => {
        const stream = uniqueStream();
        const refusal = await refusalOf(
          store.appendToStreams([
            { stream, events: [event('A')], expectedRevision: 'any' },
            { stream, events: [event('B')], expectedRevision: 'any' },
          ]),
        );
        expect((refusal as Error).message).toMatch(/appears twice/);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('answers an empty call with no results', async () => {
        await expect(store.appendToStreams([])).resolves.toEqual([]);
      });

      it('shows a live subscriber every event of a call or none of it, never a part', async () => {
        const prefix = uniqueStream();
        const [a, b] = [`${prefix}-a`, `${prefix}-b`];
        await store.appendToStream(b, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
        const subscription = store.subscribeToAll({ after: await store.headPosition(), filter: { streamPrefixes: [prefix] } });
        try {
          const messages = subscription[Symbol.asyncIterator]();
          await takeUntilCaughtUp(messages);

          const refused = store.appendToStreams([
            { stream: a, events: [event('Refused1'), event('Refused2')], expectedRevision: 'no-stream' },
            { stream: b, events: [event('Refused3')], expectedRevision: 5 },
          ]);
          const landed = store.appendToStreams([
            { stream: a, events: [event('Landed1'), event('Landed2')], expectedRevision: 'no-stream' },
            { stream: b, events: [event('Landed3')], expectedRevision: 0 },
          ]);
          await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevision);
          await landed;
          await store.appendToStream(`${prefix}-sentinel`, [event('Sentinel')], { expectedRevision: 'no-stream' });

          const seen: string[] = [];
          while (seen.at(-1) !== 'Sentinel') seen.push(...(await take(messages, 1)).map(describeMessage));
          expect(seen).toEqual(['Landed1', 'Landed2', 'Landed3', 'Sentinel']);
        } finally {
          await subscription.close();
        }
      });

      it('lets concurrent appends land when a call alongside them is refused', async () => {
        const prefix = uniqueStream();
        const [a, b] = [`${prefix}-a`, `${prefix}-b`];
        await store.appendToStream(b, [event('EpisodeOpened')], { expectedRevision: 'no-stream' });
        const others = range(30).map((i) => `${prefix}-other-${i}`);

        const outcomes = await Promise.allSettled([
          ...others
            .slice(0, 15)
            .map((other) => store.appendToStream(other, [event('Other'), event('Other')], { expectedRevision: 'no-stream' })),
          store.appendToStreams([
            { stream: a, events: [event('Refused'), event('Refused')], expectedRevision: 'no-stream' },
            { stream: b, events: [event('Refused')], expectedRevision: 3 },
          ]),
          ...others.slice(15).map((other) => store.appendToStream(other, [event('Other')], { expectedRevision: 'no-stream' })),
        ]);

        expect(outcomes.map((o) => o.status)).toEqual([
          ...range(15).map(() => 'fulfilled'),
          'rejected',
          ...range(15).map(() => 'fulfilled'),
        ]);
        expect((await Promise.all(others.map((other) => store.readStream(other)))).map((events) => events.length)).toEqual([
          ...range(15).map(() => 2),
          ...range(15).map(() => 1),
        ]);
        expect(await store.readStream(a)).toEqual([]);
        expect((await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }))).filter((e) => e.type === 'Refused')).toEqual([]);
      });
    });

    describe('the global log', () => {
      it('keeps per-stream order and one global order across streams', async () => {
        const prefix = uniqueStream();
        const [a, b] = [`${prefix}-a`, `${prefix}-b`];
        let revisionA: number | 'no-stream' = 'no-stream';
        let revisionB: number | 'no-stream' = 'no-stream';
        for (let i = 0; i < 5; i++) {
          revisionA = (await store.appendToStream(a, [event('Counted', { i })], { expectedRevision: revisionA })).nextExpectedRevision;
          revisionB = (await store.appendToStream(b, [event('Counted', { i })], { expectedRevision: revisionB })).nextExpectedRevision;
        }

        const all = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
        expect(all.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual([
          'a0',
          'b0',
          'a1',
          'b1',
          'a2',
          'b2',
          'a3',
          'b3',
          'a4',
          'b4',
        ]);
        expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(all[all.length - 1].position);
      });

      it('reads all events after a position, by stream prefix and by event type', async () => {
        const prefix = uniqueStream();
        await store.appendToStream(`${prefix}-episode`, [event('EpisodeOpened'), event('LevelOfCareChanged')], {
          expectedRevision: 'no-stream',
        });
        await store.appendToStream(`${prefix}-plan`, [event('PlanDrafted'), event('LevelOfCareChanged')], {
          expectedRevision: 'no-stream',
        });
        await store.appendToStream(uniqueStream(), [event('LevelOfCareChanged')], { expectedRevision: 'no-stream' });

        const ours = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
        expect(ours.map((e) => e.type)).toEqual(['EpisodeOpened', 'LevelOfCareChanged', 'PlanDrafted', 'LevelOfCareChanged']);

        const afterSecond = await collect(store.readAll({ after: ours[1].position, filter: { streamPrefixes: [prefix] } }));
        expect(afterSecond.map((e) => e.eventId)).toEqual([ours[2].eventId, ours[3].eventId]);

        const changes = await collect(store.readAll({ after: ours[0].position - 1, filter: { eventTypes: ['LevelOfCareChanged'] } }));
        expect(changes.every((e) => e.type === 'LevelOfCareChanged')).toBe(true);
        expect(changes.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.eventId)).toEqual([ours[1].eventId, ours[3].eventId]);
        expect(changes.length).toBeGreaterThanOrEqual(3);

        const planChanges = await collect(
          store.readAll({ filter: { streamPrefixes: [`${prefix}-plan`], eventTypes: ['LevelOfCareChanged'] } }),
        );
        expect(planChanges.map((e) => e.eventId)).toEqual([ours[3].eventId]);

        const firstTwo = await collect(store.readAll({ filter: { streamPrefixes: [prefix] }, maxCount: 2 }));
        expect(firstTwo.map((e) => e.eventId)).toEqual([ours[0].eventId, ours[1].eventId]);
      });
    });

    describe('subscriptions', () => {
      it('delivers what existed, signals caught-up once, then delivers events appended after it started', async () => {
        const prefix = uniqueStream();
        const start = await store.headPosition();
        await store.appendToStream(`${prefix}-1`, [event('A'), event('B')], { expectedRevision: 'no-stream' });

        const subscription = store.subscribeToAll({ after: start, filter: { streamPrefixes: [prefix] } });
        try {
          const messages = subscription[Symbol.asyncIterator]();
          const history = await take(messages, 3);
          expect(history.map(describeMessage)).toEqual(['A', 'B', 'caught-up']);
          const caughtUp = history[2] as Extract<SubscriptionMessage, { kind: 'caught-up' }>;
          const lastHistoric = (history[1] as Extract<SubscriptionMessage, { kind: 'event' }>).event;
          expect(caughtUp.position).toBeGreaterThanOrEqual(lastHistoric.position);

          await store.appendToStream(`${prefix}-1`, [event('C')], { expectedRevision: 1 });
          await store.appendToStream(`${prefix}-2`, [event('D')], { expectedRevision: 'no-stream' });
          expect((await take(messages, 2)).map(describeMessage)).toEqual(['C', 'D']);
        } finally {
          await subscription.close();
        }
      });

      it('signals caught-up at once on a quiet filter, and ends when closed', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition(), filter: { streamPrefixes: [uniqueStream()] } });
        const messages = subscription[Symbol.asyncIterator]();
        expect((await take(messages, 1)).map(describeMessage)).toEqual(['caught-up']);
        const pending = messages.next();
        await subscription.close();
        await expect(withTimeout(pending, 5000, 'a closed subscription to end')).resolves.toMatchObject({ done: true });
      });

      it('resumed from a checkpoint, neither skips nor repeats an event', async () => {
        const prefix = uniqueStream();
        const start = await store.headPosition();
        const written = range(6).map((i) => event('Counted', { i }));
        await store.appendToStream(`${prefix}-s`, written.slice(0, 4), { expectedRevision: 'no-stream' });

        const first = store.subscribeToAll({ after: start, filter: { streamPrefixes: [prefix] } });
        const handled = (await take(first[Symbol.asyncIterator](), 2)).map(
          (m) => (m as Extract<SubscriptionMessage, { kind: 'event' }>).event,
        );
        await first.close();
        const checkpoint = handled[1].position;

        await store.appendToStream(`${prefix}-s`, written.slice(4), { expectedRevision: 3 });
        const resumed = store.subscribeToAll({ after: checkpoint, filter: { streamPrefixes: [prefix] } });
        try {
          const rest = await takeUntilCaughtUp(resumed[Symbol.asyncIterator]());
          expect([...handled, ...rest].map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        } finally {
          await resumed.close();
        }
      });
    });

    describe('limits and content', () => {
      it('takes a 10 000-event stream in batches, reads it back whole and verifies it', async () => {
        const stream = uniqueStream();
        let expectedRevision: number | 'no-stream' = 'no-stream';
        for (let batch = 0; batch < 20; batch++) {
          const events = range(500).map((i) => event('Counted', { n: batch * 500 + i }));
          expectedRevision = (await store.appendToStream(stream, events, { expectedRevision })).nextExpectedRevision;
        }
        expect(expectedRevision).toBe(9999);

        const read = await store.readStream(stream);
        expect(read).toHaveLength(10_000);
        expect(read.every((e, i) => e.revision === i && (e.data as { n: number }).n === i)).toBe(true);
        await expect(store.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 10_000 });
      }, 120_000);

      it('returns emoji, CJK, right-to-left text and combining marks exactly as written', async () => {
        const stream = `${uniqueStream()}-ünïcødé-日本-🧪`;
        const text = {
          emoji: '🧑🏽‍⚕️ 👨‍👩‍👧 🏳️‍🌈',
          cjk: '治疗计划 回復 치료',
          rtl: 'علاج الإدمان — טיפול',
          composed: 'é',
          decomposed: 'e\u0301',
          zeroWidth: 'a\u200Db',
        };
        await store.appendToStream(stream, [{ ...event('NoteIndexed', text), metadata: envelope({ siteId: 'site-سلام-🏥' }) }], {
          expectedRevision: 'no-stream',
        });

        const [read] = await store.readStream(stream);
        expect(read.streamId).toBe(stream);
        expect(read.data).toEqual(text);
        expect((read.data as typeof text).decomposed).not.toBe(text.composed);
        expect(read.metadata.siteId).toBe('site-سلام-🏥');
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: true });
      });

      it('refuses an oversized event with a clear error and writes nothing of that append', async () => {
        const stream = uniqueStream();
        const huge = event('DocumentAttached', { body: 'x'.repeat(1024 * 1024 + 1) });

        const refusal = await refusalOf(store.appendToStream(stream, [event('Small'), huge], { expectedRevision: 'any' }));
        expect(refusal).toBeInstanceOf(EventTooLarge);
        expect(refusal).toMatchObject({ eventId: huge.eventId });
        expect((refusal as Error).message).toMatch(/at most \d+ bytes/);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('verifies an intact stream', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [event('A'), event('B')], { expectedRevision: 'no-stream' });
        await store.appendToStream(stream, [event('C')], { expectedRevision: 1 });
        await expect(store.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 3 });
      });
    });
  });
}

export function envelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    schemaVersion: 1,
    clientId: randomUUID(),
    siteId: 'site-north',
    actor: { userId: randomUUID(), role: 'clinician' },
    occurredAt: '2026-01-15T09:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    ...overrides,
  };
}

export function event(type: string, data: unknown = {}): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: envelope() };
}

/** Where an append left its streams, without the events it may say it recorded. */
function placeOf({ recorded: _recorded, ...place }: AppendResult): Omit<AppendResult, 'recorded'> {
  return place;
}

function uniqueStream(): string {
  return `contract-${randomUUID()}`;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function isStrictlyIncreasing(values: number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]);
}

async function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the store to refuse the append, but it was accepted');
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function describeMessage(message: SubscriptionMessage): string {
  return message.kind === 'event' ? message.event.type : message.kind;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function take(messages: AsyncIterator<SubscriptionMessage>, count: number): Promise<SubscriptionMessage[]> {
  const taken: SubscriptionMessage[] = [];
  while (taken.length < count) {
    const next = await withTimeout(messages.next(), 5000, `subscription message ${taken.length + 1} of ${count}`);
    if (next.done) throw new Error(`the subscription ended after ${taken.length} of ${count} messages`);
    taken.push(next.value);
  }
  return taken;
}

async function takeUntilCaughtUp(messages: AsyncIterator<SubscriptionMessage>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const [message] = await take(messages, 1);
    if (message.kind === 'caught-up') return events;
    events.push(message.event);
  }
}
