import { episodeTimelines } from './level-timeline.js';
import { CLIENT, EPISODE, IOP, READMISSION, RESIDENTIAL, journeyOfOneClient } from './testing/recorded-history.js';

describe("a client's level-of-care timeline", () => {
  const { events } = journeyOfOneClient();
  const ofClient = events.filter((event) => event.metadata.clientId === CLIENT);
  const [first, second] = episodeTimelines(ofClient, '2026-06-15');

  it('gives each episode its segments: level, site, from, to, and why each began and ended', () => {
    expect(first).toMatchObject({ episodeId: EPISODE, status: 'discharged', disposition: 'completed' });
    expect(first!.segments.map(({ level, siteId, from, to }) => ({ level, siteId, from, to }))).toEqual([
      { level: IOP, siteId: 'site-north', from: '2026-03-02', to: '2026-03-10' },
      { level: RESIDENTIAL, siteId: 'site-north', from: '2026-03-10', to: '2026-03-20' },
      { level: RESIDENTIAL, siteId: 'site-south', from: '2026-03-20', to: '2026-04-06' },
      { level: IOP, siteId: 'site-south', from: '2026-04-06', to: '2026-05-01' },
    ]);
    expect(first!.segments[1]).toMatchObject({
      began: {
        kind: 'level-changed',
        direction: 'step-up',
        reason: { code: 'relapse' },
        evidence: [{ kind: 'drug-test', id: 'drug-test-9' }],
      },
      ended: { kind: 'site-transferred', toSiteId: 'site-south' },
    });
    expect(first!.segments[3]!.ended).toEqual({ kind: 'discharged', disposition: 'completed', dischargeSummaryRef: 'summary-1' });
  });

  it('shows authorised against clinical level for each segment: covered, then residential on an IOP authorisation, then expired', () => {
    const variances = first!.segments.map((segment) => segment.authorizationVariance);
    expect(variances[0]).toEqual([]);
    expect(variances[1]).toEqual([{ kind: 'level-differs', clinicalLevel: RESIDENTIAL, authorizedLevel: IOP }]);
    expect(variances[3]).toEqual([{ kind: 'expired', throughDate: '2026-03-31', asOf: '2026-05-01' }]);
    expect(first!.segments[0]!.authorization).toMatchObject({ level: IOP, payerReference: 'payer-auth-1' });
  });

  it('shows the readmission as its own open episode, its current segment judged today, with no authorisation yet', () => {
    expect(second).toMatchObject({ episodeId: READMISSION, status: 'open' });
    expect(second!.segments).toEqual([
      expect.objectContaining({
        level: IOP,
        siteId: 'site-south',
        from: '2026-06-01',
        began: expect.objectContaining({ previousEpisodeId: EPISODE }),
        authorizationVariance: [{ kind: 'no-authorization' }],
      }),
    ]);
    expect(second!.segments[0]!.to).toBeUndefined();
    expect(second!.lastEvent.type).toBe('EpisodeOpened');
  });
});
