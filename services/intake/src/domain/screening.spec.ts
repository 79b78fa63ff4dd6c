import {
  type ScreeningAnswers,
  InvalidScreeningAnswers,
  conditionsSuggestedBy,
  defaultScreeningConfig,
  scoreScreening,
  validateScreeningAnswers,
} from './screening.js';
import { cssrs, gad7, itemsSummingTo, phq9, yesAnswers } from './testing/intake-fixtures.js';

const score = (answers: ScreeningAnswers, config = defaultScreeningConfig) => scoreScreening(answers, config);
/** 0–3 answers summing to `total`, filled from the first item, up to every item at 3 (the fixture's builder keeps the last item at 0). */
const answersSummingTo = (total: number, count: number) => Array.from({ length: count }, (_, i) => Math.max(0, Math.min(3, total - 3 * i)));

describe('PHQ-9 (depression)', () => {
  it('computes the score as the sum of the nine answers', () => {
    expect(score(phq9([3, 3, 3, 3, 3, 3, 3, 3, 3])).score).toBe(27);
  });
  it('is not positive at 9', () => expect(score(phq9(itemsSummingTo(9, 9, 3))).positive).toBe(false));
  it('is positive at 10', () => expect(score(phq9(itemsSummingTo(10, 9, 3))).positive).toBe(true));
  it('needs a same-day follow-up when item 9 is answered above 0, even with a low total', () => {
    const outcome = score(phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(outcome).toMatchObject({ score: 1, positive: false, needsSameDayFollowUp: true });
  });
  it('needs no same-day follow-up when item 9 is 0, even with a high total', () => {
    expect(score(phq9([3, 3, 3, 3, 3, 3, 3, 3, 0])).needsSameDayFollowUp).toBe(false);
  });
  it("uses a site's own cutoff when the config sets one", () => {
    expect(score(phq9(itemsSummingTo(10, 9, 3)), { ...defaultScreeningConfig, phq9PositiveFrom: 15 }).positive).toBe(false);
  });
});

describe('PHQ-9 severity bands (Kroenke, Spitzer & Williams 2001)', () => {
  it.each([
    [0, 'none-minimal'],
    [4, 'none-minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('puts a score of %i in the %s band', (total, band) => {
    expect(score(phq9(answersSummingTo(total, 9)))).toMatchObject({ score: total, band });
  });
  it("follows a network's own band limits", () => {
    const config = { ...defaultScreeningConfig, phq9Bands: { ...defaultScreeningConfig.phq9Bands, severeFrom: 22 } };
    expect(score(phq9(itemsSummingTo(21, 9, 3)), config).band).toBe('moderately-severe');
  });
});

describe('GAD-7 (anxiety)', () => {
  it('is not positive at 9', () => expect(score(gad7(itemsSummingTo(9, 7, 3)))).toMatchObject({ score: 9, positive: false }));
  it('is positive at 10', () => expect(score(gad7(itemsSummingTo(10, 7, 3)))).toMatchObject({ score: 10, positive: true }));
});

describe('GAD-7 severity bands (Spitzer et al. 2006)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('puts a score of %i in the %s band', (total, band) => {
    expect(score(gad7(answersSummingTo(total, 7)))).toMatchObject({ score: total, band });
  });
  it('gives no severity band to instruments that have none', () => {
    expect(score(cssrs()).band).toBeUndefined();
    expect(score({ instrument: 'AUDIT-C', items: [4, 4, 4], sex: 'male' }).band).toBeUndefined();
  });
});

describe('PC-PTSD-5 (PTSD)', () => {
  const pcPtsd5 = (yes: number): ScreeningAnswers => ({ instrument: 'PC-PTSD-5', exposure: true, items: yesAnswers(yes, 5) });
  it('is not positive with 2 yes answers', () => expect(score(pcPtsd5(2))).toMatchObject({ score: 2, positive: false }));
  it('is positive with 3 yes answers', () => expect(score(pcPtsd5(3))).toMatchObject({ score: 3, positive: true }));
  it('needs 4 yes answers where the network sets the cutoff to 4', () => {
    const config = { ...defaultScreeningConfig, pcPtsd5PositiveFrom: 4 };
    expect(score(pcPtsd5(3), config).positive).toBe(false);
    expect(score(pcPtsd5(4), config).positive).toBe(true);
  });
  it('scores 0 and is not positive when the client reports no traumatic event', () => {
    expect(score({ instrument: 'PC-PTSD-5', exposure: false })).toMatchObject({ score: 0, positive: false, reportsTraumaExposure: false });
  });
  it('records reported trauma exposure even when the symptom screen is negative', () => {
    expect(score(pcPtsd5(0))).toMatchObject({ positive: false, reportsTraumaExposure: true });
  });
});

