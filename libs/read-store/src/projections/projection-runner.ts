import { type EventStore, type RecordedEvent, type Subscription } from '@continuum/event-store';
import { type DocumentCollection, type ReadModelDefinition, type ReadStore } from '../read-store.js';
import { type ActiveGeneration, CheckpointStore } from './checkpoint.js';
import { generationName, inGeneration } from './generation.js';
import { type Projection, type ProjectionContext } from './projection.js';
import { type RebuildOptions, type RebuildResult, rebuildProjections } from './rebuild.js';
import { TurnWrites } from './turn-writes.js';
import { WriteBuffer } from './write-buffer.js';

// Feeds each projection from the event store, from its checkpoint, into its active generation.
//
// Crash safety: documents are written first, the checkpoint after. A crash in between replays
// the events since the last checkpoint; every document carries the position of the last event
// folded into it, and the store refuses a write that is not newer, so nothing counts twice and
// nothing is lost.
//
// Generations: queries read the generation named by the checkpoint document. A rebuild (in this
// process, or `projections:rebuild` in another) builds the next one beside it and switches the
// checkpoint; this runner re-reads the checkpoints every `generationCheckMs`, and its own
// checkpoint writes are compare-and-set, so it notices the switch, moves its queries and its
// feed to the new generation, and goes on from the position the rebuild reached.

export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export type ProjectionStatus = {
  projection: string;
  state: ProjectionState;
  /** The generation queries read. */
  generation?: number;
  /** Global position of the last event applied to it. */
  position?: number;
  /** Why it stopped, when state is `failed`. */
  error?: string;
};

export type ProjectionLag = ProjectionStatus & {
  /** Events of this projection's streams in the store and not yet applied; counted up to LAG_COUNT_LIMIT. */
  lag: number;
  isLagAtLeast?: true;
};

/** Counting further would make the readiness probe slow exactly when the service is already behind. */
export const LAG_COUNT_LIMIT = 10_000;

export type ProjectionRunnerOptions = {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly Projection[];
  /**
   * Most events in one batch (documents and checkpoint written together) while catching up;
   * once live, each batch is what arrived together, written as soon as no more is waiting. Default 500.
   */
  checkpointEvery?: number;
  /** How often the checkpoints are re-read to notice a generation switched by another process. Default 1000 ms. */
  generationCheckMs?: number;
  /** Ids and counts only: a projection's documents may hold personal data, its log lines never do. */
  log?: (entry: { projection: string; message: string; [detail: string]: unknown }) => void;
  now?: () => Date;
};

type Feed = {
  projection: Projection;
  state: ProjectionState;
  error?: string;
  /** What queries read, as last seen in the checkpoint. */
  readGeneration: number;
  /** What the feed writes to, and how far it got. */
  writeGeneration: number;
  position?: number;
  subscription?: Subscription;
  running?: Promise<void>;
  isSwitchRequested: boolean;
  rebuilding?: Promise<RebuildResult>;
};

const NEXT_TURN = Symbol('next turn of the event loop');
/** Resolves after the I/O and timers now due: a message still not delivered by then is not at hand. */
const nextTurn = () => new Promise<typeof NEXT_TURN>((resolve) => setImmediate(() => resolve(NEXT_TURN)));

