import { type ConsentForm, type ConsentStatement, requiredStatements, validateConsent } from './consent.js';
import { POLICY, TEXTS, namedForm, tpoForm } from './testing/fixtures.js';

// 42 CFR 2.31 as amended in 2024: every element and required statement, each missing one named
// with its citation (docs/domain/part-2-consent-rule.md#a-valid-consent).

const NOW = new Date('2026-01-15T09:00:00.000Z');
const problemsOf = (form: ConsentForm) => validateConsent(form, POLICY, NOW);
const elementsOf = (form: ConsentForm) => problemsOf(form).map((p) => `${p.element} ${p.citation}`);

describe('a Part 2 consent form (42 CFR 2.31)', () => {
  it('given a complete single TPO consent, then it has no problems', () => {
    expect(problemsOf(tpoForm())).toEqual([]);
  });

  it('given a complete consent naming a provider until discharge, then it has no problems', () => {
    expect(problemsOf(namedForm())).toEqual([]);
  });

  describe('when an element is missing, it is named with its citation', () => {
    it.each<[string, Partial<ConsentForm>, string]>([
      ["the client's name", { clientName: ' ' }, 'client-name 42 CFR 2.31(a)(1)'],
      ['who may disclose', { disclosingParty: '' }, 'disclosing-party 42 CFR 2.31(a)(2)'],
      [
        'the description of the information',
        { information: { description: '', categories: ['diagnosis'] } },
        'information 42 CFR 2.31(a)(3)',
      ],
      ['the categories of information', { information: { description: 'diagnosis', categories: [] } }, 'information 42 CFR 2.31(a)(3)'],
      ['the recipients', { recipients: [] }, 'recipients 42 CFR 2.31(a)(4)(i)'],
      ['the purpose as written', { purposeDescription: '' }, 'purpose 42 CFR 2.31(a)(5)'],
      ['the expiry', { expiry: undefined as unknown as ConsentForm['expiry'] }, 'expiry 42 CFR 2.31(a)(7)'],
      ['the signature', { signers: [] }, 'signature 42 CFR 2.31(a)(8), 2.15'],
      ['the date of signature', { signedOn: '15/01/2026' }, 'signature-date 42 CFR 2.31(a)(9)'],
    ])('without %s', (_what, changes, expected) => {
      expect(elementsOf(tpoForm(changes))).toEqual([expected]);
    });

    it('without the purpose codes (on a consent naming its recipient)', () => {
      expect(elementsOf(namedForm({ purposes: [] }))).toEqual(['purpose 42 CFR 2.31(a)(5)']);
    });

    it('then every missing element is named at once, in the order of the regulation', () => {
      const form = tpoForm({ clientName: '', disclosingParty: '', signedOn: '' });
      expect(elementsOf(form)).toEqual([
        'client-name 42 CFR 2.31(a)(1)',
        'disclosing-party 42 CFR 2.31(a)(2)',
        'signature-date 42 CFR 2.31(a)(9)',
      ]);
    });
  });

  it('refuses a blanket description of the information ("all records")', () => {
    const problems = problemsOf(tpoForm({ information: { description: 'All records', categories: ['diagnosis'] } }));
    expect(problems).toEqual([expect.objectContaining({ element: 'information', message: expect.stringMatching(/not specific/) })]);
  });

  describe('when a required statement is missing, it is named with its citation and the network text', () => {
    it.each<[ConsentStatement, string]>([
      ['revocation', '42 CFR 2.31(a)(6)'],
      ['treatment-not-conditioned', '42 CFR 2.31(a)(10)(ii), 2.31(b)(3)'],
      ['hipaa-redisclosure', '42 CFR 2.31(a)(4)(iii)'],
      ['redisclosure-potential', '42 CFR 2.31(a)(10)(i)'],
    ])('on a TPO consent to covered entities, without the %s statement', (statement, citation) => {
      const statements = { ...tpoForm().statements, [statement]: '' };
      expect(problemsOf(tpoForm({ statements }))).toEqual([
        { element: statement, citation, message: expect.stringContaining(TEXTS[statement]) },
      ]);
    });

    it('a consent for another purpose to a named recipient that is not a covered entity needs only the revocation and conditioning statements', () => {
      const form = namedForm({ purposes: ['PATRQT'], purposeDescription: 'at the request of the patient', statements: {} });
      expect(requiredStatements(form, POLICY).map((s) => s.statement)).toEqual(['revocation', 'treatment-not-conditioned']);
      expect(elementsOf(form)).toEqual(['revocation 42 CFR 2.31(a)(6)', 'treatment-not-conditioned 42 CFR 2.31(a)(10)(ii), 2.31(b)(3)']);
    });

    it('a TPO consent to a named covered entity needs the HIPAA redisclosure statement', () => {
      const form = namedForm({
        recipients: [{ kind: 'named', recipientId: 'plan-1', name: 'Blue Plan', coveredEntity: true }],
        purposes: ['HPAYMT'],
      });
      expect(elementsOf(form)).toEqual(['hipaa-redisclosure 42 CFR 2.31(a)(4)(iii)']);
    });

    it('the texts are the network’s own', () => {
      const policy = { ...POLICY, statementTexts: { ...TEXTS, revocation: 'Write to the privacy officer to revoke.' } };
      expect(requiredStatements(tpoForm(), policy).find((s) => s.statement === 'revocation')?.text).toBe(
        'Write to the privacy officer to revoke.',
      );
    });
  });

  describe('recipients', () => {
    it('allows "my treating providers" on a single consent for treatment, payment and operations (2.31(a)(4)(i))', () => {
      expect(problemsOf(tpoForm({ recipients: [{ kind: 'general', designation: 'treating-providers' }] }))).toEqual([]);
    });

    it('refuses a general designation when any purpose is not treatment, payment or operations', () => {
      const form = tpoForm({ purposes: ['TREAT', 'HLEGAL'] });
      expect(problemsOf(form).filter((p) => p.element === 'recipients')).toEqual([
        expect.objectContaining({
          citation: '42 CFR 2.31(a)(4)(i)',
          message: expect.stringMatching(/recipient 1: a general designation is allowed only/),
        }),
        expect.objectContaining({ citation: '42 CFR 2.31(a)(4)(i)', message: expect.stringMatching(/recipient 2/) }),
      ]);
    });

    it('accepts an intermediary with named participants or participants with a treating provider relationship (2.31(a)(4)(ii))', () => {
      const named = tpoForm({
        recipients: [
          { kind: 'intermediary', intermediaryId: 'hie-1', name: 'State HIE', participants: { kind: 'named', participantIds: ['p-1'] } },
        ],
      });
      const treating = tpoForm({
        recipients: [{ kind: 'intermediary', intermediaryId: 'hie-1', name: 'State HIE', participants: { kind: 'treating-providers' } }],
      });
      expect(problemsOf(named)).toEqual([]);
      expect(problemsOf(treating)).toEqual([]);
    });

    it('refuses an intermediary without its participants', () => {
      const form = tpoForm({
        recipients: [
          { kind: 'intermediary', intermediaryId: 'hie-1', name: 'State HIE', participants: { kind: 'named', participantIds: [] } },
        ],
      });
      expect(elementsOf(form)).toEqual(['recipients 42 CFR 2.31(a)(4)(ii)']);
    });
  });

  describe('expiry', () => {
    it('accepts "none" only on a TPO consent (2.31(a)(7))', () => {
      expect(problemsOf(tpoForm({ expiry: { kind: 'none' } }))).toEqual([]);
      expect(elementsOf(namedForm({ purposes: ['PATRQT'], expiry: { kind: 'none' } }))).toEqual(['expiry 42 CFR 2.31(a)(7)']);
    });

    it('accepts a date after today and after the signature, and refuses one on or before today', () => {
      expect(problemsOf(tpoForm({ expiry: { kind: 'date', expiresOn: '2026-01-16' } }))).toEqual([]);
      expect(elementsOf(tpoForm({ expiry: { kind: 'date', expiresOn: '2026-01-15' } }))).toEqual(['expiry 42 CFR 2.31(a)(7)']);
    });

    it('needs an event from the list and its description as written', () => {
      expect(elementsOf(tpoForm({ expiry: { kind: 'event', event: 'discharge', description: '' } }))).toEqual(['expiry 42 CFR 2.31(a)(7)']);
      expect(elementsOf(tpoForm({ expiry: { kind: 'event', event: 'sunset' as 'discharge', description: 'sunset' } }))).toEqual([
        'expiry 42 CFR 2.31(a)(7)',
      ]);
    });
  });

  describe('SUD counselling notes (2.31(b))', () => {
    it('accept a consent of their own', () => {
      expect(
        problemsOf(namedForm({ information: { description: 'counselling session notes', categories: ['sud-counselling-notes'] } })),
      ).toEqual([]);
    });

    it('refuse a consent combining them with other records', () => {
      const form = namedForm({ information: { description: 'notes and diagnosis', categories: ['sud-counselling-notes', 'diagnosis'] } });
      expect(elementsOf(form)).toEqual(['information 42 CFR 2.31(b)(2)']);
    });
  });

  describe('signatures and minors (2.14) under the network’s state rule', () => {
    const minor = (signers: ConsentForm['signers']) => tpoForm({ clientIsMinor: true, signers });
    const guardian = { role: 'guardian' as const, name: 'Pat Example', authority: 'parent' };
    const client = { role: 'client' as const, name: 'Alex Example' };
    const alone = { ...POLICY, minorRule: 'minor-alone' as const };

    it('where a minor may consent alone, the minor’s signature suffices', () => {
      expect(validateConsent(minor([client]), alone, NOW)).toEqual([]);
    });

    it('where a minor may consent alone, a guardian cannot sign instead', () => {
      expect(validateConsent(minor([guardian]), alone, NOW).map((p) => p.citation)).toEqual(['42 CFR 2.14']);
    });

    it('where state law needs a guardian, both sign', () => {
      expect(problemsOf(minor([client, guardian]))).toEqual([]);
      expect(elementsOf(minor([client]))).toEqual(['signature 42 CFR 2.14(b)']);
      expect(elementsOf(minor([guardian]))).toEqual(['signature 42 CFR 2.14']);
    });

    it('a guardian alone cannot sign for an adult client', () => {
      expect(problemsOf(tpoForm({ signers: [guardian] }))).toEqual([
        expect.objectContaining({
          element: 'signature',
          citation: '42 CFR 2.31(a)(8), 2.15',
          message: expect.stringMatching(/guardian alone/),
        }),
      ]);
    });

    it('an adult’s authorised representative signs with their authority (2.15)', () => {
      expect(
        problemsOf(tpoForm({ signers: [{ role: 'authorised-representative', name: 'Sam Rep', authority: 'court-appointed guardian' }] })),
      ).toEqual([]);
      expect(elementsOf(tpoForm({ signers: [{ role: 'authorised-representative', name: 'Sam Rep', authority: '' }] }))).toEqual([
        'signature 42 CFR 2.31(a)(8)',
      ]);
    });
  });

  describe('criminal-justice consents (2.35)', () => {
    const cj = (changes: Partial<ConsentForm> = {}) =>
      namedForm({
        recipients: [{ kind: 'named', recipientId: 'probation-1', name: 'County Probation' }],
        purposes: ['HLEGAL'],
        purposeDescription: 'report attendance and progress to the probation officer',
        expiry: { kind: 'event', event: 'final-disposition', description: 'final disposition of the probation' },
        criminalJustice: { conditionOf: 'parole', revocableFrom: { kind: 'date', on: '2026-06-30' }, finalDispositionOn: '2026-06-30' },
        ...changes,
      });

    it('accept a consent revocable from a date no later than the final disposition', () => {
      expect(problemsOf(cj())).toEqual([]);
    });

    it('refuse one revocable only after the final disposition', () => {
      const form = cj({
        criminalJustice: { conditionOf: 'parole', revocableFrom: { kind: 'date', on: '2026-07-01' }, finalDispositionOn: '2026-06-30' },
      });
      expect(elementsOf(form)).toEqual(['criminal-justice 42 CFR 2.35(d)']);
    });

    it('refuse one that does not say when it becomes revocable', () => {
      const form = cj({ criminalJustice: { conditionOf: 'parole' } as ConsentForm['criminalJustice'] });
      expect(elementsOf(form)).toEqual(['criminal-justice 42 CFR 2.35(d)']);
    });

    it('refuse a general designation of criminal-justice recipients', () => {
      const form = cj({ purposes: ['TREAT'], recipients: [{ kind: 'general', designation: 'treating-providers' }] });
      expect(elementsOf(form)).toContain('criminal-justice 42 CFR 2.35(a)(1)');
    });
  });
});
