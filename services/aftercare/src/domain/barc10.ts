import { type ValidationProblem } from './validation.js';

// BARC-10, the Brief Assessment of Recovery Capital: ten statements the client rates from 1
// (strongly disagree) to 6 (strongly agree). Continuum adds the answers itself and never
// accepts a total from the caller (as with intake's screenings).

export const BARC10_ITEM_COUNT = 10;
export const BARC10_ITEM_MIN = 1;
export const BARC10_ITEM_MAX = 6;

/** Ten answers, 1–6 each, in the instrument's order. */
export type Barc10Answers = readonly number[];

export type Barc10Score = {
  /** 10–60. */
  total: number;
  /** The total reaches the network's cutoff (47 by default). */
  isStrongRecoveryCapital: boolean;
};

/** Every answer that cannot be scored, named by its position. */
export function validateBarc10(answers: unknown, field = 'barc10'): ValidationProblem[] {
  if (!Array.isArray(answers) || answers.length !== BARC10_ITEM_COUNT) {
    return [{ field, message: `give the ${BARC10_ITEM_COUNT} BARC-10 answers, each from ${BARC10_ITEM_MIN} to ${BARC10_ITEM_MAX}` }];
  }
  const problems: ValidationProblem[] = [];
  answers.forEach((answer, index) => {
    if (!Number.isInteger(answer) || answer < BARC10_ITEM_MIN || answer > BARC10_ITEM_MAX) {
      problems.push({
        field: `${field}[${index}]`,
        message: `answer ${index + 1} must be a whole number from ${BARC10_ITEM_MIN} (strongly disagree) to ${BARC10_ITEM_MAX} (strongly agree)`,
      });
    }
  });
  return problems;
}

/** The total of valid answers (check them with `validateBarc10` first) and whether it marks strong recovery capital. */
export function scoreBarc10(answers: Barc10Answers, strongFrom: number): Barc10Score {
  if (validateBarc10(answers).length > 0) throw new RangeError('BARC-10 answers must be validated before scoring');
  const total = answers.reduce((sum, answer) => sum + answer, 0);
  return { total, isStrongRecoveryCapital: total >= strongFrom };
}
