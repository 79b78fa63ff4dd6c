import { type EpisodeEvent } from './episode.js';
import { type LevelOfCare } from './levels.js';
import { timeline } from './timeline.js';

const IOP: LevelOfCare = { edition: 3, code: '2.1' };
const RESIDENTIAL: LevelOfCare = { edition: 3, code: '3.5' };
const clinician = { userId: 'user-clinician-1', role: 'clinician' };

const opened: EpisodeEvent = {
  type: 'EpisodeOpened',
  data: {
    episodeId: 'episode-2',
    clientId: 'client-1',
    level: IOP,
    siteId: 'site-north',
    programmeId: 'iop-adult',
    openedBy: clinician,
    assessmentId: 'assessment-1',
    admissionId: 'admission-1',
    startDate: '2026-01-05',
    previousEpisodeId: 'episode-1',
  },
};
const steppedUp: EpisodeEvent = {
  type: 'LevelOfCareChanged',
  data: {
    episodeId: 'episode-2',
    from: IOP,
    to: RESIDENTIAL,
    direction: 'step-up',
    reason: { code: 'relapse' },
    evidence: [{ kind: 'drug-test', id: 'drug-test-9' }],
    decidedBy: clinician,
    effectiveDate: '2026-01-12',
  },
};
const authorized: EpisodeEvent = {
  type: 'AuthorizedLevelRecorded',
  data: {
    episodeId: 'episode-2',
    level: RESIDENTIAL,
    amount: { quantity: 14, unit: 'days' },
    throughDate: '2026-01-26',
    payerReference: 'payer-auth-1',
    recordedBy: clinician,
    recordedOn: '2026-01-13',
  },
};
const transferred: EpisodeEvent = {
  type: 'SiteTransferred',
  data: {
    episodeId: 'episode-2',
    fromSiteId: 'site-north',
    toSiteId: 'site-south',
    reason: { code: 'programme-availability' },
    decidedBy: clinician,
    effectiveDate: '2026-01-20',
  },
};
const discharged: EpisodeEvent = {
  type: 'EpisodeDischarged',
  data: { episodeId: 'episode-2', disposition: 'completed', dischargeSummaryRef: 'summary-5', dischargedBy: clinician, date: '2026-03-01' },
};

describe('the level-of-care timeline', () => {
  it('shows a just-opened episode as one current segment that began with the admission', () => {
    expect(timeline([opened])).toEqual([
      {
        level: IOP,
        siteId: 'site-north',
        from: '2026-01-05',
        began: { kind: 'opened', assessmentId: 'assessment-1', admissionId: 'admission-1', previousEpisodeId: 'episode-1' },
      },
    ]);
  });

  it('ends a segment at a level change and starts the next one with its direction, reason and evidence', () => {
    const [iop, residential] = timeline([opened, steppedUp]);
    const boundary = {
      kind: 'level-changed',
      direction: 'step-up',
      reason: { code: 'relapse' },
      evidence: [{ kind: 'drug-test', id: 'drug-test-9' }],
    };
    expect(iop).toMatchObject({ level: IOP, from: '2026-01-05', to: '2026-01-12', ended: boundary });
    expect(residential).toMatchObject({ level: RESIDENTIAL, siteId: 'site-north', from: '2026-01-12', began: boundary });
    expect(residential?.to).toBeUndefined();
  });

  it('starts a new segment at the same level when the episode moves to another site', () => {
    const segments = timeline([opened, steppedUp, transferred]);
    expect(segments).toHaveLength(3);
    expect(segments[2]).toMatchObject({
      level: RESIDENTIAL,
      siteId: 'site-south',
      from: '2026-01-20',
      began: { kind: 'site-transferred', fromSiteId: 'site-north', toSiteId: 'site-south', reason: { code: 'programme-availability' } },
    });
  });

  it('does not start a segment for a payer authorisation, which never moves the clinical level', () => {
    expect(timeline([opened, steppedUp, authorized])).toHaveLength(2);
  });

  it('closes the last segment at discharge with its disposition', () => {
    const segments = timeline([opened, steppedUp, transferred, discharged]);
    expect(segments.map(({ level, siteId, from, to }) => ({ code: level.code, siteId, from, to }))).toEqual([
      { code: '2.1', siteId: 'site-north', from: '2026-01-05', to: '2026-01-12' },
      { code: '3.5', siteId: 'site-north', from: '2026-01-12', to: '2026-01-20' },
      { code: '3.5', siteId: 'site-south', from: '2026-01-20', to: '2026-03-01' },
    ]);
    expect(segments[2]?.ended).toEqual({ kind: 'discharged', disposition: 'completed', dischargeSummaryRef: 'summary-5' });
  });

  it('is empty for a stream that never opened', () => {
    expect(timeline([steppedUp, discharged])).toEqual([]);
  });
});
