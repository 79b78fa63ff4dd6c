// What the work queues hear of: one subscription to the event store per console process,
// shared by every session (docs/architecture/console.md#live-work-queues). Each event is read
// for its stream, type and site only (never its data), turned into the queues it may change,
// and handed to the listeners, who tell the pages at that site to read those queues again.
// The access log's read records are left out (each queue read writes some: they would make the
// pages read again forever); its break-the-glass grants and reviews are the supervisors' queue.
import { type EventStore, type RecordedEvent, type Subscription } from '@continuum/event-store';
import { BREAK_THE_GLASS_QUEUE, QUEUE_CATALOGUE, type QueueService } from './queue-catalogue.js';

/** Each service's streams, by the prefixes of their names. */
const STREAMS_OF_SERVICE: ReadonlyArray<{ service: QueueService; prefixes: readonly string[] }> = [
  { service: 'intake', prefixes: ['intake-'] },
  { service: 'treatment-plan', prefixes: ['care-episode-', 'treatment-plan-', 'payer-authorization-request-', 'random-test-draw-'] },
  { service: 'dual-diagnosis', prefixes: ['referral-', 'dual-diagnosis-'] },
  { service: 'aftercare', prefixes: ['aftercare-'] },
];
/** The queues each service's events may change: the catalogue's lists of that service (break-the-glass apart, below). */
const QUEUES_OF_SERVICE = STREAMS_OF_SERVICE.map(({ service, prefixes }) => ({
  prefixes,
  queues: QUEUE_CATALOGUE.filter(
    (queue) => queue.id !== BREAK_THE_GLASS_QUEUE && queue.sources.some((source) => source.service === service),
  ).map((queue) => queue.id),
}));
export const BREAK_THE_GLASS_EVENTS = ['BreakTheGlassGranted', 'BreakTheGlassReviewed'];
/** The supervisors' queue, which those events change. */
export { BREAK_THE_GLASS_QUEUE };

export type QueueChange = { siteId: string; queues: string[] };

/** The queues an event may change, or none (an event of no queue's service, or a read record). */
export function queuesChangedBy(event: Pick<RecordedEvent, 'streamId' | 'type'>): string[] {
  if (BREAK_THE_GLASS_EVENTS.includes(event.type)) return [BREAK_THE_GLASS_QUEUE];
  const owner = QUEUES_OF_SERVICE.find(({ prefixes }) => prefixes.some((prefix) => event.streamId.startsWith(prefix)));
  return owner ? [...owner.queues] : [];
}

const SERVICE_PREFIXES = QUEUES_OF_SERVICE.flatMap(({ prefixes }) => prefixes);

/**
 * Follows the store from its head (what happened before the console started is on the pages
 * already). Changes at the same site close together are told once: the pages read each queue
 * at most once per `coalesceMs`, however busy the site.
 */
export class QueueChanges {
  private store: EventStore | undefined;
  private starting: Promise<void> | undefined;
  private readonly listeners = new Set<(change: QueueChange) => void>();
  private readonly losers = new Set<() => void>();
  private readonly subscriptions: Subscription[] = [];
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** `open` is called when the first page listens: a console nobody watches queues on opens no store. */
  constructor(
    private readonly open: () => Promise<EventStore>,
    private readonly coalesceMs = 250,
  ) {}

  /** Follows the store from now on; once, however many call it. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const store = await this.open();
      this.store = store;
      const after = await store.headPosition();
      this.follow(store, store.subscribeToAll({ after, filter: { streamPrefixes: SERVICE_PREFIXES } }));
      this.follow(store, store.subscribeToAll({ after, filter: { eventTypes: BREAK_THE_GLASS_EVENTS } }));
    })();
    // A store that did not open is tried again by the next page that listens.
    this.starting.catch(() => (this.starting = undefined));
    return this.starting;
  }

  /** `lost` is called if the store stops telling (the next `start` opens it again). */
  listen(listener: (change: QueueChange) => void, lost?: () => void): () => void {
    this.listeners.add(listener);
    if (lost) this.losers.add(lost);
    return () => {
      this.listeners.delete(listener);
      if (lost) this.losers.delete(lost);
    };
  }

  get listening(): number {
    return this.listeners.size;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.starting?.catch(() => undefined);
    await Promise.all(this.subscriptions.map((subscription) => subscription.close()));
    await this.store?.close();
  }

  private follow(store: EventStore, subscription: Subscription) {
    this.subscriptions.push(subscription);
    void (async () => {
      try {
        for await (const message of subscription) {
          if (this.stopped) return;
          if (message.kind === 'event') this.note(message.event);
        }
      } catch {
        // The store went away: when the console is stopping, the pages keep what they show.
      }
      if (!this.stopped) this.lose(store);
    })();
  }

  /**
   * The store stopped telling while the console runs (a lost connection, a store error): it is
   * closed and forgotten, and the listeners told, so their pages reconnect and open it again
   * rather than show "updates as they happen" while hearing nothing.
   */
  private lose(store: EventStore) {
    if (this.store !== store) return;
    this.store = undefined;
    this.starting = undefined;
    const subscriptions = this.subscriptions.splice(0);
    void Promise.all(subscriptions.map((subscription) => subscription.close()))
      .then(() => store.close())
      .catch(() => undefined);
    for (const lost of [...this.losers]) lost();
  }

  private note(event: RecordedEvent) {
    const queues = queuesChangedBy(event);
    const siteId = event.metadata.siteId;
    if (queues.length === 0 || !siteId) return;
    const atSite = this.pending.get(siteId) ?? new Set<string>();
    for (const queue of queues) atSite.add(queue);
    this.pending.set(siteId, atSite);
    this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush() {
    this.timer = undefined;
    const changes = [...this.pending].map(([siteId, queues]) => ({ siteId, queues: [...queues].sort() }));
    this.pending.clear();
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }
}
