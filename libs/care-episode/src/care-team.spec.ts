import { replacesHeldTeam } from './care-team.js';

describe('a copy of a care team', () => {
  const held = { changedAt: '2026-03-02T10:00:00.000Z' };

  it('takes the first team told', () => {
    expect(replacesHeldTeam(held, undefined)).toBe(true);
  });

  it('takes a team changed later than the one held', () => {
    expect(replacesHeldTeam({ changedAt: '2026-03-02T10:00:00.001Z' }, held)).toBe(true);
  });

  it('keeps the team held against one changed at the same instant (a redelivery) or earlier (delivered late)', () => {
    expect(replacesHeldTeam({ changedAt: held.changedAt }, held)).toBe(false);
    expect(replacesHeldTeam({ changedAt: '2026-03-02T09:59:59.999Z' }, held)).toBe(false);
  });
});
