import { scoreBarc10, validateBarc10 } from './barc10.js';
import { barc10Totalling } from './testing/aftercare-fixtures.js';

const STRONG_FROM = 47;

describe('BARC-10 scoring', () => {
  it('adds the ten answers', () => {
    expect(scoreBarc10([1, 2, 3, 4, 5, 6, 1, 2, 3, 4], STRONG_FROM).total).toBe(31);
  });

  it('ranges from 10 with every answer 1 to 60 with every answer 6', () => {
    expect(scoreBarc10(new Array(10).fill(1), STRONG_FROM)).toEqual({ total: 10, isStrongRecoveryCapital: false });
    expect(scoreBarc10(new Array(10).fill(6), STRONG_FROM)).toEqual({ total: 60, isStrongRecoveryCapital: true });
  });

  it('does not mark 46 as strong recovery capital', () => {
    expect(scoreBarc10(barc10Totalling(46), STRONG_FROM)).toEqual({ total: 46, isStrongRecoveryCapital: false });
  });

  it('marks 47 as strong recovery capital', () => {
    expect(scoreBarc10(barc10Totalling(47), STRONG_FROM)).toEqual({ total: 47, isStrongRecoveryCapital: true });
  });

  it("uses the network's cutoff", () => {
    expect(scoreBarc10(barc10Totalling(47), 50).isStrongRecoveryCapital).toBe(false);
  });

  it('never scores answers that failed validation', () => {
    expect(() => scoreBarc10([7, 1, 1, 1, 1, 1, 1, 1, 1, 1], STRONG_FROM)).toThrow(RangeError);
  });
});

describe('BARC-10 answers', () => {
  it('accepts ten whole answers from 1 to 6', () => {
    expect(validateBarc10([1, 6, 1, 6, 1, 6, 1, 6, 1, 6])).toEqual([]);
  });

  it('refuses an answer below 1 or above 6, naming its position', () => {
    expect(validateBarc10([0, 1, 1, 1, 1, 1, 1, 1, 1, 7]).map((p) => p.field)).toEqual(['barc10[0]', 'barc10[9]']);
  });

  it('refuses an answer that is not a whole number', () => {
    expect(validateBarc10([1, 2.5, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual([
      { field: 'barc10[1]', message: expect.stringMatching(/whole number from 1/) },
    ]);
  });

  it('refuses nine or eleven answers, and none at all', () => {
    for (const answers of [new Array(9).fill(3), new Array(11).fill(3), undefined]) {
      expect(validateBarc10(answers)).toEqual([{ field: 'barc10', message: 'give the 10 BARC-10 answers, each from 1 to 6' }]);
    }
  });
});
