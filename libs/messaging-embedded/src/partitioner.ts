/**
 * The partition of a key: FNV-1a over the key's UTF-8 bytes. Stable across processes and
 * releases (it is part of the file format: changing it would split one client's events
 * over two partitions and break their order), and cheap enough for every publish.
 */
export function partitionForKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
