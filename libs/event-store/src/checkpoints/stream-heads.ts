import { type RecordedEvent } from '../event-store.js';
import { GENESIS_HASH, chainHash } from '../hash-chain.js';
import { IncrementalMerkleTree } from './merkle.js';

// The leaves of a checkpoint's tree: one per stream, its head (the last event: revision,
// global position and the hash of the stream's hash chain there). A stream's leaf is the
// index of its first event in the global order, so a new stream appends a leaf and the tree
// of an older checkpoint is a prefix in shape: both the signer and a verifier replaying the
// log in global order give every stream the same index.

export type StreamHead = { streamId: string; revision: number; position: number; hash: string };

/** A stream head at its leaf: what a checkpoint lists for every stream that changed since the one before. */
export type LeafHead = StreamHead & { leaf: number };

/** The bytes a leaf hashes: unambiguous whatever the stream's name holds. */
export function leafData(head: StreamHead): string {
  return JSON.stringify([head.streamId, head.revision, head.position, head.hash]);
}

/**
 * Stream heads under a Merkle tree. A head set is only noted; the tree takes the heads set
 * since it last looked when its root is asked for, so a stream written a thousand times
 * between two checkpoints costs one leaf update, not a thousand.
 */
export class StreamHeadTree {
  private readonly heads = new Map<string, LeafHead>();
  private readonly tree = new IncrementalMerkleTree();
  /** Heads set since the tree last took them. */
  private pending = new Set<string>();
  /** Heads set since the last takeChanged. */
  private changed = new Set<string>();

  /** Streams (leaves) in the tree, counting heads not yet taken into it. */
  get size(): number {
    return this.heads.size;
  }

  rootHex(): string {
    this.flush();
    return this.tree.root().toString('hex');
  }

  head(streamId: string): LeafHead | undefined {
    return this.heads.get(streamId);
  }

  /** Sets a stream's head (a new stream takes the next leaf). */
  setHead(head: StreamHead): LeafHead {
    const leaf = this.heads.get(head.streamId)?.leaf ?? this.heads.size;
    const leafHead = { leaf, ...head };
    this.note(leafHead);
    return leafHead;
  }

  /** Puts a head listed by a checkpoint at the leaf it names; false when that leaf does not fit the tree. */
  placeHead(head: LeafHead): boolean {
    const existing = this.heads.get(head.streamId);
    if (existing ? existing.leaf !== head.leaf : head.leaf !== this.heads.size) return false;
    this.note({ leaf: head.leaf, streamId: head.streamId, revision: head.revision, position: head.position, hash: head.hash });
    return true;
  }

  /**
   * The hash chain recomputed from the event's content (never its stored hashes), continuing
   * from this tree's head of the stream: what a rewrite of the stored hashes cannot reproduce
   * once a checkpoint has signed the head.
   */
  applyEvent(event: RecordedEvent): LeafHead {
    const { eventId, type, streamId, revision, data, metadata } = event;
    const previous = this.heads.get(streamId)?.hash ?? GENESIS_HASH;
    const hash = chainHash(previous, { eventId, type, streamId, revision, data, metadata });
    return this.setHead({ streamId, revision, position: event.position, hash });
  }

  /** The heads set since the last call, in leaf order; starts a new set. */
  takeChanged(): LeafHead[] {
    const changed = this.inLeafOrder(this.changed);
    this.changed = new Set();
    return changed;
  }

  private note(head: LeafHead): void {
    this.heads.set(head.streamId, head);
    this.pending.add(head.streamId);
    this.changed.add(head.streamId);
  }

  private flush(): void {
    for (const head of this.inLeafOrder(this.pending)) this.tree.set(head.leaf, leafData(head));
    this.pending = new Set();
  }

  private inLeafOrder(streams: Set<string>): LeafHead[] {
    return [...streams].map((streamId) => this.heads.get(streamId) as LeafHead).sort((a, b) => a.leaf - b.leaf);
  }
}
