// How far a consumer group is behind, per partition, from the two numbers Kafka gives:
// the partition's log end (high watermark) and the group's committed offset.

export type PartitionEnds = { partition: number; low: string; high: string };
export type CommittedOffset = { partition: number; offset: string };

/**
 * Messages of one partition the group has still to handle. A group that never committed there
 * (offset -1) starts from the beginning, because our consumers subscribe `fromBeginning`; a
 * commit older than the log start (retention removed it) resumes from the log start too.
 */
export function partitionLag(ends: PartitionEnds, committed: CommittedOffset | undefined): number {
  const low = BigInt(ends.low);
  const high = BigInt(ends.high);
  const committedOffset = committed === undefined ? -1n : BigInt(committed.offset);
  const resumeAt = committedOffset < low ? low : committedOffset;
  return resumeAt >= high ? 0 : Number(high - resumeAt);
}

export function topicLag(ends: PartitionEnds[], committed: CommittedOffset[]): number {
  const byPartition = new Map(committed.map((offset) => [offset.partition, offset]));
  return ends.reduce((sum, partition) => sum + partitionLag(partition, byPartition.get(partition.partition)), 0);
}
