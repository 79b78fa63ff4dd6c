import { intakeConfigOf, intakeServiceConfig } from './intake.config.js';

const settings = (env: Record<string, string> = {}) => intakeServiceConfig.load({ NODE_ENV: 'test', ...env });

describe("intake's settings", () => {
  it('defaults to the safety level 3.7 of the 3rd edition and a C-SSRS window of 24 hours', () => {
    expect(intakeConfigOf(settings()).safety).toEqual({ safetyLevel: { edition: 3, code: '3.7' }, cssrsValidForHours: 24 });
  });

  it("takes the network's safety level in its edition and its C-SSRS window", () => {
    expect(intakeConfigOf(settings({ ASAM_EDITION: '4', SAFETY_LEVEL: '4.0', CSSRS_WINDOW_HOURS: '12' })).safety).toEqual({
      safetyLevel: { edition: 4, code: '4.0' },
      cssrsValidForHours: 12,
    });
  });

  it('refuses to start with a safety level its edition does not have, naming the variable', () => {
    expect(() => intakeConfigOf(settings({ ASAM_EDITION: '4', SAFETY_LEVEL: '4' }))).toThrow(/SAFETY_LEVEL: level 4 is not in the ASAM 4th edition/);
  });

  it('refuses a C-SSRS window of no hours', () => {
    expect(() => settings({ CSSRS_WINDOW_HOURS: '0' })).toThrow(/CSSRS_WINDOW_HOURS/);
  });
});
