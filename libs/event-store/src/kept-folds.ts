import { type DomainEvent, fold } from '@continuum/decider';
import { type EventStore } from './event-store.js';

// Read your writes without folding a whole stream on every read: a query keeps the state it last
// folded a stream to, with that revision, and folds only the events the stream holds after it.
// A read therefore still sees every event appended before it, whichever process appended it.

/**
 * What a process last folded of the streams it read most recently, by stream (or aggregate) id.
 * Bounded: past `capacity`, the stream kept least recently is dropped and its next read folds
 * it whole again.
 */
export class KeptFolds<Folded> {
  private readonly folds = new Map<string, Folded>();

  constructor(readonly capacity: number) {}

  get(id: string): Folded | undefined {
    return this.folds.get(id);
  }

  /** Keeps `folded` as the newest for `id`, and returns it. */
  keep(id: string, folded: Folded): Folded {
    this.folds.delete(id);
    this.folds.set(id, folded);
    if (this.folds.size > this.capacity) this.folds.delete(this.folds.keys().next().value!);
    return folded;
  }
}

/**
 * `stream` as of every event it holds, folded on from what `folds` kept for `id` (the whole stream
 * when nothing is kept), and the newer fold kept in its place. A stream with no event yet keeps
 * nothing and answers `initialState`.
 */
export async function foldKept<Event extends DomainEvent, State>(
  folds: KeptFolds<FoldedAt<State>>,
  id: string,
  store: Pick<EventStore, 'readStream'>,
  stream: string,
  evolve: (state: State, event: Event) => State,
  initialState: State,
): Promise<{ state: State; revision: number | undefined }> {
  const folded = await foldAfter(store, stream, evolve, initialState, folds.get(id));
  if (folded.revision !== undefined) folds.keep(id, { revision: folded.revision, state: folded.state });
  return folded;
}

/**
 * Answers a read works out from a stream's fold and the day it is asked on, kept per stream and
 * worked out again only when the stream's revision or the day has moved on. Bounded like KeptFolds.
 */
export class KeptAnswers<Answer> {
  private readonly answers: KeptFolds<{ revision: number; day: string; answer: Answer }>;

  constructor(capacity: number) {
    this.answers = new KeptFolds(capacity);
  }

  /** The answer for `id` at `revision` on `day`: the kept one when both match, else `make()`'s, kept. */
  answer(id: string, revision: number, day: string, make: () => Answer): Answer {
    const kept = this.answers.get(id);
    const answer = kept?.revision === revision && kept.day === day ? kept.answer : make();
    return this.answers.keep(id, { revision, day, answer }).answer;
  }
}

/** A stream's state as folded up to a revision of it. */
export type FoldedAt<State> = { revision: number; state: State };

/**
 * `stream` folded on from `from` (its state at a revision; none: from the stream's start) over
 * the events the stream holds after that revision, with the revision reached (undefined: the
 * stream has no event yet).
 */
export async function foldAfter<Event extends DomainEvent, State>(
  store: Pick<EventStore, 'readStream'>,
  stream: string,
  evolve: (state: State, event: Event) => State,
  initialState: State,
  from?: FoldedAt<State>,
): Promise<{ state: State; revision: number | undefined }> {
  const recorded = await store.readStream(stream, from ? { fromRevision: from.revision + 1 } : {});
  return {
    state: fold(evolve, from?.state ?? initialState, recorded as unknown as Event[]),
    revision: recorded.at(-1)?.revision ?? from?.revision,
  };
}
