import { partitionForKey } from './partitioner.js';

describe('the partition of a key', () => {
  it('is the FNV-1a hash of the key modulo the partition count, so it never changes between releases', () => {
    // FNV-1a("a") = 0xe40c292c, the published test vector.
    expect(partitionForKey('a', 16)).toBe(0xe40c292c % 16);
    expect(partitionForKey('client-1', 4)).toBe(0);
    expect(partitionForKey('client-2', 4)).toBe(1);
    expect(partitionForKey('7f1c9b2e-0c1a-4d5e-9a43-2f0e6b1d8c77', 16)).toBe(13);
  });

  it('hashes the UTF-8 bytes, so keys with accents land where another language’s client would put them', () => {
    expect(partitionForKey('é', 1 << 30)).toBe(fnv1a([0xc3, 0xa9]) % (1 << 30));
  });

  it('uses every partition for a spread of client ids', () => {
    const used = new Set(Array.from({ length: 200 }, (_, index) => partitionForKey(`client-${index}`, 8)));
    expect(used.size).toBe(8);
  });
});

function fnv1a(bytes: number[]): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}
