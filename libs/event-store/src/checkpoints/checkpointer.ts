import { type EventStore, type RecordedEvent } from '../event-store.js';
import { type CheckpointLog } from './checkpoint-log.js';
import { createPublicKey } from 'node:crypto';
import { type CheckpointRecord, type SigningKey, type TrustedKeys, checkSignature, signTreeHead } from './signed-tree-head.js';
import { StreamHeadTree } from './stream-heads.js';

// The signer: follows the global log, keeps every stream's head under a Merkle tree, and
// signs the tree's root into the checkpoint log. It recomputes each stream's hash chain from
// the events' content and refuses to sign a store whose stored hashes disagree, or whose
// events no longer give the tree it signed last: a signature must never bless a rewrite.

export class CheckpointRefused extends Error {
  override readonly name = 'CheckpointRefused';
}

export type CheckpointerOptions = {
  /** When a checkpoint is signed; default: now. */
  clock?: () => Date;
  /**
   * Keys the last checkpoint may be signed with, beside the signer's own: after a rotation, the
   * previous key's public half. The signer goes on only from a checkpoint whose signature holds.
   */
  trustedKeys?: TrustedKeys;
};

export class Checkpointer {
  private readonly heads = new StreamHeadTree();
  private position = 0;
  private lastSigned: CheckpointRecord | undefined;
  private started = false;
  /** The last signed position whose tree the events were found to give again. */
  private verifiedUpTo = 0;

  constructor(
    private readonly store: EventStore,
    private readonly log: CheckpointLog,
    private readonly key: SigningKey,
    private readonly options: CheckpointerOptions = {},
  ) {}

  /** The last global position signed (0 before the first checkpoint). */
  get signedPosition(): number {
    return this.lastSigned?.position ?? 0;
  }

  /**
   * Reads the events appended since the last call and signs a checkpoint over every stream's
   * head; nothing when no event was appended since the last checkpoint.
   */
  async checkpoint(): Promise<CheckpointRecord | undefined> {
    if (!this.started) {
      this.lastSigned = await this.log.last();
      if (this.lastSigned) this.checkLastSignature(this.lastSigned);
      this.started = true;
    }
    const head = await this.store.headPosition();
    for await (const event of this.store.readAll({ after: this.position })) {
      if (event.position > head) break;
      this.apply(event);
    }
    this.checkAgainstLastSigned();
    if (this.position <= this.signedPosition) return undefined;
    const record: CheckpointRecord = {
      ...signTreeHead(
        {
          sequence: (this.lastSigned?.sequence ?? 0) + 1,
          treeSize: this.heads.size,
          rootHash: this.heads.rootHex(),
          position: this.position,
          timestamp: (this.options.clock?.() ?? new Date()).toISOString(),
        },
        this.key,
      ),
      changedHeads: this.heads.takeChanged(),
    };
    await this.log.append(record);
    this.lastSigned = record;
    this.verifiedUpTo = record.position;
    return record;
  }

  private apply(event: RecordedEvent): void {
    const last = this.lastSigned;
    if (last && this.verifiedUpTo < last.position && event.position > last.position) this.checkAgainstLastSigned();
    const head = this.heads.applyEvent(event);
    if (head.hash !== event.metadata.hash)
      throw new CheckpointRefused(
        `event ${event.eventId} (revision ${event.revision} of ${event.streamId}, position ${event.position}) does not match its stored hash: ` +
          'the store fails its own integrity check (npm run audit -- verify), so no checkpoint is signed',
      );
    this.position = event.position;
  }

  private checkLastSignature(last: CheckpointRecord): void {
    const trusted = new Map(this.options.trustedKeys ?? []);
    trusted.set(this.key.keyId, createPublicKey(this.key.privateKey));
    const check = checkSignature(last, trusted);
    if (check === 'unknown-key')
      throw new CheckpointRefused(
        `the last checkpoint (${last.sequence}) is signed by key ${last.keyId}, which this signer does not trust: give it that key's public half`,
      );
    if (check === 'bad-signature')
      throw new CheckpointRefused(
        `the signature of the last checkpoint (${last.sequence}) does not verify: it was altered; run npm run checkpoints -- verify`,
      );
  }

  /**
   * Once the events up to the last signed position are read (at a restart, every event from the
   * first), their tree must be the one signed; what was read before it is in earlier checkpoints.
   */
  private checkAgainstLastSigned(): void {
    const last = this.lastSigned;
    if (!last || this.verifiedUpTo >= last.position) return;
    if (this.position < last.position)
      throw new CheckpointRefused(
        `checkpoint ${last.sequence} covers positions up to ${last.position}, but the store's events end at ${this.position}: ` +
          'events were removed; run npm run checkpoints -- verify',
      );
    if (this.heads.rootHex() !== last.rootHash || this.heads.size !== last.treeSize)
      throw new CheckpointRefused(
        `the events up to position ${last.position} no longer give the tree signed by checkpoint ${last.sequence}: run npm run checkpoints -- verify`,
      );
    this.verifiedUpTo = last.position;
    this.heads.takeChanged();
  }
}

export type CheckpointSchedule = {
  /** Sign once this many events were appended since the last checkpoint. */
  everyEvents: number;
  /** Sign at least this often while events are appended (ms). */
  everyMs: number;
  /** How often the store's head is looked at (ms). Default: the lesser of everyMs and 1 s. */
  pollMs?: number;
  /** Ends the loop (after a last checkpoint). */
  signal: AbortSignal;
  onCheckpoint?: (record: CheckpointRecord) => void;
};

/** Signs checkpoints on a schedule until the signal aborts; a refusal ends the loop with its error. */
export async function runCheckpoints(checkpointer: Checkpointer, store: EventStore, schedule: CheckpointSchedule): Promise<void> {
  const pollMs = schedule.pollMs ?? Math.min(schedule.everyMs, 1000);
  const sign = async () => {
    const record = await checkpointer.checkpoint();
    if (record) schedule.onCheckpoint?.(record);
    lastSignedAt = Date.now();
  };
  let lastSignedAt = 0;
  await sign();
  while (!schedule.signal.aborted) {
    await new Promise<void>((resolve) => {
      const woken = () => {
        clearTimeout(timer);
        schedule.signal.removeEventListener('abort', woken);
        resolve();
      };
      const timer = setTimeout(woken, pollMs);
      schedule.signal.addEventListener('abort', woken, { once: true });
    });
    const pending = (await store.headPosition()) - checkpointer.signedPosition;
    if (schedule.signal.aborted || pending >= schedule.everyEvents || (pending > 0 && Date.now() - lastSignedAt >= schedule.everyMs))
      await sign();
  }
}