export class ProjectionRunner {
  private readonly feeds = new Map<string, Feed>();
  private readonly collections = new Map<string, Promise<DocumentCollection<unknown>>>();
  private readonly stopping = new AbortController();
  /** The live feeds' batches of one turn, written together (turn-writes.ts). */
  private readonly turnWrites: TurnWrites;
  private checkpoints?: CheckpointStore;
  private generationCheck?: NodeJS.Timeout;
  private readonly checkpointEvery: number;
  private readonly now: () => Date;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.checkpointEvery = options.checkpointEvery ?? 500;
    this.now = options.now ?? (() => new Date());
    this.turnWrites = new TurnWrites(options.readStore);
    const names = new Set<string>();
    for (const projection of options.projections) {
      if (names.has(projection.name))
        throw new Error(`two projections are named "${projection.name}": give each its own name, it names its checkpoint`);
      names.add(projection.name);
      this.feeds.set(projection.name, { projection, state: 'starting', readGeneration: 1, writeGeneration: 1, isSwitchRequested: false });
    }
  }

  /** Resolves once every projection has its checkpoint and its feed (or its rebuild) is under way. */
  async start(): Promise<void> {
    this.checkpoints = await CheckpointStore.open(this.options.readStore);
    const outdated: Feed[] = [];
    for (const feed of this.feeds.values()) if (!(await this.startFeed(feed))) outdated.push(feed);
    // The code changed their documents' shape: the old copies keep answering, frozen, until the
    // new ones have caught up, all rebuilt in one pass over the log.
    if (outdated.length > 0) this.rebuildTogether(outdated);
    this.generationCheck = setInterval(() => void this.noticeSwitches(), this.options.generationCheckMs ?? 1000);
    this.generationCheck.unref();
  }

  /** Stops every feed after the event it is applying, and saves its checkpoint. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.generationCheck);
    for (const feed of this.feeds.values()) await feed.subscription?.close();
    await Promise.allSettled([...this.feeds.values()].flatMap((feed) => [feed.running, feed.rebuilding]));
    for (const feed of this.feeds.values()) if (feed.state !== 'failed') feed.state = 'stopped';
  }

  /** The collection of a read model in the generation queries read now. Ask again per query: the generation may switch. */
  async collection<T>(definition: ReadModelDefinition): Promise<DocumentCollection<T>> {
    const feed = this.feedOwning(definition.name);
    return this.collectionIn<T>(definition, feed.readGeneration);
  }

  /**
   * Applies one event to a projection's active generation, outside the store feed: the path
   * for integration events (a bus consumer calls it). The event's position must grow with
   * every event the projection receives, as it versions the documents.
   */
  async apply(projectionName: string, event: RecordedEvent): Promise<void> {
    const feed = this.feedNamed(projectionName);
    await feed.projection.apply(event, this.contextFor(feed.readGeneration));
  }

  /** Rebuilds from position zero into a new generation while queries keep reading the current one. */
  async rebuild(
    projectionName: string,
    options: Pick<RebuildOptions, 'onProgress' | 'progressEveryMs' | 'dropOldAfterMs'> = {},
  ): Promise<RebuildResult> {
    const feed = this.feedNamed(projectionName);
    feed.rebuilding ??= this.rebuildFeed(feed, options).finally(() => (feed.rebuilding = undefined));
    return feed.rebuilding;
  }

  status(): ProjectionStatus[] {
    return [...this.feeds.values()].map((feed) => ({
      projection: feed.projection.name,
      state: feed.state,
      generation: feed.readGeneration,
      ...(feed.position !== undefined ? { position: feed.position } : {}),
      ...(feed.error ? { error: feed.error } : {}),
    }));
  }

  /** Each projection's status with the number of its events not yet applied. */
  async lag(): Promise<ProjectionLag[]> {
    return Promise.all(
      this.status().map(async (status) => {
        const feed = this.feedNamed(status.projection);
        let behind = 0;
        for await (const _event of this.options.eventStore.readAll({
          ...(feed.position !== undefined ? { after: feed.position } : {}),
          filter: feed.projection.filter,
          maxCount: LAG_COUNT_LIMIT,
        })) {
          behind += 1;
        }
        return { ...status, lag: behind, ...(behind >= LAG_COUNT_LIMIT ? { isLagAtLeast: true as const } : {}) };
      }),
    );
  }

  /** For /health/ready: up while every projection runs (lag included in the details), down once one has failed. */
  async readiness(): Promise<{ status: 'up' | 'down'; details: Record<string, unknown> }> {
    const lags = await this.lag();
    const details = Object.fromEntries(lags.map(({ projection, ...rest }) => [projection, rest]));
    return { status: lags.some((lag) => lag.state === 'failed' || lag.state === 'stopped') ? 'down' : 'up', details };
  }

  /** Follows the projection from its checkpoint; false (and nothing started) when its version changed and it needs a rebuild. */
  private async startFeed(feed: Feed): Promise<boolean> {
    const { projection } = feed;
    const active = (await this.checkpoints!.updateActive(
      projection.name,
      (current) =>
        current ?? {
          projection: projection.name,
          generation: 1,
          projectionVersion: projection.version,
          activeSince: this.now().toISOString(),
        },
    ))!;
    this.moveTo(feed, active);
    if (active.projectionVersion === projection.version) {
      this.follow(feed);
      return true;
    }
    this.log(feed, 'projection version changed: rebuilding into a new generation', {
      from: active.projectionVersion,
      to: projection.version,
    });
    return false;
  }

  private rebuildTogether(feeds: Feed[]): void {
    const together = this.rebuildFeeds(feeds, {
      onProgress: (line, progress) => this.log(this.feedNamed(progress.projection), line),
    });
    for (const [i, feed] of feeds.entries()) {
      feed.rebuilding = together.then((results) => results[i]!).finally(() => (feed.rebuilding = undefined));
      feed.rebuilding.catch((error: unknown) => this.fail(feed, error));
    }
  }

  private async rebuildFeed(
    feed: Feed,
    options: Pick<RebuildOptions, 'onProgress' | 'progressEveryMs' | 'dropOldAfterMs'>,
  ): Promise<RebuildResult> {
    return (await this.rebuildFeeds([feed], options))[0]!;
  }

  private async rebuildFeeds(
    feeds: Feed[],
    options: Pick<RebuildOptions, 'onProgress' | 'progressEveryMs' | 'dropOldAfterMs'>,
  ): Promise<RebuildResult[]> {
    for (const feed of feeds) if (feed.running === undefined) feed.state = 'rebuilding';
    const results = await rebuildProjections({
      eventStore: this.options.eventStore,
      readStore: this.options.readStore,
      projections: feeds.map((feed) => feed.projection),
      signal: this.stopping.signal,
      now: this.now,
      ...options,
      onSwitched: (active) => {
        const feed = this.feedNamed(active.projection);
        // Move queries and the feed now rather than at the next generation check.
        feed.readGeneration = active.generation;
        if (feed.running) this.requestSwitch(feed);
        else if (!this.stopping.signal.aborted) {
          this.moveTo(feed, active);
          this.follow(feed);
        }
      },
    });
    for (const [i, result] of results.entries())
      this.log(feeds[i]!, result.isComplete ? 'rebuild complete' : 'rebuild stopped before it caught up', { ...result });
    return results;
  }

  private follow(feed: Feed): void {
    feed.running = this.followUntilSwitchedOrStopped(feed).finally(() => (feed.running = undefined));
  }

  private async followUntilSwitchedOrStopped(feed: Feed): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const outcome = await this.followGeneration(feed);
      if (outcome !== 'switched') return;
      const active = await this.checkpoints!.active(feed.projection.name);
      if (!active) return;
      this.moveTo(feed, active);
      this.log(feed, 'following the generation a rebuild switched to', { generation: active.generation, position: active.position });
    }
  }

  private async followGeneration(feed: Feed): Promise<'switched' | 'stopped' | 'failed'> {
    const { projection } = feed;
    const buffer = new WriteBuffer(this.turnWrites);
    const context = buffer.context(this.contextFor(feed.writeGeneration));
    feed.isSwitchRequested = false;
    feed.state = 'catching-up';
    const subscription = this.options.eventStore.subscribeToAll({
      ...(feed.position !== undefined ? { after: feed.position } : {}),
      filter: projection.filter,
    });
    feed.subscription = subscription;
    const messages = subscription[Symbol.asyncIterator]();
    /** How far the buffer goes; feed.position moves to it once it is in the read store. */
    let position = feed.position;
    let unsaved = 0;
    let isLive = false;
    const save = async (): Promise<boolean> => {
      unsaved = 0;
      const isSaved = await this.saveBatch(feed, buffer, position);
      if (isSaved) feed.position = position;
      return isSaved;
    };
    try {
      for (;;) {
        let next = messages.next();
        // Live: apply every event already at hand, then write them and the checkpoint as one
        // batch once none is waiting (the subscription has gone to sleep until the next commit).
        if (isLive && unsaved > 0 && (await Promise.race([next, nextTurn()])) === NEXT_TURN) {
          if (!(await save())) return 'switched';
          if (feed.isSwitchRequested) return 'switched';
          next = Promise.resolve(await next);
        }
        const result = await next;
        if (result.done) break;
        const message = result.value;
        if (message.kind === 'event') {
          await projection.apply(message.event, context);
          position = message.event.position;
          unsaved += 1;
        } else {
          isLive = true;
          feed.state = 'live';
          if (message.position > (position ?? 0)) position = message.position;
          unsaved += 1;
        }
        if ((message.kind === 'caught-up' || unsaved >= this.checkpointEvery) && !(await save())) return 'switched';
        if (feed.isSwitchRequested) return 'switched';
        if (this.stopping.signal.aborted) break;
      }
      if (unsaved > 0 && !(await save())) return 'switched';
      return feed.isSwitchRequested ? 'switched' : 'stopped';
    } catch (error) {
      // A rebuild elsewhere may have switched generations and dropped the one we were writing.
      const active = await this.checkpoints!.active(projection.name).catch(() => undefined);
      if (active && active.generation !== feed.writeGeneration) return 'switched';
      this.fail(feed, error);
      return 'failed';
    } finally {
      feed.subscription = undefined;
      await subscription.close();
    }
  }

  /**
   * The buffer's documents and the checkpoint at `position`, in one read-store write. False
   * when the checkpoint names another generation now: a rebuild has switched it.
   */
  private async saveBatch(feed: Feed, buffer: WriteBuffer, position: number | undefined): Promise<boolean> {
    const moveTo = (current: ActiveGeneration | undefined): ActiveGeneration | undefined =>
      current && current.generation === feed.writeGeneration ? { ...current, ...(position !== undefined ? { position } : {}) } : undefined;
    const checkpoint = await this.checkpoints!.activeWrite(feed.projection.name, moveTo);
    const [isCheckpointed] = await buffer.flush(checkpoint ? [checkpoint] : []);
    if (isCheckpointed) return true;
    // Another writer moved the checkpoint first (or it names another generation): read it again.
    const stored = await this.checkpoints!.updateActive(feed.projection.name, moveTo);
    return stored?.generation === feed.writeGeneration;
  }

  private async noticeSwitches(): Promise<void> {
    for (const feed of this.feeds.values()) {
      const active = await this.checkpoints!.active(feed.projection.name).catch(() => undefined);
      if (!active || active.generation === feed.readGeneration) continue;
      feed.readGeneration = active.generation;
      if (feed.running) this.requestSwitch(feed);
    }
  }

  private requestSwitch(feed: Feed): void {
    feed.isSwitchRequested = true;
    // Wakes an idle feed; a busy one sees the request after the event it is applying.
    void feed.subscription?.close();
  }

  private moveTo(feed: Feed, active: ActiveGeneration): void {
    feed.readGeneration = active.generation;
    feed.writeGeneration = active.generation;
    feed.position = active.position;
  }

  private fail(feed: Feed, error: unknown): void {
    feed.state = 'failed';
    feed.error = error instanceof Error ? error.message : String(error);
    this.log(feed, 'projection stopped on an error; restart the service once the cause is fixed', { error: feed.error });
  }

  private contextFor(generation: number): ProjectionContext {
    return { collection: <T>(definition: ReadModelDefinition) => this.collectionIn<T>(definition, generation) };
  }

  private collectionIn<T>(definition: ReadModelDefinition, generation: number): Promise<DocumentCollection<T>> {
    const name = generationName(definition.name, generation);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = this.options.readStore.collection(inGeneration(definition, generation));
      this.collections.set(name, collection);
    }
    return collection as Promise<DocumentCollection<T>>;
  }

  private feedNamed(name: string): Feed {
    const feed = this.feeds.get(name);
    if (!feed) throw new Error(`there is no projection "${name}"; the registered ones are: ${[...this.feeds.keys()].join(', ')}`);
    return feed;
  }

  private feedOwning(readModel: string): Feed {
    for (const feed of this.feeds.values()) if (feed.projection.readModels.some((model) => model.name === readModel)) return feed;
    throw new Error(`no registered projection declares the read model "${readModel}"; add it to a projection's readModels`);
  }

  private log(feed: Feed, message: string, details: Record<string, unknown> = {}): void {
    this.options.log?.({ projection: feed.projection.name, message, ...details });
  }
}
