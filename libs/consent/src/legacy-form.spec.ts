import { expiryEventOfLegacyForm, purposesOfLegacyForm } from './legacy-form.js';

// Consents on the form used before 2024, read the same way by every service.

describe('the form used before the 2024 rule', () => {
  it('reads its purposes as HL7 v3 codes and drops one with no counterpart', () => {
    expect(purposesOfLegacyForm(['treatment', 'payment', 'health-care-operations', 'care-coordination', 'research'])).toEqual([
      'TREAT',
      'HPAYMT',
      'HOPERAT',
      'COC',
    ]);
    expect(purposesOfLegacyForm(['constructor', 'toString'])).toEqual([]);
  });

  it('reads its expiry event from the words, and as discharge when they name none or are not at hand', () => {
    expect(expiryEventOfLegacyForm('End of aftercare')).toBe('end-of-aftercare');
    expect(expiryEventOfLegacyForm('Upon discharge')).toBe('discharge');
    expect(expiryEventOfLegacyForm('When treatment ends')).toBe('end-of-treatment');
    expect(expiryEventOfLegacyForm('end of treatment')).toBe('end-of-treatment');
    expect(expiryEventOfLegacyForm('when the court case closes')).toBe('discharge');
    expect(expiryEventOfLegacyForm()).toBe('discharge');
  });
});
