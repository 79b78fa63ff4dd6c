import { eventually } from './eventually.js';

describe('eventually', () => {
  it('answers what the probe found once it finds something', async () => {
    let calls = 0;
    const found = await eventually(async () => (++calls >= 3 ? { planId: 'plan-1' } : undefined), 'the plan');
    expect(found).toEqual({ planId: 'plan-1' });
    expect(calls).toBe(3);
  });

  it('takes a falsy answer other than undefined as found', async () => {
    expect(await eventually(async () => 0, 'a count')).toBe(0);
  });

  it('fails after the timeout, naming what it waited for', async () => {
    await expect(eventually(async () => undefined, 'the draft plan', 100)).rejects.toThrow(
      'timed out after 0.1 s waiting for the draft plan',
    );
  });
});
