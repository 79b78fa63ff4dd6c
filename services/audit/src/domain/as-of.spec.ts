import { asOf } from './as-of.js';
import { CLIENT, EPISODE, IOP, READMISSION, RESIDENTIAL, firstOf, journeyOfOneClient } from './testing/recorded-history.js';

describe('the client as of an instant', () => {
  const { events } = journeyOfOneClient();
  const justAfter = (type: string) => firstOf(events, type).recordedAt;

  it('knows nothing before the first event about the client, and says it used none', () => {
    const answer = asOf(CLIENT, '2026-01-01T00:00:00Z', events);
    expect(answer).toMatchObject({ lastEventUsed: null, eventsUsed: 0, levelOfCare: null, episode: null, plan: null, referrals: [] });
  });

  it('shows the admission level, an unauthorised stay and a draft plan just after the episode opened', () => {
    const answer = asOf(CLIENT, justAfter('PlanDrafted'), events);
    expect(answer.levelOfCare).toEqual(IOP);
    expect(answer.episode).toMatchObject({
      episodeId: EPISODE,
      status: 'open',
      siteId: 'site-north',
      authorizationVariance: [{ kind: 'no-authorization' }],
    });
    expect(answer.plan).toMatchObject({ id: EPISODE, facts: { status: 'draft' } });
    expect(answer.lastEventUsed).toMatchObject({ type: 'PlanDrafted', eventId: firstOf(events, 'PlanDrafted').eventId });
  });

  it('shows the step-up to residential with the payer still authorising IOP, and the referral not yet sent', () => {
    const answer = asOf(CLIENT, justAfter('ReferralOpened'), events);
    expect(answer.levelOfCare).toEqual(RESIDENTIAL);
    expect(answer.episode?.authorizationVariance).toEqual([{ kind: 'level-differs', clinicalLevel: RESIDENTIAL, authorizedLevel: IOP }]);
    expect(answer.plan?.facts).toMatchObject({ status: 'active', relapseId: 'relapse-1' });
    expect(answer.referrals).toEqual([expect.objectContaining({ id: 'referral-7', status: 'requested' })]);
    expect(answer.lastEventUsed?.type).toBe('ReferralOpened');
  });

  it('ignores events recorded after the instant, even when they are about the same episode', () => {
    const beforeTransfer = asOf(CLIENT, justAfter('ReferralSent'), events);
    expect(beforeTransfer.siteId).toBe('site-north');
    expect(beforeTransfer.episode?.siteId).toBe('site-north');
    expect(beforeTransfer.referrals[0]).toMatchObject({ status: 'sent', facts: { providerId: 'provider-3' } });
    const afterTransfer = asOf(CLIENT, justAfter('SiteTransferred'), events);
    expect(afterTransfer.episode?.siteId).toBe('site-south');
  });

  it('shows no level of care between discharge and readmission, and the discharged episode with its disposition', () => {
    const answer = asOf(CLIENT, justAfter('AftercarePlanCreated'), events);
    expect(answer.levelOfCare).toBeNull();
    expect(answer.episode).toMatchObject({
      episodeId: EPISODE,
      status: 'discharged',
      disposition: 'completed',
      dischargeDate: '2026-05-01',
    });
    expect(answer.aftercarePlans).toEqual([expect.objectContaining({ id: EPISODE })]);
  });

  it('follows the readmission: the new episode is the current one and links the previous', () => {
    const answer = asOf(CLIENT, events.at(-1)!.recordedAt, events);
    expect(answer.episodes.map((episode) => episode.episodeId)).toEqual([EPISODE, READMISSION]);
    expect(answer.episode).toMatchObject({ episodeId: READMISSION, status: 'open', previousEpisodeId: EPISODE });
    expect(answer.levelOfCare).toEqual(IOP);
    // The plan of the current episode is asked for; none has been drafted for the readmission yet.
    expect(answer.plan?.id).toBe(EPISODE);
    expect(answer.eventsUsed).toBe(events.filter((event) => event.metadata.clientId === CLIENT).length);
  });

  it('refuses an instant that is not one, saying how to write it', () => {
    expect(() => asOf(CLIENT, 'last tuesday', events)).toThrow(/ISO 8601/);
  });
});
