import { type EventStore } from '../event-store.js';
import { type CheckpointLog, hasCheckpointLog } from './checkpoint-log.js';
import { type CheckpointRecord, type TrustedKeys, checkSignature } from './signed-tree-head.js';
import { type LeafHead, StreamHeadTree } from './stream-heads.js';

// Verifying the signed checkpoints against the events as they are now. One pass over the
// global log, in order, beside the checkpoints in order: each stream's hash chain is
// recomputed from the events' content (the stored hashes are never believed), and at each
// checkpoint's position the tree of the recomputed heads must be the tree whose root was
// signed. Memory grows with the number of streams, not of events or checkpoints.
//
// Findings are worded like the audit's integrity findings (IntegrityFinding): where in the
// global log, which stream, revision and event, and what is wrong.

export type CheckpointFindingKind =
  /** The checkpoint's signature does not verify with the key it names. */
  | 'bad-signature'
  /** The checkpoint names a key the verifier does not trust. */
  | 'unknown-key'
  /** Events covered by a signed checkpoint were changed, added or removed after it was signed. */
  | 'changed-after-signing'
  /** A checkpoint is absent: a gap in the sequence, or exported but missing from the store. */
  | 'checkpoint-missing'
  /** The store's checkpoint differs from the exported one, or its list of heads does not give its signed root. */
  | 'checkpoint-altered'
  /** A checkpoint covers positions the store's events no longer reach: the newest events were removed. */
  | 'truncated';

export type CheckpointFinding = {
  kind: CheckpointFindingKind;
  /** Global position: of the stream's signed head when the finding names a stream, else the position the checkpoint covers. */
  position: number;
  streamId?: string;
  revision?: number;
  eventId?: string;
  /** The checkpoint it was found at. */
  sequence: number;
  detail: string;
};

export type CheckpointProgress = {
  eventsChecked: number;
  checkpointsChecked: number;
  position: number;
  headPosition: number;
  elapsedMs: number;
  eventsPerSecond: number;
};

export type VerifyCheckpointsOptions = {
  /** The checkpoints to verify; default: the store's own (a store with checkpointLog()). */
  checkpoints?: CheckpointLog;
  /** Checkpoints exported earlier (checkpointLine), oldest first: the store's must still hold them. */
  exported?: AsyncIterable<CheckpointRecord> | Iterable<CheckpointRecord>;
  onProgress?: (progress: CheckpointProgress) => void;
  /** Default 1000. */
  progressEveryMs?: number;
  /** Findings kept in the report; the count goes on past it. Default 100. */
  maxFindings?: number;
};

export type CheckpointReport = {
  /** No finding: every checkpoint verifies and the events still give every signed tree. */
  ok: boolean;
  headPosition: number;
  eventsChecked: number;
  checkpointsChecked: number;
  /** The newest checkpoint verified (stored or exported). */
  lastCheckpoint: { sequence: number; position: number; timestamp: string; keyId: string } | null;
  /** Events after the last checkpoint: not yet anchored by any signature (not a finding). */
  notYetAnchored: { events: number; fromPosition: number; toPosition: number } | null;
  findings: CheckpointFinding[];
  findingsTotal: number;
  elapsedMs: number;
  eventsPerSecond: number;
};

export class NoCheckpointLog extends Error {
  override readonly name = 'NoCheckpointLog';
  constructor() {
    super('this event store keeps no signed checkpoints (the SQLite adapter does): pass options.checkpoints');
  }
}