describe('MDQ (bipolar)', () => {
  const mdq = (
    yes: number,
    sameTimePeriod = true,
    impairment: 'none' | 'minor' | 'moderate' | 'serious' = 'moderate',
  ): ScreeningAnswers => ({
    instrument: 'MDQ',
    items: yesAnswers(yes, 13),
    sameTimePeriod,
    impairment,
  });
  it('is not positive with 6 yes answers', () => expect(score(mdq(6))).toMatchObject({ score: 6, positive: false }));
  it('is positive with 7 yes answers in one period and moderate impairment', () =>
    expect(score(mdq(7))).toMatchObject({ score: 7, positive: true }));
  it('is positive with serious impairment', () => expect(score(mdq(7, true, 'serious')).positive).toBe(true));
  it('is not positive when the symptoms did not happen in the same period', () => expect(score(mdq(13, false)).positive).toBe(false));
  it('is not positive with only minor impairment', () => expect(score(mdq(13, true, 'minor')).positive).toBe(false));
  it('is not positive with no impairment', () => expect(score(mdq(13, true, 'none')).positive).toBe(false));
});

describe('AUDIT-C (alcohol)', () => {
  const auditC = (total: number, sex: 'male' | 'female' | 'unspecified'): ScreeningAnswers => ({
    instrument: 'AUDIT-C',
    items: itemsSummingTo(total, 3, 4),
    sex,
  });
  it('is not positive for a man at 3', () => expect(score(auditC(3, 'male'))).toMatchObject({ score: 3, positive: false }));
  it('is positive for a man at 4', () => expect(score(auditC(4, 'male'))).toMatchObject({ score: 4, positive: true }));
  it('is not positive for a woman at 2', () => expect(score(auditC(2, 'female'))).toMatchObject({ score: 2, positive: false }));
  it('is positive for a woman at 3', () => expect(score(auditC(3, 'female'))).toMatchObject({ score: 3, positive: true }));
  it('uses the lower cutoff when sex is unspecified, so risk is not missed', () =>
    expect(score(auditC(3, 'unspecified')).positive).toBe(true));
  it('reaches 12 with every answer at 4', () => expect(score({ instrument: 'AUDIT-C', items: [4, 4, 4], sex: 'male' }).score).toBe(12));
});

describe('DAST-10 (drugs)', () => {
  // Item 3 is the reversed one: "no" scores. Answering it "yes" keeps these answers' score equal to the other yeses.
  const dast = (yesOutsideItem3: number): ScreeningAnswers => {
    const others = yesAnswers(yesOutsideItem3, 9);
    return { instrument: 'DAST-10', items: [others[0], others[1], true, ...others.slice(2)] };
  };
  it.each([
    [0, 'none', false],
    [1, 'low', false],
    [2, 'low', false],
    [3, 'moderate', true],
    [5, 'moderate', true],
    [6, 'substantial', true],
    [8, 'substantial', true],
  ])('scores %i as %s', (total, band, positive) => {
    expect(score(dast(total))).toMatchObject({ score: total, category: band, positive });
  });
  it('scores 9 and 10 as severe', () => {
    expect(score(dast(9))).toMatchObject({ score: 9, category: 'severe' });
    expect(score({ instrument: 'DAST-10', items: [true, true, false, true, true, true, true, true, true, true] })).toMatchObject({
      score: 10,
      category: 'severe',
    });
  });
  it('counts a "no" to item 3 (always able to stop) as a point, and a "yes" as none', () => {
    const allNo = new Array<boolean>(10).fill(false);
    expect(score({ instrument: 'DAST-10', items: allNo }).score).toBe(1);
    expect(score({ instrument: 'DAST-10', items: allNo.map((_, i) => i === 2) }).score).toBe(0);
  });
});

describe('C-SSRS screener (suicide risk)', () => {
  it('finds no risk when every answer is no', () => {
    expect(score(cssrs())).toMatchObject({ category: 'none', positive: false, hasImminentSuicideRisk: false });
  });
  it('rates a wish to be dead alone as low risk', () => {
    expect(score(cssrs({ q1: true }))).toMatchObject({ category: 'low', hasImminentSuicideRisk: false });
  });
  it('rates suicidal thoughts without method, intent or plan as low risk', () => {
    expect(score(cssrs({ q1: true, q2: true, q3: false, q4: false, q5: false })).category).toBe('low');
  });
  it('rates thoughts with a method as moderate risk', () => {
    expect(score(cssrs({ q2: true, q3: true, q4: false, q5: false }))).toMatchObject({
      category: 'moderate',
      hasImminentSuicideRisk: false,
    });
  });
  it('rates suicidal behaviour longer than three months ago as moderate risk', () => {
    expect(score(cssrs({ q6: true, q6WithinPastThreeMonths: false })).category).toBe('moderate');
  });
  it('rates intent to act (Q4) as imminent risk', () => {
    expect(score(cssrs({ q2: true, q3: false, q4: true, q5: false }))).toMatchObject({ category: 'high', hasImminentSuicideRisk: true });
  });
  it('rates a plan with intent (Q5) as imminent risk', () => {
    expect(score(cssrs({ q2: true, q3: false, q4: false, q5: true }))).toMatchObject({ category: 'high', hasImminentSuicideRisk: true });
  });
  it('rates suicidal behaviour within the past three months as imminent risk, even with no current thoughts', () => {
    expect(score(cssrs({ q6: true, q6WithinPastThreeMonths: true }))).toMatchObject({ category: 'high', hasImminentSuicideRisk: true });
  });
});

