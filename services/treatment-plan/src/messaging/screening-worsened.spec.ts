import { screeningWorsened } from '../testing/fixtures.js';
import { screeningWorsenedProblems } from './screening-worsened.js';

// Intake's ScreeningWorsened v1 as treatment-plan reads it: the contract in libs/contracts is
// checked, and a problem never repeats a value.

const CLIENT = '9d2f6c1e-7b3a-4c5d-8e9f-a0b1c2d3e4f5';

describe("intake's ScreeningWorsened, as treatment-plan reads it", () => {
  it('accepts the agreed shape, with and without the optional band and previous figures', () => {
    expect(screeningWorsenedProblems(screeningWorsened(CLIENT))).toEqual([]);
    expect(
      screeningWorsenedProblems(
        screeningWorsened(CLIENT, {
          instrument: 'C-SSRS',
          score: 2,
          band: undefined,
          previousScore: undefined,
          previousBand: undefined,
          reasons: ['new-suicide-risk'],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a field the contract does not have, naming the field only', () => {
    const event = screeningWorsened(CLIENT);
    const problems = screeningWorsenedProblems({ ...event, data: { ...event.data, trend: 'Jane felt worse' } });
    expect(problems).toEqual([expect.stringMatching(/^data\.trend: is not part of the contract/)]);
    expect(problems.join(' ')).not.toMatch(/Jane/);
  });

  it('names each field it reads that is missing or of the wrong shape, without repeating values', () => {
    const event = screeningWorsened(CLIENT);
    const problems = screeningWorsenedProblems({
      ...event,
      data: { ...event.data, screeningId: 'Jane Example', score: 16.5, reasons: ['felt-worse'], recordedAt: undefined },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'data.screeningId: expected a UUID, e.g. 0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b',
        'data.score: expected a whole number',
        'data.reasons[0]: expected one of score-up, band-up, new-suicide-risk',
        'data.recordedAt: is required',
      ]),
    );
    expect(problems.join(' ')).not.toMatch(/Jane|felt-worse|16\.5/);
  });

  it("refuses an empty list of reasons, another version, another publisher, or another client than the envelope's", () => {
    const event = screeningWorsened(CLIENT);
    expect(screeningWorsenedProblems({ ...event, data: { ...event.data, reasons: [] } })).toEqual([
      'data.reasons: expected at least 1 item(s)',
    ]);
    expect(screeningWorsenedProblems({ ...event, schemaVersion: 2 })).toEqual([
      'schemaVersion: treatment-plan reads ScreeningWorsened version 1 only',
    ]);
    expect(screeningWorsenedProblems({ ...event, source: 'aftercare' })).toEqual(['source: ScreeningWorsened is published only by intake']);
    expect(screeningWorsenedProblems({ ...event, clientId: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d' })).toEqual([
      "data.clientId: must equal the envelope's clientId (the partition key and the payload name the same client)",
    ]);
  });
});
