import { describe, expect, it } from '@jest/globals';
import { type FoldedAt, KeptAnswers, KeptFolds, foldAfter, foldKept } from './kept-folds.js';

describe('the folds a process keeps between reads', () => {
  it('answers the fold kept last for a stream', () => {
    const folds = new KeptFolds<{ revision: number }>(2);
    folds.keep('plan-1', { revision: 0 });
    folds.keep('plan-1', { revision: 3 });
    expect(folds.get('plan-1')).toEqual({ revision: 3 });
    expect(folds.get('plan-2')).toBeUndefined();
  });

  it('drops the stream kept least recently once past its capacity', () => {
    const folds = new KeptFolds<number>(2);
    folds.keep('a', 1);
    folds.keep('b', 2);
    folds.keep('a', 3); // a read of a again: b is now the oldest
    folds.keep('c', 4);
    expect(folds.get('b')).toBeUndefined();
    expect([folds.get('a'), folds.get('c')]).toEqual([3, 4]);
  });
});

describe('a stream folded on from a kept state', () => {
  type Counted = { total: number };
  const evolve = (state: Counted, event: { type: string; data: { add: number } }) => ({ total: state.total + event.data.add });
  const events = [1, 2, 4].map((add, revision) => ({ type: 'Added', data: { add }, revision }));
  const asked: (number | undefined)[] = [];
  const store = {
    readStream: async (_stream: string, options?: { fromRevision?: number }) => {
      asked.push(options?.fromRevision);
      return events.slice(options?.fromRevision ?? 0) as never;
    },
  };

  it('reads only the events after the kept revision and folds them onto the kept state', async () => {
    asked.length = 0;
    expect(await foldAfter(store, 'counter-1', evolve, { total: 0 }, { revision: 0, state: { total: 1 } })).toEqual({
      state: { total: 7 },
      revision: 2,
    });
    expect(asked).toEqual([1]);
  });

  it('folds the whole stream without a kept state, and keeps the kept revision when nothing is newer', async () => {
    expect(await foldAfter(store, 'counter-1', evolve, { total: 0 })).toEqual({ state: { total: 7 }, revision: 2 });
    expect(await foldAfter(store, 'counter-1', evolve, { total: 0 }, { revision: 2, state: { total: 7 } })).toEqual({
      state: { total: 7 },
      revision: 2,
    });
  });

  it('keeps what it folded, so the next fold of the stream reads only what was appended since', async () => {
    asked.length = 0;
    const folds = new KeptFolds<FoldedAt<Counted>>(4);
    expect(await foldKept(folds, 'c1', store, 'counter-1', evolve, { total: 0 })).toEqual({ state: { total: 7 }, revision: 2 });
    expect(folds.get('c1')).toEqual({ revision: 2, state: { total: 7 } });
    await foldKept(folds, 'c1', store, 'counter-1', evolve, { total: 0 });
    expect(asked).toEqual([undefined, 3]);
  });

  it('keeps nothing for a stream with no event yet', async () => {
    const folds = new KeptFolds<FoldedAt<Counted>>(4);
    const empty = { readStream: async () => [] as never };
    expect(await foldKept(folds, 'c2', empty, 'counter-2', evolve, { total: 0 })).toEqual({ state: { total: 0 }, revision: undefined });
    expect(folds.get('c2')).toBeUndefined();
  });
});

describe('answers kept per revision and day', () => {
  it('works an answer out again only when the revision or the day has moved on', () => {
    const answers = new KeptAnswers<string>(4);
    let made = 0;
    const make = (text: string) => () => `${text} #${++made}`;
    expect(answers.answer('plan-1', 3, '2026-03-02', make('a'))).toBe('a #1');
    expect(answers.answer('plan-1', 3, '2026-03-02', make('b'))).toBe('a #1');
    expect(answers.answer('plan-1', 4, '2026-03-02', make('c'))).toBe('c #2');
    expect(answers.answer('plan-1', 4, '2026-03-03', make('d'))).toBe('d #3');
  });
});
