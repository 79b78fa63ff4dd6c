import { type EventStore, passesFilter, unionOfFilters } from '@continuum/event-store';
import { type DocumentCollection, type ReadModelDefinition, type ReadStore } from '../read-store.js';
import { type ActiveGeneration, CheckpointStore, type RebuildInProgress } from './checkpoint.js';
import { generationName, inGeneration } from './generation.js';
import { type Projection, type ProjectionContext } from './projection.js';
import { type RebuildProgress, eventsPerSecond, progressLine } from './rebuild-progress.js';
import { WriteBuffer } from './write-buffer.js';

// Rebuild from position zero into a new generation while the service keeps answering from the
// active one; switch when the new generation has caught up with the head; drop the old one a
// little later. Used in-process by the runner (a projection version bump) and by
// `npm run projections:rebuild` against a running service.

export type RebuildOptions = {
  eventStore: EventStore;
  readStore: ReadStore;
  projection: Projection;
  /** Called with a progress line about every `progressEveryMs`, and once when caught up. */
  onProgress?: (line: string, progress: RebuildProgress) => void;
  progressEveryMs?: number;
  /**
   * Events between two saves of the rebuild's own position (a killed rebuild resumes from it),
   * each save one read-store write of the batch. Default 25,000: every batch rewrites the index
   * pages its documents land on, so fewer, larger batches write less (bench:projections: 0.23–0.24x
   * the baseline per CPU second against 0.21–0.22x with 5,000).
   */
  checkpointEvery?: number;
  /**
   * A batch is also written once it holds this many distinct documents, so that its memory stays
   * bounded when every event touches another document (a client's record is about 5 KB). Default 10,000.
   */
  maxBufferedDocuments?: number;
  /**
   * How long the old generation stays after the switch: a running service notices the switch
   * when it next re-reads its checkpoints (every second by default), and until then its
   * queries still read the old copy. Default 3000 ms.
   */
  dropOldAfterMs?: number;
  /** Right after the switch was written, before the old generation is dropped. */
  onSwitched?: (active: ActiveGeneration) => void | Promise<void>;
  /** Stops the rebuild where it is; it resumes from its last saved position next time. */
  signal?: AbortSignal;
  now?: () => Date;
};

export type RebuildResult = {
  projection: string;
  /** False when stopped through `signal` before it caught up: nothing was switched. */
  isComplete: boolean;
  generation: number;
  previousGeneration?: number;
  eventsApplied: number;
  position?: number;
  elapsedMs: number;
  eventsPerSecond: number;
};

/** Rebuilds one projection: rebuildProjections with one. */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { projection, onSwitched, ...rest } = options;
  const [result] = await rebuildProjections({ ...rest, projections: [projection], ...(onSwitched ? { onSwitched } : {}) });
  return result!;
}

export type RebuildManyOptions = Omit<RebuildOptions, 'projection'> & {
  /** Rebuilt together in one pass over the log; each keeps its own generation and saved position. */
  projections: readonly Projection[];
};

/** Where one projection's rebuild stands inside the shared pass. */
type Build = {
  projection: Projection;
  progress: RebuildInProgress;
  /** Where this projection's rebuild started (resumed from) in this run, for its ETA. */
  startPosition: number;
  context: ProjectionContext;
  eventsApplied: number;
};

/**
 * Rebuilds several projections (a service's) in ONE pass over the log: each event is read and
 * parsed once and handed to every projection whose filter it passes. Each projection keeps its
 * own generation and its own saved position, exactly as when rebuilt alone: a resumed one that
 * had got further skips the events it already applied, so the pass starts at the lowest saved
 * position. The documents of every projection and their positions are written together, one
 * read-store write per `checkpointEvery` events. Once caught up, each switches in turn.
 */