/** Checks every signature and every signed tree against the events as they are now. */
export async function verifyCheckpoints(
  store: EventStore,
  trustedKeys: TrustedKeys,
  options: VerifyCheckpointsOptions = {},
): Promise<CheckpointReport> {
  const log = options.checkpoints ?? (hasCheckpointLog(store) ? store.checkpointLog() : undefined);
  if (!log) throw new NoCheckpointLog();
  const maxFindings = options.maxFindings ?? 100;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  const started = performance.now();
  const headPosition = await store.headPosition();

  const findings: CheckpointFinding[] = [];
  let findingsTotal = 0;
  const record = (finding: CheckpointFinding) => {
    findingsTotal += 1;
    if (findings.length < maxFindings) findings.push(finding);
  };

  const events = lookahead(store.readAll()[Symbol.asyncIterator]());
  const recomputed = new StreamHeadTree();
  const signed = new StreamHeadTree();
  const reported = new Set<string>();
  let eventsChecked = 0;
  let checkpointsChecked = 0;
  let position = 0;
  let lastProgress = started;
  let lastCheckpoint: CheckpointReport['lastCheckpoint'] = null;
  let expectedSequence = 1;
  let diverged = false;
  let listsBroken = false;
  const rate = (elapsedMs: number) => (elapsedMs > 0 ? Math.round((eventsChecked * 1000) / elapsedMs) : 0);

  const progress = () => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (now - lastProgress < progressEveryMs) return;
    lastProgress = now;
    options.onProgress({
      eventsChecked,
      checkpointsChecked,
      position,
      headPosition,
      elapsedMs: now - started,
      eventsPerSecond: rate(now - started),
    });
  };

  for await (const { stored, exported } of bySequence(log.records(), options.exported)) {
    const checkpoint = exported ?? (stored as CheckpointRecord);
    const { sequence } = checkpoint;
    const at = (kind: CheckpointFindingKind, detail: string) => record({ kind, position: checkpoint.position, sequence, detail });

    if (sequence !== expectedSequence) {
      const missing =
        sequence - 1 === expectedSequence ? `checkpoint ${expectedSequence} is` : `checkpoints ${expectedSequence}–${sequence - 1} are`;
      at('checkpoint-missing', `${missing} missing: the checkpoint after ${expectedSequence - 1} is ${sequence}`);
    }
    expectedSequence = sequence + 1;
    if (!stored) {
      at(
        'checkpoint-missing',
        `checkpoint ${sequence} (positions up to ${checkpoint.position}) was exported but is missing from the store`,
      );
    } else if (exported && !sameSignedHead(stored, exported)) {
      at('checkpoint-altered', `the store's checkpoint ${sequence} differs from the one exported: ${differences(stored, exported)}`);
    }

    const signature = checkSignature(checkpoint, trustedKeys);
    if (signature === 'unknown-key')
      at('unknown-key', `checkpoint ${sequence} is signed by key ${checkpoint.keyId}, which is not among the trusted keys`);
    else if (signature === 'bad-signature')
      at(
        'bad-signature',
        `the signature of checkpoint ${sequence} does not verify with key ${checkpoint.keyId}: the checkpoint was forged or altered`,
      );

    // The heads the checkpoint lists must rebuild the root it signs; then they say what each stream was.
    // Once a list fails, the heads after it cannot be rebuilt: it is reported once, and changes
    // to events are then found by the roots alone, without naming the stream.
    let listOk = !listsBroken;
    if (listOk) for (const head of checkpoint.changedHeads) listOk = signed.placeHead(head) && listOk;
    if (listOk && (signed.size !== checkpoint.treeSize || signed.rootHex() !== checkpoint.rootHash)) listOk = false;
    if (!listOk && !listsBroken) {
      at('checkpoint-altered', `the stream heads listed with checkpoint ${sequence} do not give the root it signs`);
      listsBroken = true;
    }

    // The events up to the checkpoint's position, their chains recomputed from their content.
    for (let event = await events.peek(); event && event.position <= checkpoint.position; event = await events.peek()) {
      await events.next();
      recomputed.applyEvent(event);
      eventsChecked += 1;
      position = event.position;
      if (eventsChecked % 1000 === 0) progress();
    }
    checkpointsChecked += 1;
    lastCheckpoint = { sequence, position: checkpoint.position, timestamp: checkpoint.timestamp, keyId: checkpoint.keyId };

    const matches = recomputed.size === checkpoint.treeSize && recomputed.rootHex() === checkpoint.rootHash;
    const touched = new Map<string, LeafHead>();
    for (const head of recomputed.takeChanged()) touched.set(head.streamId, head);
    const signedChanged = signed.takeChanged();
    if (position < checkpoint.position && (await events.peek()) === undefined) {
      at(
        'truncated',
        `checkpoint ${sequence} covers positions up to ${checkpoint.position}, but the store's events end at ${position}: the newest events were removed`,
      );
    }
    if (matches) {
      diverged = false;
      continue;
    }
    if (!listOk && signature !== 'valid') continue; // the checkpoint itself is what was altered
    let named = 0;
    const candidates = new Set([...touched.keys(), ...signedChanged.map((head) => head.streamId)]);
    for (const streamId of candidates) {
      if (reported.has(streamId)) continue;
      if (listsBroken) break;
      const want = signed.head(streamId);
      const have = recomputed.head(streamId);
      if (want && have && want.revision === have.revision && want.hash === have.hash && want.position === have.position) continue;
      reported.add(streamId);
      named += 1;
      record({
        kind: 'changed-after-signing',
        position: want?.position ?? have?.position ?? checkpoint.position,
        streamId,
        revision: want?.revision ?? have?.revision,
        sequence,
        detail: describeChange(streamId, sequence, want, have),
      });
    }
    if (named === 0 && !diverged) {
      at(
        'changed-after-signing',
        `the events up to position ${checkpoint.position} no longer give the tree signed by checkpoint ${sequence}: events it covers were changed, added or removed`,
      );
    }
    diverged = true;
  }

  // The tail no checkpoint covers yet: counted, not judged.
  let tail = 0;
  let fromPosition = 0;
  for (let event = await events.next(); event && event.position <= headPosition; event = await events.next()) {
    if (tail === 0) fromPosition = event.position;
    tail += 1;
    eventsChecked += 1;
    position = event.position;
    if (eventsChecked % 1000 === 0) progress();
  }

  const elapsedMs = performance.now() - started;
  return {
    ok: findingsTotal === 0,
    headPosition,
    eventsChecked,
    checkpointsChecked,
    lastCheckpoint,
    notYetAnchored: tail > 0 ? { events: tail, fromPosition, toPosition: position } : null,
    findings,
    findingsTotal,
    elapsedMs: Math.round(elapsedMs),
    eventsPerSecond: rate(elapsedMs),
  };
}

