import { type AllFilter, type EventStore, type RecordedEvent } from '@continuum/event-store';
import { type ClientIndex, type ClientStream } from '../client-index/client-index.js';
import { isAboutClient } from '../domain/stored-event.js';

// Every event about one client, in the store's global order, without reading the whole store:
// the client index (caught up first) names the client's streams; each is read forwards, in
// pages, over the revisions the index found about the client, and the streams are merged by
// global position. A stream that mixes clients (an access log) gives only this client's
// events. The answer goes up to the position the index reached, so it is the one a read of
// the whole global log up to that position would give. Memory holds a page per stream and
// what the caller keeps.

export type ReadProgress = { scanned: number; position: number; headPosition: number; elapsedMs: number };

export type ReadOptions = {
  /** Only streams with these prefixes, only events of these types. */
  filter?: AllFilter;
  onProgress?: (progress: ReadProgress) => void;
  /** Default 1000 ms. */
  progressEveryMs?: number;
  /** Called once every stream has been read (not when the caller stops early). */
  onFinished?: (progress: ReadProgress) => void;
};

export async function* clientEvents(index: ClientIndex, clientId: string, options: ReadOptions = {}): AsyncGenerator<RecordedEvent> {
  const upTo = await index.catchUp();
  const started = performance.now();
  let lastProgress = started;
  const everyMs = options.progressEveryMs ?? 1000;
  const prefixes = options.filter?.streamPrefixes ?? [];
  const types = options.filter?.eventTypes ?? [];
  const streams = index
    .streamsOf(clientId)
    .filter((stream) => prefixes.length === 0 || prefixes.some((prefix) => stream.streamId.startsWith(prefix)));
  const cursors = streams.map((stream) => new StreamCursor(index.store, stream, upTo));
  await Promise.all(cursors.map((cursor) => cursor.load()));
  let scanned = 0;
  let position = 0;
  for (;;) {
    let next = -1;
    for (let i = 0; i < cursors.length; i += 1) {
      if (cursors[i]!.current && (next < 0 || cursors[i]!.current!.position < cursors[next]!.current!.position)) next = i;
    }
    if (next < 0) break;
    const cursor = cursors[next]!;
    const event = cursor.current!;
    if (!cursor.step()) await cursor.load();
    if (!cursor.current) cursors.splice(next, 1);
    position = event.position;
    scanned += 1;
    if (options.onProgress && scanned % 1000 === 0) {
      const now = performance.now();
      if (now - lastProgress >= everyMs) {
        lastProgress = now;
        options.onProgress({ scanned, position, headPosition: upTo, elapsedMs: now - started });
      }
    }
    if (isAboutClient(event, clientId) && (types.length === 0 || types.includes(event.type))) yield event;
  }
  options.onFinished?.({ scanned, position, headPosition: upTo, elapsedMs: performance.now() - started });
}

/** One stream read forwards over the client's revisions, a page at a time; pages grow from small, as many streams are read at once. */
class StreamCursor {
  current: RecordedEvent | undefined;
  private page: RecordedEvent[] = [];
  private at = 0;
  private nextRevision: number;
  private pageSize = 32;

  constructor(
    private readonly store: EventStore,
    private readonly stream: ClientStream,
    private readonly upToPosition: number,
  ) {
    this.nextRevision = stream.firstRevision;
  }

  /** Moves to the next event of the page already read; false when the next page must be loaded. */
  step(): boolean {
    this.at += 1;
    this.current = this.page[this.at];
    return this.current !== undefined || this.nextRevision > this.stream.lastRevision;
  }

  async load(): Promise<void> {
    const remaining = this.stream.lastRevision - this.nextRevision + 1;
    const asked = Math.min(this.pageSize, remaining);
    this.pageSize = Math.min(this.pageSize * 2, 1024);
    const page = asked > 0 ? await this.store.readStream(this.stream.streamId, { fromRevision: this.nextRevision, maxCount: asked }) : [];
    // What was appended after the index's position is for the next answer.
    const beyond = page.findIndex((event) => event.position > this.upToPosition);
    this.page = beyond >= 0 ? page.slice(0, beyond) : page;
    const ended = asked <= 0 || beyond >= 0 || page.length < asked;
    this.nextRevision = ended ? Number.POSITIVE_INFINITY : page.at(-1)!.revision + 1;
    this.at = 0;
    this.current = this.page[0];
  }
}
