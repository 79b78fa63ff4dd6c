import type Database from 'better-sqlite3';

export type PartitionRef = { topic: string; partition: number };

export type Assignment = {
  /** Partitions this member owns and should consume. */
  keep: PartitionRef[];
  /** Partitions this member still owns but should hand over (once their in-flight message is done). */
  release: PartitionRef[];
};

export type Lease = PartitionRef & { memberId: string; expiresAt: number };

/**
 * One member's view of a consumer group in the shared file. Members share a group's
 * partitions through leases: a partition belongs to one member at a time, the member renews
 * its leases with each heartbeat, and a member that stops renewing (killed, hung) loses its
 * partitions to the others once its session times out. They resume from the committed
 * offset, so a message whose handler ran but was not committed is delivered again:
 * at-least-once, never lost.
 *
 * Balance is deliberately simple: with n live members each claims up to ceil(P / n) of a
 * topic's P partitions and gives back what it holds beyond that.
 */
export class GroupMembership {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    readonly group: string,
    readonly memberId: string,
    private readonly sessionTimeoutMs: number,
  ) {
    this.statements = {
      renewMember: db.prepare(
        `INSERT INTO group_members (group_id, member_id, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (group_id, member_id) DO UPDATE SET expires_at = excluded.expires_at`,
      ),
      forgetExpiredMembers: db.prepare('DELETE FROM group_members WHERE group_id = ? AND expires_at < ?'),
      liveMembers: db.prepare<[string], string>('SELECT member_id FROM group_members WHERE group_id = ?').pluck(),
      leasesOfTopic: db.prepare<[string, string], { partition: number; member_id: string; expires_at: number }>(
        'SELECT partition, member_id, expires_at FROM partition_leases WHERE group_id = ? AND topic = ?',
      ),
      renewLeases: db.prepare('UPDATE partition_leases SET expires_at = ? WHERE group_id = ? AND member_id = ?'),
      claimLease: db.prepare(
        `INSERT INTO partition_leases (group_id, topic, partition, member_id, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET member_id = excluded.member_id, expires_at = excluded.expires_at`,
      ),
      leaseHolder: db
        .prepare<[string, string, number], string>(
          'SELECT member_id FROM partition_leases WHERE group_id = ? AND topic = ? AND partition = ?',
        )
        .pluck(),
      releaseLease: db.prepare('DELETE FROM partition_leases WHERE group_id = ? AND topic = ? AND partition = ? AND member_id = ?'),
      releaseAllLeases: db.prepare('DELETE FROM partition_leases WHERE group_id = ? AND member_id = ?'),
      leaveGroup: db.prepare('DELETE FROM group_members WHERE group_id = ? AND member_id = ?'),
      committedOffset: db
        .prepare<[string, string, number], number>(
          'SELECT next_offset FROM committed_offsets WHERE group_id = ? AND topic = ? AND partition = ?',
        )
        .pluck(),
      commit: db.prepare(
        `INSERT INTO committed_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
      ),
    };
  }

  /**
   * Renews this member and its leases, forgets members whose session ran out, and claims or
   * gives back partitions towards a fair share. `partitionsOf` maps each subscribed topic to
   * its partition count.
   */
  heartbeat(partitionsOf: ReadonlyMap<string, number>, now: number = Date.now()): Assignment {
    const { group, memberId } = this;
    const expiresAt = now + this.sessionTimeoutMs;
    return this.db
      .transaction((): Assignment => {
        this.statements.renewMember.run(group, memberId, expiresAt);
        this.statements.forgetExpiredMembers.run(group, now);
        this.statements.renewLeases.run(expiresAt, group, memberId);
        const live = new Set(this.statements.liveMembers.all(group));
        const assignment: Assignment = { keep: [], release: [] };
        for (const [topic, partitions] of partitionsOf) {
          const fairShare = Math.ceil(partitions / live.size);
          const holders = new Map(this.statements.leasesOfTopic.all(group, topic).map((lease) => [lease.partition, lease]));
          const mine: number[] = [];
          const free: number[] = [];
          for (let partition = 0; partition < partitions; partition++) {
            const lease = holders.get(partition);
            if (lease?.member_id === memberId) mine.push(partition);
            else if (!lease || lease.expires_at < now || !live.has(lease.member_id)) free.push(partition);
          }
          for (const partition of free.slice(0, Math.max(0, fairShare - mine.length))) {
            this.statements.claimLease.run(group, topic, partition, memberId, expiresAt);
            mine.push(partition);
          }
          mine.sort((a, b) => a - b);
          assignment.keep.push(...mine.slice(0, fairShare).map((partition) => ({ topic, partition })));
          assignment.release.push(...mine.slice(fairShare).map((partition) => ({ topic, partition })));
        }
        return assignment;
      })
      .immediate();
  }

  /** Hands a partition back to the group; the next heartbeat of another member claims it. */
  release(ref: PartitionRef): void {
    this.statements.releaseLease.run(this.group, ref.topic, ref.partition, this.memberId);
  }

  /** Gives back every partition and leaves, so that the others take over at their next heartbeat. */
  leave(): void {
    this.db
      .transaction(() => {
        this.statements.releaseAllLeases.run(this.group, this.memberId);
        this.statements.leaveGroup.run(this.group, this.memberId);
      })
      .immediate();
  }

  /** Where the group resumes reading a partition (0 before its first commit). */
  committedOffset(ref: PartitionRef): number {
    return this.statements.committedOffset.get(this.group, ref.topic, ref.partition) ?? 0;
  }

  /**
   * Moves the group's offset for a partition to `nextOffset`, if this member still holds the
   * partition. False means another member took it over (this one was presumed dead): the
   * caller must stop consuming it, and the new owner redelivers from the last commit.
   */
  commit(ref: PartitionRef, nextOffset: number): boolean {
    return this.db
      .transaction(() => {
        if (this.statements.leaseHolder.get(this.group, ref.topic, ref.partition) !== this.memberId) return false;
        this.statements.commit.run(this.group, ref.topic, ref.partition, nextOffset);
        return true;
      })
      .immediate();
  }
}

/** The unexpired leases of a group, for operators and tests: who consumes what. */
export function leasesOf(db: Database.Database, group: string, now: number = Date.now()): Lease[] {
  return db
    .prepare<[string, number], { topic: string; partition: number; member_id: string; expires_at: number }>(
      'SELECT topic, partition, member_id, expires_at FROM partition_leases WHERE group_id = ? AND expires_at >= ? ORDER BY topic, partition',
    )
    .all(group, now)
    .map((row) => ({ topic: row.topic, partition: row.partition, memberId: row.member_id, expiresAt: row.expires_at }));
}
