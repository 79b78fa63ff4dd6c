import { createHash } from 'node:crypto';
import { EMPTY_TREE_HASH, IncrementalMerkleTree, leafHash, merkleTreeHash, nodeHash } from './merkle.js';

// RFC 6962 §2.1 hashing: the empty tree, a leaf (0x00 prefix) and a node (0x01 prefix), and a
// tree kept leaf by leaf that must give the definition's root for every size and every change.

describe('the Merkle tree hash (RFC 6962 §2.1)', () => {
  it('hashes the empty tree, a leaf and a node with the prefixes the RFC gives', () => {
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // The Certificate Transparency test vector for the hash of an empty leaf.
    expect(leafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(nodeHash(a, b)).toEqual(
      createHash('sha256')
        .update(Buffer.from([1]))
        .update(a)
        .update(b)
        .digest(),
    );
    expect(merkleTreeHash(['a', 'b'])).toEqual(nodeHash(a, b));
    // Three leaves: the left subtree takes the largest power of two below the size.
    expect(merkleTreeHash(['a', 'b', 'c'])).toEqual(nodeHash(nodeHash(a, b), leafHash('c')));
  });

  it('gives the definition’s root for every size from 0 to 70 when leaves are appended one by one', () => {
    const tree = new IncrementalMerkleTree();
    const leaves: string[] = [];
    expect(tree.root()).toEqual(merkleTreeHash(leaves));
    for (let n = 0; n < 70; n += 1) {
      leaves.push(`leaf ${n}`);
      tree.set(n, leaves[n]);
      expect(tree.root().toString('hex')).toBe(merkleTreeHash(leaves).toString('hex'));
    }
  });

  it('gives the definition’s root after any leaf is replaced, and a different root than before', () => {
    const tree = new IncrementalMerkleTree();
    const leaves = Array.from({ length: 37 }, (_, n) => `leaf ${n}`);
    leaves.forEach((leaf, n) => tree.set(n, leaf));
    for (const n of [0, 1, 15, 16, 31, 32, 36]) {
      const before = tree.root().toString('hex');
      leaves[n] = `changed ${n}`;
      tree.set(n, leaves[n]);
      expect(tree.root().toString('hex')).toBe(merkleTreeHash(leaves).toString('hex'));
      expect(tree.root().toString('hex')).not.toBe(before);
    }
  });

  it('refuses a leaf beyond the next one', () => {
    const tree = new IncrementalMerkleTree();
    tree.set(0, 'first');
    expect(() => tree.set(2, 'gap')).toThrow('leaf 2 is outside a tree of 1 leaves');
  });
});