function describeChange(streamId: string, sequence: number, want: LeafHead | undefined, have: LeafHead | undefined): string {
  if (!want)
    return `${streamId} is not in the tree signed by checkpoint ${sequence}, yet the store now holds events of it up to revision ${have?.revision} at or before the position that checkpoint covers: events were added after signing`;
  if (!have)
    return `checkpoint ${sequence} signed ${streamId} up to revision ${want.revision} (position ${want.position}), but the store now holds none of its events at or before that position: they were removed`;
  if (have.revision < want.revision || have.position < want.position)
    return `checkpoint ${sequence} signed ${streamId} up to revision ${want.revision} (position ${want.position}), but the store's events of it now end at revision ${have.revision} (position ${have.position}): events were removed`;
  return `checkpoint ${sequence} signed ${streamId} up to revision ${want.revision} (position ${want.position}), but its events recomputed from their content no longer give the signed chain hash: an event at or before revision ${want.revision} was changed after it was signed (even if its stored hashes were recomputed)`;
}

const SIGNED_FIELDS = ['treeSize', 'rootHash', 'position', 'timestamp', 'keyId', 'signature'] as const;

function sameSignedHead(a: CheckpointRecord, b: CheckpointRecord): boolean {
  return SIGNED_FIELDS.every((field) => a[field] === b[field]);
}

function differences(stored: CheckpointRecord, exported: CheckpointRecord): string {
  return SIGNED_FIELDS.filter((field) => stored[field] !== exported[field])
    .map((field) => `${field} ${String(stored[field])} in the store, ${String(exported[field])} exported`)
    .join('; ');
}

/** Stored and exported checkpoints side by side by sequence (both oldest first). */
async function* bySequence(
  stored: AsyncIterable<CheckpointRecord>,
  exported: AsyncIterable<CheckpointRecord> | Iterable<CheckpointRecord> | undefined,
): AsyncGenerator<{ stored?: CheckpointRecord; exported?: CheckpointRecord }> {
  const s = lookahead(stored[Symbol.asyncIterator]());
  const e = exported ? lookahead(toAsyncIterator(exported)) : undefined;
  for (;;) {
    const a = await s.peek();
    const b = await e?.peek();
    if (!a && !b) return;
    if (a && (!b || a.sequence < b.sequence)) yield { stored: (await s.next()) as CheckpointRecord };
    else if (b && (!a || b.sequence < a.sequence)) yield { exported: (await e?.next()) as CheckpointRecord };
    else yield { stored: (await s.next()) as CheckpointRecord, exported: (await e?.next()) as CheckpointRecord };
  }
}

function toAsyncIterator<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) return items[Symbol.asyncIterator]();
  const iterator = items[Symbol.iterator]();
  return { next: async () => iterator.next() };
}

type Lookahead<T> = { peek(): Promise<T | undefined>; next(): Promise<T | undefined> };

function lookahead<T>(iterator: AsyncIterator<T>): Lookahead<T> {
  let buffered: { value: T | undefined } | undefined;
  const pull = async () => {
    const result = await iterator.next();
    return { value: result.done ? undefined : result.value };
  };
  return {
    peek: async () => (buffered ??= await pull()).value,
    next: async () => {
      const value = (buffered ?? (await pull())).value;
      buffered = undefined;
      return value;
    },
  };
}
