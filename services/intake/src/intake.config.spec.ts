import { intakeConfigOf, intakeServiceConfig } from './intake.config.js';

const settings = (env: Record<string, string> = {}) => intakeServiceConfig.load({ NODE_ENV: 'test', ...env });

describe("intake's settings", () => {
  it('defaults to the safety level 3.7 of the 3rd edition and a C-SSRS window of 24 hours', () => {
    expect(intakeConfigOf(settings()).safety).toEqual({
      safetyLevel: { edition: 3, code: '3.7' },
      cssrsValidForHours: 24,
      followUpDueHours: 8,
      followUpOwnerRole: 'clinician',
    });
  });

  it("takes the network's safety level in its edition, its C-SSRS window and the hours a safety follow-up has", () => {
    expect(
      intakeConfigOf(settings({ ASAM_EDITION: '4', SAFETY_LEVEL: '4.0', CSSRS_WINDOW_HOURS: '12', SAFETY_FOLLOW_UP_DUE_HOURS: '4' }))
        .safety,
    ).toMatchObject({
      safetyLevel: { edition: 4, code: '4.0' },
      cssrsValidForHours: 12,
      followUpDueHours: 4,
    });
  });

  it("recommends the levels of the network's edition, and sends withdrawal where the network says", () => {
    expect(intakeConfigOf(settings()).placement).toMatchObject({
      withdrawalManagement: 'medically-monitored',
      levels: { outpatient: { edition: 3, code: '1' }, medicallyManaged: { edition: 3, code: '4' } },
    });
    expect(
      intakeConfigOf(settings({ ASAM_EDITION: '4', SAFETY_LEVEL: '3.7', WITHDRAWAL_MANAGEMENT: 'medically-managed' })).placement,
    ).toMatchObject({
      withdrawalManagement: 'medically-managed',
      levels: {
        outpatient: { edition: 4, code: '1.5' },
        partialHospitalisation: { edition: 4, code: '2.5' },
        medicallyManaged: { edition: 4, code: '4.0' },
      },
    });
  });

  it('refuses to start with a safety level its edition does not have, naming the variable', () => {
    expect(() => intakeConfigOf(settings({ ASAM_EDITION: '4', SAFETY_LEVEL: '4' }))).toThrow(
      /SAFETY_LEVEL: level 4 is not in the ASAM 4th edition/,
    );
  });

  it("takes who signs a minor's consent from the network's state rule: minor and guardian unless it says the minor alone (42 CFR 2.14)", () => {
    expect(intakeConfigOf(settings()).consent.minorRule).toBe('minor-and-guardian');
    expect(intakeConfigOf(settings({ CONSENT_MINOR_RULE: 'minor-alone' })).consent.minorRule).toBe('minor-alone');
    expect(() => settings({ CONSENT_MINOR_RULE: 'guardian-alone' })).toThrow(/CONSENT_MINOR_RULE/);
  });

  it('refuses a C-SSRS window of no hours', () => {
    expect(() => settings({ CSSRS_WINDOW_HOURS: '0' })).toThrow(/CSSRS_WINDOW_HOURS/);
  });
});
