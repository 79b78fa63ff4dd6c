import { type EpisodeSummary } from './journey.js';
import { timelineLines } from './timeline-text.js';

const IOP = { edition: 3, code: '2.1' };
const PHP = { edition: 3, code: '2.5' };
const FIRST = '7f4a6f13-6277-538a-bbfd-d5b0918505e7';
const SECOND = '3d09af49-6882-51f5-a6ae-d89a2654ce63';

const discharged: EpisodeSummary = {
  episodeId: FIRST,
  status: 'discharged',
  startDate: '2026-09-07',
  disposition: 'completed',
  dischargeDate: '2026-10-16',
  timeline: [
    {
      level: IOP,
      siteId: 'site-north',
      from: '2026-09-07',
      to: '2026-09-16',
      began: { kind: 'opened' },
      ended: {
        kind: 'level-changed',
        direction: 'step-up',
        reason: { code: 'relapse' },
        evidence: [{ kind: 'drug-test', id: '235677d0-aaaa' }],
      },
    },
    {
      level: PHP,
      siteId: 'site-north',
      from: '2026-09-16',
      to: '2026-10-16',
      began: {
        kind: 'level-changed',
        direction: 'step-up',
        reason: { code: 'relapse' },
        evidence: [{ kind: 'drug-test', id: '235677d0-aaaa' }],
      },
      ended: { kind: 'discharged', disposition: 'completed' },
    },
  ],
};
const readmitted: EpisodeSummary = {
  episodeId: SECOND,
  status: 'open',
  startDate: '2026-11-18',
  previousEpisodeId: FIRST,
  timeline: [{ level: IOP, siteId: 'site-north', from: '2026-11-18', began: { kind: 'opened', previousEpisodeId: FIRST } }],
};

describe('the level-of-care timeline as the demo prints it', () => {
  it('gives each episode a heading and each stretch its level, site, dates and why it began and ended', () => {
    expect(timelineLines([discharged, readmitted])).toEqual([
      `episode ${FIRST} from 2026-09-07, discharged 2026-10-16 (completed)`,
      '  ASAM 3 2.1  site-north   2026-09-07 → 2026-09-16  began: admitted; ended: step-up, reason relapse (evidence drug-test 235677d0)',
      '  ASAM 3 2.5  site-north   2026-09-16 → 2026-10-16  began: step-up, reason relapse (evidence drug-test 235677d0); ended: discharged, completed',
      `episode ${SECOND} from 2026-11-18, open, follows ${FIRST}`,
      '  ASAM 3 2.1  site-north   2026-11-18 → …           began: admitted (readmission after 7f4a6f13); ended: current',
    ]);
  });

  it('names a site transfer and its reason', () => {
    const transferred: EpisodeSummary = {
      ...readmitted,
      previousEpisodeId: undefined,
      timeline: [
        {
          level: IOP,
          siteId: 'site-north',
          from: '2026-11-18',
          to: '2026-12-01',
          began: { kind: 'opened' },
          ended: { kind: 'site-transferred', reason: { code: 'client-moved' } },
        },
        { level: IOP, siteId: 'site-south', from: '2026-12-01', began: { kind: 'site-transferred', reason: { code: 'client-moved' } } },
      ],
    };
    expect(timelineLines([transferred]).slice(1)).toEqual([
      '  ASAM 3 2.1  site-north   2026-11-18 → 2026-12-01  began: admitted; ended: site transfer, reason client-moved',
      '  ASAM 3 2.1  site-south   2026-12-01 → …           began: site transfer, reason client-moved; ended: current',
    ]);
  });
});
