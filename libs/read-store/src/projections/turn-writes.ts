import { type DocumentWrite, type ReadStore } from '../read-store.js';

// Live, one command's events usually feed several projections at once (an intake registration:
// the client's record and list row, and its consent), and each feed wrote its batch with its
// checkpoint in a transaction of its own, in the same turn of the event loop: two commits,
// each rewriting the same checkpoint page, per registration (bench:http). The runner's feeds
// write through this instead: the batches handed over in one turn are written as ONE
// read-store write, after the turn's other work, and each feed gets back its own answers.
// Nothing changes for a feed but the commit it shares: its documents and its checkpoint still
// land together (one transaction in SQLite, in order in MongoDB). A shared write that fails is
// not the others' failure: each batch is then written on its own, and only the batch that
// fails alone gets the error, having written nothing.

type Waiting = { writes: readonly DocumentWrite[]; resolve: (applied: boolean[]) => void; reject: (error: unknown) => void };

export class TurnWrites {
  private waiting: Waiting[] = [];

  constructor(private readonly readStore: Pick<ReadStore, 'write'>) {}

  /** ReadStore.write, shared with the other batches handed over in this turn. */
  write(writes: readonly DocumentWrite[]): Promise<boolean[]> {
    return new Promise((resolve, reject) => {
      // After the microtasks of this turn: the other feeds woken by the same commit get here too.
      if (this.waiting.length === 0) setImmediate(() => void this.writeWaiting());
      this.waiting.push({ writes, resolve, reject });
    });
  }

  private async writeWaiting(): Promise<void> {
    const batches = this.waiting;
    this.waiting = [];
    if (batches.length > 1) {
      try {
        const applied = await this.readStore.write(batches.flatMap((batch) => batch.writes));
        let offset = 0;
        for (const batch of batches) batch.resolve(applied.slice(offset, (offset += batch.writes.length)));
        return;
      } catch {
        // Written one by one below, so that the error reaches only the batch it belongs to.
      }
    }
    for (const batch of batches) this.readStore.write(batch.writes).then(batch.resolve, batch.reject);
  }
}