export async function rebuildProjections(options: RebuildManyOptions): Promise<RebuildResult[]> {
  const { eventStore, readStore, projections } = options;
  const now = options.now ?? (() => new Date());
  const checkpointEvery = options.checkpointEvery ?? 25_000;
  const maxBufferedDocuments = options.maxBufferedDocuments ?? 10_000;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  if (projections.length === 0) return [];
  assertDistinctReadModels(projections);
  const checkpoints = await CheckpointStore.open(readStore);

  const buffer = new WriteBuffer(readStore);
  const builds: Build[] = [];
  for (const projection of projections) {
    const progress = await resumeOrBegin(checkpoints, readStore, projection, now);
    const collections = new Map<string, Promise<DocumentCollection<unknown>>>();
    const unbuffered: ProjectionContext = {
      collection: <T>(definition: ReadModelDefinition) => {
        let collection = collections.get(definition.name);
        if (!collection) {
          collection = readStore.collection(inGeneration(whileRebuilding(definition), progress.generation));
          collections.set(definition.name, collection);
        }
        return collection as Promise<DocumentCollection<T>>;
      },
    };
    // A new generation from position zero: its collections were dropped by resumeOrBegin and
    // start empty. A resumed one holds what the killed run wrote.
    const startsEmpty = progress.position === undefined;
    builds.push({
      projection,
      progress,
      startPosition: progress.position ?? 0,
      context: buffer.context(unbuffered, { startsEmpty }),
      eventsApplied: 0,
    });
  }
  const save = async () => {
    unsaved = 0;
    // Every event up to the pass's position was offered to every projection (applied, already
    // applied, or not passing its filter): each may go on from there.
    for (const build of builds) if (passPosition > (build.progress.position ?? 0)) build.progress.position = passPosition;
    // Documents and the positions in one write (documents first where the store has no
    // transactions): a crash in between replays, and the versions refuse the repeats.
    const writes = await Promise.all(builds.map(async (build) => (await checkpoints.rebuildWrite(build.progress))!));
    const saved = await buffer.flush(writes);
    // Only this rebuild writes its own progress; if something else did, the plain compare-and-set settles it.
    for (const [i, build] of builds.entries()) if (!saved[i]) await checkpoints.saveRebuild(build.progress);
  };

  const startedAt = Date.now();
  let unsaved = 0;
  let passPosition = 0;
  let head = await eventStore.headPosition();
  let lastReport = startedAt;
  const progressOf = (build: Build): RebuildProgress => ({
    projection: build.projection.name,
    generation: build.progress.generation,
    eventsDone: build.eventsApplied,
    position: Math.max(build.progress.position ?? 0, passPosition),
    head,
    elapsedMs: Date.now() - startedAt,
  });
  const report = () => {
    for (const build of builds) options.onProgress?.(progressLine(progressOf(build), build.startPosition), progressOf(build));
  };
  const resultOf = (build: Build, isComplete: boolean, elapsedMs: number, previousGeneration?: number): RebuildResult => ({
    projection: build.projection.name,
    isComplete,
    generation: build.progress.generation,
    ...(previousGeneration !== undefined ? { previousGeneration } : {}),
    eventsApplied: build.eventsApplied,
    ...(build.progress.position !== undefined ? { position: build.progress.position } : {}),
    elapsedMs,
    eventsPerSecond: eventsPerSecond({ eventsDone: build.eventsApplied, elapsedMs }),
  });

  const from = Math.min(...builds.map((build) => build.startPosition));
  const subscription = eventStore.subscribeToAll({
    ...(from > 0 ? { after: from } : {}),
    filter: unionOfFilters(projections.map((projection) => projection.filter)),
  });
  try {
    for await (const message of subscription) {
      if (options.signal?.aborted) break;
      if (message.kind === 'event') {
        const { event } = message;
        for (const build of builds) {
          if (event.position <= (build.progress.position ?? 0) || !passesFilter(event, build.projection.filter)) continue;
          await build.projection.apply(event, build.context);
          build.progress.position = event.position;
          build.eventsApplied += 1;
        }
        passPosition = event.position;
        unsaved += 1;
        if (unsaved >= checkpointEvery || buffer.documentCount >= maxBufferedDocuments) {
          await save();
          // A store that answers synchronously (SQLite) never leaves the microtask queue on its
          // own: let timers and signals (Ctrl-C, a stop) in between batches.
          await nextTurn();
        } else if (unsaved % TURN_EVERY_EVENTS === 0) {
          // And within a long batch: a stop then ends the batch early, saved like any other.
          await nextTurn();
        }
        if (options.onProgress && Date.now() - lastReport >= progressEveryMs) {
          lastReport = Date.now();
          head = await eventStore.headPosition();
          report();
        }
        continue;
      }
      // Caught up: every event up to message.position has been seen (some filtered out).
      for (const build of builds) if (message.position > (build.progress.position ?? 0)) build.progress.position = message.position;
      head = Math.max(head, message.position);
      await save();
      // The indexes left out while the documents were written, built once over the whole
      // collections before queries read them.
      for (const build of builds)
        for (const model of build.projection.readModels) await readStore.collection(inGeneration(model, build.progress.generation));
      report();
      // Timed before the switches and the grace period, so the figures measure the rebuild, not the wait.
      const elapsedMs = Date.now() - startedAt;
      const finished: RebuildResult[] = [];
      for (const build of builds) {
        const previous = await switchTo(checkpoints, build.progress, now);
        await checkpoints.clearRebuild(build.projection.name);
        const active: ActiveGeneration = {
          projection: build.projection.name,
          generation: build.progress.generation,
          projectionVersion: build.progress.projectionVersion,
          ...(build.progress.position !== undefined ? { position: build.progress.position } : {}),
          activeSince: now().toISOString(),
        };
        await options.onSwitched?.(active);
        finished.push(resultOf(build, true, elapsedMs, previous));
      }
      const replaced = finished.filter(
        (result) => result.previousGeneration !== undefined && result.previousGeneration !== result.generation,
      );
      if (replaced.length > 0) {
        await sleep(options.dropOldAfterMs ?? 3000);
        for (const [i, result] of finished.entries())
          if (replaced.includes(result)) await dropGeneration(readStore, builds[i]!.projection, result.previousGeneration!);
      }
      return finished;
    }
  } finally {
    await subscription.close();
  }
  if (unsaved > 0) await save();
  const elapsedMs = Date.now() - startedAt;
  return builds.map((build) => resultOf(build, false, elapsedMs));
}

