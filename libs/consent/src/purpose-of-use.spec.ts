import { isTreatmentPaymentOrOperations, purposeCovers, tpoFamilyOf } from './purpose-of-use.js';

// HL7 v3 PurposeOfUse codes: a consent's purpose covers its specialisations, never the reverse.

describe('purposes of use', () => {
  it('a consent for payment covers a coverage authorisation, and not the other way round', () => {
    expect(purposeCovers('HPAYMT', 'COVAUTH')).toBe(true);
    expect(purposeCovers('COVAUTH', 'HPAYMT')).toBe(false);
  });

  it('a consent for treatment covers emergency treatment and coordination of care, not payment', () => {
    expect(purposeCovers('TREAT', 'ETREAT')).toBe(true);
    expect(purposeCovers('TREAT', 'COC')).toBe(true);
    expect(purposeCovers('TREAT', 'HPAYMT')).toBe(false);
  });

  it('legal purposes are never part of treatment, payment and operations (42 CFR 2.12(d))', () => {
    expect(isTreatmentPaymentOrOperations('HLEGAL')).toBe(false);
    expect(purposeCovers('HOPERAT', 'HLEGAL')).toBe(false);
  });

  it('each code belongs to its family', () => {
    expect([tpoFamilyOf('ELIGVER'), tpoFamilyOf('HQUALIMP'), tpoFamilyOf('CAREMGT'), tpoFamilyOf('PATRQT')]).toEqual([
      'HPAYMT',
      'HOPERAT',
      'HOPERAT',
      null,
    ]);
  });
});
