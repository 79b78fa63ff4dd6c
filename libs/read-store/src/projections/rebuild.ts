import { type EventStore } from '@continuum/event-store';
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
  /** Events between two saves of the rebuild's own position (a killed rebuild resumes from it), each save one read-store write of the batch. Default 5000. */
  checkpointEvery?: number;
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

export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { eventStore, readStore, projection } = options;
  const now = options.now ?? (() => new Date());
  const checkpointEvery = options.checkpointEvery ?? 5000;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  const checkpoints = await CheckpointStore.open(readStore);

  const build = await resumeOrBegin(checkpoints, readStore, projection, now);
  const collections = new Map<string, Promise<DocumentCollection<unknown>>>();
  const buffer = new WriteBuffer(readStore);
  const unbuffered: ProjectionContext = {
    collection: <T>(definition: ReadModelDefinition) => {
      const name = generationName(definition.name, build.generation);
      if (!collections.has(name)) collections.set(name, readStore.collection(inGeneration(definition, build.generation)));
      return collections.get(name)! as Promise<DocumentCollection<T>>;
    },
  };
  const context = buffer.context(unbuffered);
  const save = async () => {
    // Documents and the position in one write (documents first where the store has no
    // transactions): a crash in between replays, and the versions refuse the repeats.
    const [isSaved] = await buffer.flush([(await checkpoints.rebuildWrite(build))!]);
    // Only this rebuild writes its own progress; if something else did, the plain compare-and-set settles it.
    if (!isSaved) await checkpoints.saveRebuild(build);
    unsaved = 0;
  };

  const startedAt = Date.now();
  const startPosition = build.position ?? 0;
  let eventsApplied = 0;
  let unsaved = 0;
  let head = await eventStore.headPosition();
  let lastReport = startedAt;
  const progress = (): RebuildProgress => ({
    projection: projection.name,
    generation: build.generation,
    eventsDone: eventsApplied,
    position: build.position ?? 0,
    head,
    elapsedMs: Date.now() - startedAt,
  });
  const result = (isComplete: boolean, previousGeneration?: number): RebuildResult => {
    const elapsedMs = Date.now() - startedAt;
    return {
      projection: projection.name,
      isComplete,
      generation: build.generation,
      ...(previousGeneration !== undefined ? { previousGeneration } : {}),
      eventsApplied,
      ...(build.position !== undefined ? { position: build.position } : {}),
      elapsedMs,
      eventsPerSecond: eventsPerSecond({ eventsDone: eventsApplied, elapsedMs }),
    };
  };

  const subscription = eventStore.subscribeToAll({
    ...(build.position !== undefined ? { after: build.position } : {}),
    filter: projection.filter,
  });
  try {
    for await (const message of subscription) {
      if (options.signal?.aborted) break;
      if (message.kind === 'event') {
        await projection.apply(message.event, context);
        build.position = message.event.position;
        eventsApplied += 1;
        unsaved += 1;
        if (unsaved >= checkpointEvery) await save();
        if (options.onProgress && Date.now() - lastReport >= progressEveryMs) {
          lastReport = Date.now();
          head = await eventStore.headPosition();
          options.onProgress(progressLine(progress(), startPosition), progress());
        }
        continue;
      }
      // Caught up: every event up to message.position has been seen (some filtered out).
      if (message.position > (build.position ?? 0)) build.position = message.position;
      head = Math.max(head, message.position);
      await save();
      options.onProgress?.(progressLine(progress(), startPosition), progress());
      const previous = await switchTo(checkpoints, build, now);
      await checkpoints.clearRebuild(projection.name);
      const active: ActiveGeneration = {
        projection: projection.name,
        generation: build.generation,
        projectionVersion: build.projectionVersion,
        ...(build.position !== undefined ? { position: build.position } : {}),
        activeSince: now().toISOString(),
      };
      await options.onSwitched?.(active);
      // Timed before the grace period, so the figures measure the rebuild, not the wait.
      const finished = result(true, previous);
      if (previous !== undefined && previous !== build.generation) {
        await sleep(options.dropOldAfterMs ?? 3000);
        await dropGeneration(readStore, projection, previous);
      }
      return finished;
    }
  } finally {
    await subscription.close();
  }
  if (unsaved > 0) await save();
  return result(false);
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
