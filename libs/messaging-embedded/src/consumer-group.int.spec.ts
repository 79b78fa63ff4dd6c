import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openBusDatabase } from './bus-database.js';
import { GroupMembership, type PartitionRef } from './consumer-group.js';

// The group protocol with the clock in the test's hands: heartbeats are called with `now`.
const SESSION_MS = 1000;
const TOPIC = 'continuum.intake.events.v1';
const FOUR_PARTITIONS = new Map([[TOPIC, 4]]);
const T0 = 1_800_000_000_000;

const partitions = (refs: PartitionRef[]) => refs.map((ref) => ref.partition);

describe('a consumer group in the bus file', () => {
  let folder: string;
  let db: Database.Database;
  const member = (id: string) => new GroupMembership(db, 'treatment-plan-intake', id, SESSION_MS);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'consumer-group-'));
    db = openBusDatabase(join(folder, 'bus.db'), 1000);
  });

  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives a lone member every partition', () => {
    expect(partitions(member('a').heartbeat(FOUR_PARTITIONS, T0).keep)).toEqual([0, 1, 2, 3]);
  });

  it('moves half the partitions to a member that joins, once the first has given them back', () => {
    const a = member('a');
    const b = member('b');
    a.heartbeat(FOUR_PARTITIONS, T0);

    expect(b.heartbeat(FOUR_PARTITIONS, T0 + 10).keep).toEqual([]);
    const handOver = a.heartbeat(FOUR_PARTITIONS, T0 + 20);
    expect(partitions(handOver.keep)).toEqual([0, 1]);
    expect(partitions(handOver.release)).toEqual([2, 3]);
    expect(partitions(b.heartbeat(FOUR_PARTITIONS, T0 + 30).keep)).toEqual([]);

    handOver.release.forEach((ref) => a.release(ref));
    expect(partitions(b.heartbeat(FOUR_PARTITIONS, T0 + 40).keep)).toEqual([2, 3]);
  });

  it('gives a silent member’s partitions to the others once its session has run out, not before', () => {
    const a = member('a');
    const b = member('b');
    a.heartbeat(FOUR_PARTITIONS, T0);
    b.heartbeat(FOUR_PARTITIONS, T0);
    a.heartbeat(FOUR_PARTITIONS, T0).release.forEach((ref) => a.release(ref));
    b.heartbeat(FOUR_PARTITIONS, T0);

    expect(partitions(b.heartbeat(FOUR_PARTITIONS, T0 + SESSION_MS).keep)).toEqual([2, 3]);
    expect(partitions(b.heartbeat(FOUR_PARTITIONS, T0 + SESSION_MS + 1).keep)).toEqual([0, 1, 2, 3]);
  });

  it('refuses the commit of a member presumed dead whose partition another member took over', () => {
    const a = member('a');
    const b = member('b');
    a.heartbeat(FOUR_PARTITIONS, T0);
    expect(a.commit({ topic: TOPIC, partition: 0 }, 5)).toBe(true);
    b.heartbeat(FOUR_PARTITIONS, T0 + SESSION_MS + 1);

    expect(a.commit({ topic: TOPIC, partition: 0 }, 6)).toBe(false);
    expect(b.committedOffset({ topic: TOPIC, partition: 0 })).toBe(5);
  });

  it('lets the partitions of a member that left be claimed at the next heartbeat', () => {
    const a = member('a');
    const b = member('b');
    a.heartbeat(FOUR_PARTITIONS, T0);
    b.heartbeat(FOUR_PARTITIONS, T0);
    a.leave();

    expect(partitions(b.heartbeat(FOUR_PARTITIONS, T0 + 10).keep)).toEqual([0, 1, 2, 3]);
  });

  it('keeps every partition owned, by no more than ceil(4 / 3) each, when three members share four', () => {
    const members = ['a', 'b', 'c'].map(member);
    let now = T0;
    for (let round = 0; round < 4; round++) {
      for (const m of members) m.heartbeat(FOUR_PARTITIONS, (now += 10)).release.forEach((ref) => m.release(ref));
    }
    const owned = members.map((m) => partitions(m.heartbeat(FOUR_PARTITIONS, (now += 10)).keep));

    expect(owned.flat().sort()).toEqual([0, 1, 2, 3]);
    for (const share of owned) expect(share.length).toBeLessThanOrEqual(2);
  });

  it('starts a group that never committed at offset 0', () => {
    expect(member('a').committedOffset({ topic: TOPIC, partition: 3 })).toBe(0);
  });
});
