import Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent, type StreamVerification } from '@continuum/event-store';
import { checkContentInParallel } from './content-hashes.js';
import { type IntegrityFinding } from './integrity-finding.js';
import { type PositionPolicy, StoreVerifier } from './store-verifier.js';

// The whole-store integrity check: every event up to the head as it was when the check
// began (a live writer is not chased), read in pages, so memory stays flat however large
// the store. Each stream found broken is then verified again by the store itself
// (EventStore.verifyStream), whose verdict the report carries beside ours.
//
// On a SQLite store (`file`) the check uses every core: worker threads parse and hash the
// events again over ranges of positions (content-hashes.ts), while this thread reads only the
// ids, positions, revisions and hashes in global order and checks the order and every chain's
// links; the findings are merged in global order, as one pass would have listed them.

export type VerifyProgress = { eventsChecked: number; position: number; headPosition: number; elapsedMs: number; eventsPerSecond: number };

export type VerifyStoreOptions = {
  positions: PositionPolicy;
  /** The last position the store handed out, read before the check began (positionFactsOf). */
  handedOutUpTo?: number;
  /** Called about every `progressEveryMs` (default 1000) while the check runs. */
  onProgress?: (progress: VerifyProgress) => void;
  progressEveryMs?: number;
  /** Findings kept in the report; the count goes on past it. Default 100. */
  maxFindings?: number;
  /** Streams whose store verdict the report carries. Default 20. */
  maxStoreVerdicts?: number;
  /** The store's SQLite file (positionFactsOf): the check then runs on every core. */
  file?: string;
  /** Worker threads for the content hashes with `file`. Default: the machine's cores. */
  threads?: number;
};

export type IntegrityReport = {
  ok: boolean;
  headPosition: number;
  eventsChecked: number;
  streamsChecked: number;
  /** The first finding in global order: the earliest sign of tampering. */
  firstFinding: IntegrityFinding | null;
  findings: IntegrityFinding[];
  findingsTotal: number;
  /** The store's own verification of each stream found broken. */
  storeVerdicts: StreamVerification[];
  elapsedMs: number;
  eventsPerSecond: number;
};

export async function verifyStore(store: EventStore, options: VerifyStoreOptions): Promise<IntegrityReport> {
  const maxFindings = options.maxFindings ?? 100;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  const started = performance.now();
  const headPosition = await store.headPosition();
  const verifier = new StoreVerifier(options.positions);
  const findings: IntegrityFinding[] = [];
  const brokenStreams = new Set<string>();
  let findingsTotal = 0;
  let lastProgress = started;
  const record = (finding: IntegrityFinding) => {
    findingsTotal += 1;
    if (finding.streamId !== undefined) brokenStreams.add(finding.streamId);
    if (findings.length < maxFindings) findings.push(finding);
  };
  const rate = (elapsedMs: number) => (elapsedMs > 0 ? Math.round((verifier.eventsChecked * 1000) / elapsedMs) : 0);

  const progress = (position: number) => {
    if (!options.onProgress || verifier.eventsChecked % 1000 !== 0) return;
    const now = performance.now();
    if (now - lastProgress < progressEveryMs) return;
    lastProgress = now;
    options.onProgress({
      eventsChecked: verifier.eventsChecked,
      position,
      headPosition,
      elapsedMs: now - started,
      eventsPerSecond: rate(now - started),
    });
  };

  if (options.file !== undefined) {
    const content = checkContentInParallel(options.file, headPosition, { threads: options.threads, maxFindings });
    const inOrder: IntegrityFinding[] = [];
    let inOrderTotal = 0;
    for (const event of idsAndHashesOf(options.file, headPosition)) {
      for (const finding of verifier.check(event, { content: false })) {
        inOrderTotal += 1;
        if (inOrder.length < maxFindings) inOrder.push(finding);
      }
      progress(event.position);
    }
    const hashed = await content;
    // Stable: at one position the order findings come first, as one pass lists them.
    const merged = [...inOrder, ...hashed.findings].sort((a, b) => a.position - b.position);
    for (const finding of merged) record(finding);
    findingsTotal = inOrderTotal + hashed.total;
  } else {
    for await (const event of store.readAll()) {
      if (event.position > headPosition) break;
      for (const finding of verifier.check(event)) record(finding);
      progress(event.position);
    }
  }
  const lastChecked = verifier.lastPositionChecked;
  if (options.handedOutUpTo !== undefined && options.handedOutUpTo > lastChecked) {
    const missing =
      options.handedOutUpTo === lastChecked + 1
        ? `position ${options.handedOutUpTo} is`
        : `positions ${lastChecked + 1}–${options.handedOutUpTo} are`;
    record({
      kind: 'missing-position',
      position: options.handedOutUpTo,
      detail: `${missing} missing from the end of the global log: the store handed out positions up to ${options.handedOutUpTo}, so the newest events were removed`,
    });
  }
  const elapsedMs = performance.now() - started;

  const storeVerdicts: StreamVerification[] = [];
  for (const stream of [...brokenStreams].slice(0, options.maxStoreVerdicts ?? 20)) storeVerdicts.push(await store.verifyStream(stream));

  return {
    ok: findingsTotal === 0,
    headPosition,
    eventsChecked: verifier.eventsChecked,
    streamsChecked: verifier.streamsChecked,
    firstFinding: findings[0] ?? null,
    findings,
    findingsTotal,
    storeVerdicts,
    elapsedMs: Math.round(elapsedMs),
    eventsPerSecond: rate(elapsedMs),
  };
}

type IdsAndHashes = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  prev_hash: string;
  hash: string;
};

/** The global log without the events' bodies: what the order and the chains' links are checked on. */
function* idsAndHashesOf(file: string, headPosition: number): Generator<RecordedEvent> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT position, stream_id, revision, event_id, type, prev_hash, hash FROM events WHERE position <= ? ORDER BY position')
      .iterate(headPosition) as Iterable<IdsAndHashes>;
    for (const row of rows) {
      yield {
        position: row.position,
        streamId: row.stream_id,
        revision: row.revision,
        eventId: row.event_id,
        type: row.type,
        metadata: { prevHash: row.prev_hash, hash: row.hash },
      } as unknown as RecordedEvent;
    }
  } finally {
    db.close();
  }
}
