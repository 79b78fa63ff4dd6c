import { type DocumentCollection, type DocumentWrite, type ReadModelDefinition, type ReadStore } from '../read-store.js';

// Checkpoints live in the read store beside the documents they describe, so that a projection
// and its checkpoint are wiped and rebuilt together, and one read store is all a service needs.
// Two documents per projection:
// - `<name>`: the generation queries read, the projection version that built it, and how far
//   it has been fed. Switching generations is one write of this document.
// - `<name>@rebuild`: a rebuild in progress (its generation and position), so that a killed
//   rebuild resumes where it stopped instead of starting over.
// Several processes may write them (the service and `projections:rebuild`): every write is a
// compare-and-set on a revision counter, carried as the document version.

export const CHECKPOINTS: ReadModelDefinition = { name: 'projection_checkpoints', indexes: [] };

export type ActiveGeneration = {
  projection: string;
  generation: number;
  projectionVersion: number;
  /** Global position of the last event applied to this generation; absent before the first. */
  position?: number;
  /** When the generation became active (ISO 8601): for the operator, never for logic. */
  activeSince: string;
};

export type RebuildInProgress = {
  projection: string;
  generation: number;
  projectionVersion: number;
  position?: number;
  startedAt: string;
};

/** `null` marks a finished rebuild: the document is emptied, never deleted, so a stale writer cannot resurrect it. */
type Checkpoint = ActiveGeneration | RebuildInProgress | null;
type Revised = { revision: number; value: Checkpoint };

export class CheckpointStore {
  /**
   * What this process last read or wrote of each checkpoint: a batch's checkpoint write
   * (nextWrite) starts from it instead of reading the document again on every batch. Only a
   * guess: the write is a compare-and-set, and a refused one makes its caller fall back to
   * compareAndSet, which reads the stored document and puts it here.
   */
  private readonly latest = new Map<string, Revised>();

  private constructor(private readonly documents: DocumentCollection<Revised>) {}

  static async open(readStore: ReadStore): Promise<CheckpointStore> {
    return new CheckpointStore(await readStore.collection<Revised>(CHECKPOINTS));
  }

  async active(projection: string): Promise<ActiveGeneration | undefined> {
    return ((await this.documents.get(projection))?.document.value ?? undefined) as ActiveGeneration | undefined;
  }

  async rebuild(projection: string): Promise<RebuildInProgress | undefined> {
    return ((await this.documents.get(rebuildId(projection)))?.document.value ?? undefined) as RebuildInProgress | undefined;
  }

  /**
   * Read-modify-write of the active generation's checkpoint. `change` sees the current value
   * and returns the next one, or undefined to write nothing; after a concurrent write it runs
   * again on the newer value. Resolves with what is stored afterwards.
   */
  async updateActive(
    projection: string,
    change: (current: ActiveGeneration | undefined) => ActiveGeneration | undefined,
  ): Promise<ActiveGeneration | undefined> {
    return (await this.compareAndSet(projection, (current) => change((current ?? undefined) as ActiveGeneration | undefined))) as
      ActiveGeneration | undefined;
  }

  /**
   * The write that would move the active checkpoint as `change` says, for a batch that carries
   * it after its documents (WriteBuffer.flush), or undefined when `change` writes nothing. The
   * write is a compare-and-set: not applied if another write came first, and then the caller
   * falls back to updateActive.
   */
  async activeWrite(
    projection: string,
    change: (current: ActiveGeneration | undefined) => ActiveGeneration | undefined,
  ): Promise<DocumentWrite | undefined> {
    return this.nextWrite(projection, (current) => change((current ?? undefined) as ActiveGeneration | undefined));
  }

  /** saveRebuild's write, for a batch that carries it after its documents. */
  async rebuildWrite(progress: RebuildInProgress): Promise<DocumentWrite | undefined> {
    return this.nextWrite(rebuildId(progress.projection), () => progress);
  }

  async saveRebuild(progress: RebuildInProgress): Promise<void> {
    await this.compareAndSet(rebuildId(progress.projection), () => progress);
  }

  async clearRebuild(projection: string): Promise<void> {
    await this.compareAndSet(rebuildId(projection), (current) => (current === null ? undefined : null));
  }

  private async nextWrite(id: string, change: (current: Checkpoint) => Checkpoint | undefined): Promise<DocumentWrite | undefined> {
    const stored = this.latest.get(id) ?? (await this.documents.get(id))?.document;
    const next = change(stored?.value ?? null);
    if (next === undefined) return undefined;
    const document: Revised = { revision: (stored?.revision ?? 0) + 1, value: next };
    this.latest.set(id, document);
    return { collection: this.documents as DocumentCollection<unknown>, id, version: document.revision, document };
  }

  private async compareAndSet(id: string, change: (current: Checkpoint) => Checkpoint | undefined): Promise<Checkpoint | undefined> {
    for (;;) {
      const stored = await this.documents.get(id);
      if (stored) this.latest.set(id, stored.document);
      else this.latest.delete(id);
      const current = stored?.document.value ?? null;
      const next = change(current);
      if (next === undefined) return current ?? undefined;
      const document: Revised = { revision: (stored?.document.revision ?? 0) + 1, value: next };
      if (await this.documents.upsert(id, document, document.revision)) {
        this.latest.set(id, document);
        return next ?? undefined;
      }
    }
  }
}

const rebuildId = (projection: string) => `${projection}@rebuild`;
