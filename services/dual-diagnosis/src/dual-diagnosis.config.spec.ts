import { ConfigError } from '@continuum/platform';
import { dualDiagnosisServiceConfig, referralConfigOf } from './dual-diagnosis.config.js';

const load = (env: Record<string, string> = {}) => dualDiagnosisServiceConfig.load({ NODE_ENV: 'test', ...env });

describe('the dual-diagnosis configuration', () => {
  it('defaults to the deadlines of docs/domain/dual-diagnosis.md: emergent the same day, urgent 72 hours, routine 14 days, escalation every 24 hours', () => {
    const config = load();
    expect(config.PORT).toBe(3103);
    expect(referralConfigOf(config)).toMatchObject({
      due: { emergent: { kind: 'same-day' }, urgent: { kind: 'within-hours', hours: 72 }, routine: { kind: 'within-hours', hours: 336 } },
      escalateEveryHours: 24,
      disclosure: { purpose: 'TREAT', categories: ['diagnosis', 'screening-results'] },
    });
  });

  it("takes a network's own deadlines from the environment", () => {
    const config = load({ REFERRAL_URGENT_DUE_HOURS: '48', REFERRAL_ROUTINE_DUE_DAYS: '7', REFERRAL_ESCALATE_EVERY_HOURS: '12' });
    expect(referralConfigOf(config)).toMatchObject({ due: { urgent: { hours: 48 }, routine: { hours: 168 } }, escalateEveryHours: 12 });
  });

  it('refuses a deadline that is not a positive whole number, naming the variable', () => {
    expect(() => load({ REFERRAL_ROUTINE_DUE_DAYS: '0' })).toThrow(ConfigError);
    expect(() => load({ REFERRAL_ROUTINE_DUE_DAYS: '0' })).toThrow(/REFERRAL_ROUTINE_DUE_DAYS/);
  });
});
