import { describe, expect, it } from '@jest/globals';
import { KeptFolds } from './kept-folds.js';

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
