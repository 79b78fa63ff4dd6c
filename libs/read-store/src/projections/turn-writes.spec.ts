import { type DocumentCollection, type DocumentWrite, type ReadStore } from '../read-store.js';
import { TurnWrites } from './turn-writes.js';

const collection = {} as DocumentCollection<unknown>;
const write = (id: string, version: number): DocumentWrite => ({ collection, id, version, document: { id } });

/** A store that records each write it is given, answers true for even versions, and refuses any batch holding `poisoned` whole. */
function recordingStore(poisoned?: string) {
  const stored: string[][] = [];
  const store: Pick<ReadStore, 'write'> = {
    write: async (writes) => {
      if (writes.some((one) => one.id === poisoned)) throw new Error(`${poisoned} breaks a unique index`);
      stored.push(writes.map((one) => one.id));
      return writes.map((one) => one.version % 2 === 0);
    },
  };
  return { store, stored };
}

describe('the live feeds writing through one TurnWrites', () => {
  it('writes the batches handed over in one turn as one read-store write, each feed getting its own answers', async () => {
    const { store, stored } = recordingStore();
    const turn = new TurnWrites(store);
    const [clients, consents] = await Promise.all([
      turn.write([write('record', 2), write('clients-checkpoint', 3)]),
      turn.write([write('consent', 4), write('consents-checkpoint', 6)]),
    ]);
    expect(stored).toEqual([['record', 'clients-checkpoint', 'consent', 'consents-checkpoint']]);
    expect(clients).toEqual([true, false]);
    expect(consents).toEqual([true, true]);

    // The next turn's batch is a write of its own.
    expect(await turn.write([write('later', 8)])).toEqual([true]);
    expect(stored).toHaveLength(2);
  });

  it("gives a failing batch's error to that batch alone, the others written on their own, and the failing one writing nothing", async () => {
    const { store, stored } = recordingStore('duplicate');
    const turn = new TurnWrites(store);
    const [clients, consents] = await Promise.allSettled([
      turn.write([write('record', 2), write('clients-checkpoint', 4)]),
      turn.write([write('duplicate', 6), write('consents-checkpoint', 8)]),
    ]);
    expect(clients).toEqual({ status: 'fulfilled', value: [true, true] });
    expect(consents).toMatchObject({ status: 'rejected', reason: new Error('duplicate breaks a unique index') });
    expect(stored).toEqual([['record', 'clients-checkpoint']]);
  });
});