describe('validating answers', () => {
  it('names a wrong number of items', () => {
    expect(validateScreeningAnswers(phq9([1, 1, 1]))).toEqual([{ field: 'items', message: 'PHQ-9 has 9 items; got 3 answers' }]);
  });
  it('names every out-of-range or non-numeric answer with its item number', () => {
    const problems = validateScreeningAnswers(phq9([0, 4, 0, -1, 0, 0, 1.5, 0, 0]));
    expect(problems.map((p) => p.field)).toEqual(['items[1]', 'items[3]', 'items[6]']);
    expect(problems[0].message).toBe('PHQ-9 item 2 must be a whole number from 0 to 3; got 4');
  });
  it('refuses an AUDIT-C answer above 4 and a missing sex', () => {
    const problems = validateScreeningAnswers({ instrument: 'AUDIT-C', items: [5, 0, 0], sex: undefined as never });
    expect(problems.map((p) => p.field)).toEqual(['items[0]', 'sex']);
  });
  it('refuses yes/no instruments answered with numbers', () => {
    expect(validateScreeningAnswers({ instrument: 'DAST-10', items: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] as never }).length).toBe(10);
  });
  it('asks for the MDQ period and impairment questions', () => {
    const problems = validateScreeningAnswers({
      instrument: 'MDQ',
      items: yesAnswers(7, 13),
      sameTimePeriod: undefined as never,
      impairment: 'a lot' as never,
    });
    expect(problems.map((p) => p.field)).toEqual(['sameTimePeriod', 'impairment']);
  });
  it('asks for the PC-PTSD-5 items after a yes to exposure, and refuses them after a no', () => {
    expect(validateScreeningAnswers({ instrument: 'PC-PTSD-5', exposure: true }).map((p) => p.field)).toEqual(['items']);
    expect(validateScreeningAnswers({ instrument: 'PC-PTSD-5', exposure: false, items: yesAnswers(3, 5) }).map((p) => p.field)).toEqual([
      'items',
    ]);
  });
  it('asks for C-SSRS Q3 to Q5 after a yes to Q2', () => {
    expect(validateScreeningAnswers(cssrs({ q2: true })).map((p) => p.field)).toEqual(['answers.q3', 'answers.q4', 'answers.q5']);
  });
  it('refuses C-SSRS Q3 to Q5 after a no to Q2, since they are not asked', () => {
    expect(validateScreeningAnswers(cssrs({ q2: false, q4: true })).map((p) => p.field)).toEqual(['answers.q4']);
  });
  it('asks when the behaviour happened after a yes to Q6', () => {
    expect(validateScreeningAnswers(cssrs({ q6: true })).map((p) => p.field)).toEqual(['answers.q6WithinPastThreeMonths']);
  });
  it('names an unknown instrument and the ones it could be', () => {
    expect(validateScreeningAnswers({ instrument: 'PHQ-2' } as never)[0].message).toMatch(
      /unknown instrument "PHQ-2": use one of PHQ-9, GAD-7/,
    );
  });
  it('refuses to score invalid answers, carrying every problem', () => {
    expect(() => scoreScreening(gad7([9]))).toThrow(InvalidScreeningAnswers);
  });
});

describe('co-occurring conditions suggested by a screen', () => {
  it.each([
    ['PHQ-9', 'depression', phq9(itemsSummingTo(10, 9, 3))],
    ['GAD-7', 'anxiety', gad7(itemsSummingTo(10, 7, 3))],
    ['PC-PTSD-5', 'ptsd', { instrument: 'PC-PTSD-5', exposure: true, items: yesAnswers(3, 5) } as ScreeningAnswers],
    ['MDQ', 'bipolar', { instrument: 'MDQ', items: yesAnswers(7, 13), sameTimePeriod: true, impairment: 'serious' } as ScreeningAnswers],
  ])('a positive %s suggests %s', (_name, condition, answers) => {
    expect(conditionsSuggestedBy(score(answers))).toEqual([condition]);
  });
  it('reported trauma with a negative PTSD screen suggests trauma', () => {
    expect(conditionsSuggestedBy(score({ instrument: 'PC-PTSD-5', exposure: true, items: yesAnswers(1, 5) }))).toEqual(['trauma']);
  });
  it('a negative screen suggests nothing', () => {
    expect(conditionsSuggestedBy(score(phq9(itemsSummingTo(9, 9, 3))))).toEqual([]);
  });
  it('a positive AUDIT-C is substance use, not a co-occurring condition', () => {
    expect(conditionsSuggestedBy(score({ instrument: 'AUDIT-C', items: [4, 4, 4], sex: 'male' }))).toEqual([]);
  });
});
