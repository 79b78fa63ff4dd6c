import { createHash } from 'node:crypto';

// The Merkle Tree Hash of RFC 6962 §2.1 (Certificate Transparency), with SHA-256:
//   MTH({})      = SHA-256()
//   MTH({d0})    = SHA-256(0x00 || d0)                        (a leaf)
//   MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])) (a node), k the largest power of two < n
// The distinct leaf and node prefixes keep a leaf from passing for a node (second preimages).
//
// IncrementalMerkleTree keeps every complete subtree's hash, so changing or adding a leaf costs
// about log2(n) hashes and the root another log2(n): a checkpoint over every stream of a large
// store signs (and is verified) in time proportional to the streams that changed, not to all of them.

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(data: Buffer | string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

export const EMPTY_TREE_HASH = createHash('sha256').digest();

/** The definition, recursively over the leaves' data: what the incremental tree must agree with. */
export function merkleTreeHash(leaves: ReadonlyArray<Buffer | string>): Buffer {
  if (leaves.length === 0) return EMPTY_TREE_HASH;
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(merkleTreeHash(leaves.slice(0, k)), merkleTreeHash(leaves.slice(k)));
}

/** A Merkle tree whose leaves can be appended and replaced; `root()` is the RFC 6962 tree hash of the leaves in order. */
export class IncrementalMerkleTree {
  /**
   * levels[h] holds, 32 bytes each, the hash of every complete subtree of 2^h leaves (the i-th
   * starting at leaf i·2^h); counts[h] how many. One buffer per level, not one per hash: a tree
   * over a million streams is about 64 MB, without a million small objects for the collector.
   */
  private readonly levels: Buffer[] = [Buffer.alloc(32 * 1024)];
  private readonly counts: number[] = [0];

  get size(): number {
    return this.counts[0];
  }

  /** Sets leaf `index` (an existing one, or `size` to append) to the leaf whose data is given. */
  set(index: number, data: Buffer | string): void {
    if (!Number.isInteger(index) || index < 0 || index > this.size)
      throw new RangeError(`leaf ${index} is outside a tree of ${this.size} leaves`);
    this.put(0, index, leafHash(data));
    let i = index;
    for (let h = 1; ; h += 1) {
      if ((i ^ 1) >= this.counts[h - 1]) return; // the subtree above is not complete yet
      i >>= 1;
      this.put(h, i, nodeHash(this.hashAt(h - 1, 2 * i), this.hashAt(h - 1, 2 * i + 1)));
    }
  }

  /** MTH over the leaves: the complete subtrees that make up the size, folded from the right. */
  root(): Buffer {
    const n = this.size;
    if (n === 0) return EMPTY_TREE_HASH;
    let hash: Buffer | undefined;
    let end = n;
    // From the smallest complete subtree at the right edge to the largest at the left.
    for (let h = 0; end > 0; h += 1) {
      if (Math.floor(n / 2 ** h) % 2 === 0) continue;
      const start = end - 2 ** h;
      const subtree = this.hashAt(h, start / 2 ** h);
      hash = hash === undefined ? Buffer.from(subtree) : nodeHash(subtree, hash);
      end = start;
    }
    return hash as Buffer;
  }

  private hashAt(level: number, index: number): Buffer {
    return this.levels[level].subarray(index * 32, index * 32 + 32);
  }

  private put(level: number, index: number, hash: Buffer): void {
    if (this.levels[level] === undefined) {
      this.levels[level] = Buffer.alloc(32 * 1024);
      this.counts[level] = 0;
    }
    if ((index + 1) * 32 > this.levels[level].length) {
      const grown = Buffer.alloc(this.levels[level].length * 2);
      this.levels[level].copy(grown);
      this.levels[level] = grown;
    }
    hash.copy(this.levels[level], index * 32);
    if (index >= this.counts[level]) this.counts[level] = index + 1;
  }
}