/**
 * A read model as a rebuild writes it: with its unique indexes (they refuse writes, and must do
 * so at the event that breaks them) and without the others. No query reads a generation before
 * it is switched to, and every batch would otherwise rewrite the index pages its documents land
 * on (the client list has eight): building them once at the end, over the sorted keys, costs a
 * fraction of that (bench:projections).
 */
function whileRebuilding(definition: ReadModelDefinition): ReadModelDefinition {
  return { ...definition, indexes: definition.indexes.filter((index) => index.unique === true) };
}

/** The shared write buffer keys documents by read model: two projections writing one model would mix. */
function assertDistinctReadModels(projections: readonly Projection[]): void {
  const owners = new Map<string, string>();
  for (const projection of projections)
    for (const model of projection.readModels) {
      const owner = owners.get(model.name);
      if (owner !== undefined && owner !== projection.name)
        throw new Error(`projections "${owner}" and "${projection.name}" both declare the read model "${model.name}"; rebuild them apart`);
      owners.set(model.name, projection.name);
    }
}

/** Resumes a rebuild of the same projection version that was killed or stopped; otherwise starts a new generation. */
async function resumeOrBegin(
  checkpoints: CheckpointStore,
  readStore: ReadStore,
  projection: Projection,
  now: () => Date,
): Promise<RebuildInProgress> {
  const active = await checkpoints.active(projection.name);
  const unfinished = await checkpoints.rebuild(projection.name);
  if (unfinished && unfinished.projectionVersion === projection.version && unfinished.generation !== active?.generation) return unfinished;
  if (unfinished && unfinished.generation !== active?.generation) await dropGeneration(readStore, projection, unfinished.generation);
  const generation = Math.max(active?.generation ?? 0, unfinished?.generation ?? 0) + 1;
  // Leftovers of an earlier attempt at this generation number would otherwise block every version-guarded write.
  await dropGeneration(readStore, projection, generation);
  const build: RebuildInProgress = {
    projection: projection.name,
    generation,
    projectionVersion: projection.version,
    startedAt: now().toISOString(),
  };
  await checkpoints.saveRebuild(build);
  return build;
}

/** One write makes the new generation the one queries read; returns the generation it replaced. */
async function switchTo(checkpoints: CheckpointStore, build: RebuildInProgress, now: () => Date): Promise<number | undefined> {
  let previous: number | undefined;
  await checkpoints.updateActive(build.projection, (current) => {
    previous = current?.generation;
    return {
      projection: build.projection,
      generation: build.generation,
      projectionVersion: build.projectionVersion,
      ...(build.position !== undefined ? { position: build.position } : {}),
      activeSince: now().toISOString(),
    };
  });
  return previous;
}

export async function dropGeneration(readStore: ReadStore, projection: Projection, generation: number): Promise<void> {
  for (const model of projection.readModels) await readStore.drop(generationName(model.name, generation));
}

/** Events between two turns of the event loop inside a batch, so that a stop is heard within a fraction of a second. */
const TURN_EVERY_EVENTS = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
