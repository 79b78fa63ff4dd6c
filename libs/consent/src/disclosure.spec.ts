import { type Consent, SHORT_DISCLOSURE_NOTICE } from './consent.js';
import { type CourtOrder, type DisclosureDecision, type DisclosureRequest, decideDisclosure } from './disclosure.js';
import { type Restriction } from './restrictions.js';
import { CLIENT, consentOf, context, happened, namedForm, request, tpoForm } from './testing/fixtures.js';

// The disclosure gateway's rule: allowed with a covering consent, held awaiting one, or refused;
// the emergency and court-order paths; restrictions (docs/domain/part-2-consent-rule.md#the-disclosure-rule).

const decide = (req: DisclosureRequest, consents: Consent[], restrictions: Restriction[] = [], events = context().events) =>
  decideDisclosure(req, consents, restrictions, context([...events]));
const codes = (decision: DisclosureDecision) => decision.reasons.map((r) => r.code);
const referral = (changes: Partial<DisclosureRequest> = {}) => request(changes);

describe('a disclosure under a consent', () => {
  it('given no consent, when a referral is sent, then it is held awaiting consent and says what to ask for', () => {
    const decision = decide(referral(), []);
    expect(decision.outcome).toBe('hold-awaiting-consent');
    expect(decision.reasons).toEqual([
      { code: 'no-consent', citation: '42 CFR 2.33(a)', explanation: expect.any(String) },
      {
        code: 'ask-for-consent',
        citation: '42 CFR 2.31(a)',
        explanation: expect.stringMatching(/provider-psych, purpose TREAT and diagnosis, medications/),
      },
    ]);
  });

  it('given a consent naming the provider, when the referral is sent, then it is allowed and recorded with the notice and the consent’s scope', () => {
    const decision = decide(referral(), [consentOf(namedForm())]);
    expect(decision).toEqual({
      outcome: 'allow',
      reasons: [{ code: 'consent', citation: '42 CFR 2.31, 2.33', explanation: 'Covered by consent consent-named.' }],
      record: {
        disclosureId: 'disclosure-1',
        clientId: CLIENT,
        disclosedAt: '2026-02-01T12:00:00.000Z',
        recipient: { recipientId: 'provider-psych', kind: 'provider' },
        purpose: 'TREAT',
        categories: ['diagnosis', 'medications'],
        basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-named' },
        disclosedBy: { userId: 'user-coordinator-1', role: 'coordinator' },
        notice: SHORT_DISCLOSURE_NOTICE,
        consentCopy: {
          consentId: 'consent-named',
          scope: expect.stringMatching(/recipients: Riverside Psychiatry; purposes: .*\[TREAT\]; until discharge/),
        },
      },
    });
  });

  describe('a single TPO consent designating "my treating providers" (2.31(a)(4)(i))', () => {
    const tpo = [consentOf(tpoForm())];

    it('covers a provider with a treating provider relationship, though the consent does not name it', () => {
      expect(decide(referral(), tpo)).toMatchObject({ outcome: 'allow', record: { basis: { consentId: 'consent-tpo' } } });
    });

    it('does not cover a provider the client has no treating relationship with yet (2.11): held, saying why', () => {
      const decision = decide(
        referral({ recipient: { recipientId: 'provider-psych', kind: 'provider', treatingRelationship: false } }),
        tpo,
      );
      expect(decision.outcome).toBe('hold-awaiting-consent');
      expect(decision.reasons[0]).toMatchObject({ code: 'no-treating-relationship', citation: '42 CFR 2.31(a)(4)(i), 2.11' });
    });

    it('covers a health plan for payment, including a coverage authorisation (COVAUTH under HPAYMT)', () => {
      const toPlan = referral({ recipient: { recipientId: 'plan-1', kind: 'health-plan' }, purpose: 'COVAUTH', categories: ['diagnosis'] });
      expect(decide(toPlan, tpo).outcome).toBe('allow');
    });

    it('does not cover a recovery residence, which is neither designated nor named', () => {
      const decision = decide(referral({ recipient: { recipientId: 'residence-1', kind: 'recovery-residence' } }), tpo);
      expect(decision.outcome).toBe('hold-awaiting-consent');
      expect(codes(decision)).toEqual(['consent-for-other-recipient', 'ask-for-consent']);
    });

    it('does not cover a purpose outside treatment, payment and operations', () => {
      expect(codes(decide(referral({ purpose: 'HLEGAL' }), tpo))).toEqual(['consent-for-other-purpose', 'ask-for-consent']);
    });

    it('does not cover a category it does not list', () => {
      expect(codes(decide(referral({ categories: ['lab-results'] }), tpo))).toEqual(['consent-for-other-information', 'ask-for-consent']);
    });

    it('does not cover a send through an intermediary it does not name (2.31(a)(4)(ii))', () => {
      const viaHie = referral({
        recipient: { recipientId: 'provider-psych', kind: 'provider', treatingRelationship: true, viaIntermediaryId: 'hie-1' },
      });
      expect(codes(decide(viaHie, tpo))).toEqual(['intermediary-not-named', 'ask-for-consent']);
    });
  });

  describe('an intermediary consent (2.31(a)(4)(ii))', () => {
    const viaHie = (recipientId: string, treatingRelationship: boolean) =>
      referral({ recipient: { recipientId, kind: 'provider', treatingRelationship, viaIntermediaryId: 'hie-1' } });
    const withParticipants = (participants: { kind: 'named'; participantIds: string[] } | { kind: 'treating-providers' }) => [
      consentOf(tpoForm({ recipients: [{ kind: 'intermediary', intermediaryId: 'hie-1', name: 'State HIE', participants }] })),
    ];

    it('covers a named participant', () => {
      expect(decide(viaHie('provider-psych', false), withParticipants({ kind: 'named', participantIds: ['provider-psych'] })).outcome).toBe(
        'allow',
      );
    });

    it('covers, by general designation, only participants with a treating provider relationship', () => {
      const consents = withParticipants({ kind: 'treating-providers' });
      expect(decide(viaHie('provider-psych', true), consents).outcome).toBe('allow');
      expect(decide(viaHie('provider-psych', false), consents).outcome).toBe('hold-awaiting-consent');
    });

    it('records the intermediary the disclosure went through', () => {
      const decision = decide(viaHie('provider-psych', true), withParticipants({ kind: 'treating-providers' }));
      expect(decision).toMatchObject({
        record: { recipient: { recipientId: 'provider-psych', kind: 'provider', viaIntermediaryId: 'hie-1' } },
      });
    });
  });

  describe('expiry and revocation at the moment of the send', () => {
    it('given a consent "until discharge" and the client discharged, a referral afterwards stays awaiting consent', () => {
      const events = [happened('discharge', '2026-01-31T16:00:00.000Z')];
      const decision = decide(referral(), [consentOf(namedForm())], [], events);
      expect(decision.outcome).toBe('hold-awaiting-consent');
      expect(decision.reasons[0]).toMatchObject({ code: 'consent-expired-by-event', explanation: expect.stringMatching(/discharge/) });
    });

    it('given a consent expiring on a date, a send at the first instant of that date is held', () => {
      const consents = [consentOf(namedForm({ expiry: { kind: 'date', expiresOn: '2026-02-01' } }))];
      expect(decide(referral({ at: '2026-01-31T23:59:59.999Z' }), consents).outcome).toBe('allow');
      expect(codes(decide(referral({ at: '2026-02-01T00:00:00.000Z' }), consents))).toEqual(['consent-expired', 'ask-for-consent']);
    });

    it('given a revocation received at 09:15, a send at 09:14:59.999 stays lawful and one at 09:15 exactly is held', () => {
      const consents = [consentOf(namedForm(), { revocation: { receivedAt: '2026-02-01T09:15:00.000Z', channel: 'email' } })];
      expect(decide(referral({ at: '2026-02-01T09:14:59.999Z' }), consents).outcome).toBe('allow');
      const after = decide(referral({ at: '2026-02-01T09:15:00.000Z' }), consents);
      expect(after.outcome).toBe('hold-awaiting-consent');
      expect(after.reasons[0]).toMatchObject({ code: 'consent-revoked', citation: '42 CFR 2.31(a)(6)' });
    });

    it('another active consent still covers after one is revoked', () => {
      const consents = [
        consentOf(namedForm(), { revocation: { receivedAt: '2026-01-20T00:00:00.000Z', channel: 'email' } }),
        consentOf(tpoForm()),
      ];
      expect(decide(referral(), consents)).toMatchObject({ outcome: 'allow', record: { basis: { consentId: 'consent-tpo' } } });
    });
  });

  describe('SUD counselling notes (2.31(b))', () => {
    const notesConsent = consentOf(
      namedForm({
        consentId: 'consent-notes',
        information: { description: 'counselling session notes', categories: ['sud-counselling-notes'] },
      }),
    );
    const notes = referral({ categories: ['sud-counselling-notes'] });

    it('are held under a consent that does not name them, even a TPO one', () => {
      const decision = decide(notes, [consentOf(tpoForm()), consentOf(namedForm())]);
      expect(decision.outcome).toBe('hold-awaiting-consent');
      expect(codes(decision)).toEqual(['counselling-notes-need-own-consent', 'counselling-notes-need-own-consent', 'ask-for-consent']);
      expect(decision.reasons[2].explanation).toMatch(/a consent of its own naming SUD counselling notes/);
    });

    it('are allowed under a consent naming them', () => {
      expect(decide(notes, [notesConsent])).toMatchObject({ outcome: 'allow', record: { basis: { consentId: 'consent-notes' } } });
    });

    it('are refused when mixed with other records in one send', () => {
      const decision = decide(referral({ categories: ['sud-counselling-notes', 'diagnosis'] }), [notesConsent, consentOf(namedForm())]);
      expect(decision).toMatchObject({ outcome: 'refuse', reasons: [{ code: 'counselling-notes-separate', citation: '42 CFR 2.31(b)' }] });
    });
  });

  describe('a criminal-justice consent (2.35)', () => {
    const cj = consentOf(
      namedForm({
        consentId: 'consent-cj',
        recipients: [{ kind: 'named', recipientId: 'probation-1', name: 'County Probation' }],
        purposes: ['HLEGAL'],
        information: { description: 'attendance', categories: ['attendance'] },
        expiry: { kind: 'date', expiresOn: '2027-01-01' },
        criminalJustice: { conditionOf: 'parole', revocableFrom: { kind: 'date', on: '2026-06-30' } },
      }),
      { revocation: { receivedAt: '2026-01-20T00:00:00.000Z', channel: 'letter' } },
    );
    const report = (monitorsProgress: boolean) =>
      referral({
        recipient: { recipientId: 'probation-1', kind: 'criminal-justice', monitorsProgress },
        purpose: 'HLEGAL',
        categories: ['attendance'],
      });

    it('covers the probation officer monitoring progress, despite an early revocation (irrevocable until its date)', () => {
      expect(decide(report(true), [cj])).toMatchObject({ outcome: 'allow', record: { basis: { citation: '42 CFR 2.31, 2.35' } } });
    });

    it('does not cover a recipient who does not monitor the client’s progress', () => {
      expect(decide(report(false), [cj]).reasons[0]).toMatchObject({ code: 'not-monitoring-progress', citation: '42 CFR 2.35(a)(1)' });
    });

    it('stops covering from the date it becomes revocable, when a revocation was received', () => {
      expect(decide({ ...report(true), at: '2026-06-30T00:00:00.000Z' }, [cj]).reasons[0]).toMatchObject({
        code: 'consent-revoked',
        citation: '42 CFR 2.35(d)',
      });
    });
  });
});

describe('restrictions (2.26) on the consent path', () => {
  const restriction = (changes: Partial<Restriction>): Restriction => ({
    restrictionId: 'restriction-1',
    clientId: CLIENT,
    request: { kind: 'paid-in-full', serviceIds: ['service-iop-week-3'] },
    requestedAt: '2026-01-12T10:00:00.000Z',
    status: 'agreed',
    decidedAt: '2026-01-12T10:00:00.000Z',
    ...changes,
  });
  const toPlan = (serviceIds?: string[]) =>
    referral({
      recipient: { recipientId: 'plan-1', kind: 'health-plan' },
      purpose: 'HPAYMT',
      categories: ['diagnosis'],
      serviceIds,
    });
  const tpo = [consentOf(tpoForm())];

  it('the required restriction refuses a payer request about a service paid in full, even under a TPO consent', () => {
    const decision = decide(toPlan(['service-iop-week-3']), tpo, [restriction({})]);
    expect(decision).toMatchObject({
      outcome: 'refuse',
      reasons: [{ code: 'paid-in-full', citation: '42 CFR 2.26(a); 45 CFR 164.522(a)(1)(vi)' }],
    });
  });

  it('the required restriction refuses a payer request that does not say which services it concerns', () => {
    expect(codes(decide(toPlan(undefined), tpo, [restriction({})]))).toEqual(['services-not-stated']);
  });

  it('the required restriction lets through a payer request about other services', () => {
    expect(decide(toPlan(['service-iop-week-4']), tpo, [restriction({})]).outcome).toBe('allow');
  });

  it('an agreed restriction refuses the disclosures it covers', () => {
    const agreed = restriction({ request: { kind: 'requested', scope: { recipientIds: ['provider-psych'] } } });
    expect(codes(decide(referral(), tpo, [agreed]))).toEqual(['agreed-restriction']);
  });

  it('a refused or merely requested restriction binds nothing', () => {
    const scope = { kind: 'requested' as const, scope: { recipientIds: ['provider-psych'] } };
    expect(decide(referral(), tpo, [restriction({ request: scope, status: 'refused', refusalReason: 'needed for care' })]).outcome).toBe(
      'allow',
    );
    expect(decide(referral(), tpo, [restriction({ request: scope, status: 'requested', decidedAt: undefined })]).outcome).toBe('allow');
  });

  it('a restriction binds from the instant it was agreed', () => {
    const agreed = restriction({ request: { kind: 'requested', scope: { purposes: ['TREAT'] } }, decidedAt: '2026-02-01T12:00:00.000Z' });
    expect(decide(referral({ at: '2026-02-01T11:59:59.999Z' }), tpo, [agreed]).outcome).toBe('allow');
    expect(decide(referral({ at: '2026-02-01T12:00:00.000Z' }), tpo, [agreed]).outcome).toBe('refuse');
  });
});

describe('a medical emergency (2.51)', () => {
  const emergency = (changes: Partial<Extract<DisclosureRequest['basis'], { kind: 'medical-emergency' }>> = {}) =>
    referral({
      recipient: { recipientId: 'ed-general', kind: 'provider' },
      purpose: 'ETREAT',
      categories: ['diagnosis', 'medications'],
      basis: {
        kind: 'medical-emergency',
        recipientName: 'Dr. Jordan Lee',
        affiliation: 'General Hospital emergency department',
        natureOfEmergency: 'same-day suicide-risk escalation',
        consentObtainable: false,
        ...changes,
      },
    });

  it('is allowed without any consent, never held, and records who, where, when, by whom and why', () => {
    const decision = decide(emergency(), []);
    expect(decision).toMatchObject({
      outcome: 'allow',
      reasons: [{ code: 'medical-emergency', citation: '42 CFR 2.51' }],
      record: {
        disclosedAt: '2026-02-01T12:00:00.000Z',
        disclosedBy: { userId: 'user-coordinator-1' },
        basis: {
          kind: 'medical-emergency',
          citation: '42 CFR 2.51',
          recipientName: 'Dr. Jordan Lee',
          affiliation: 'General Hospital emergency department',
          natureOfEmergency: 'same-day suicide-risk escalation',
        },
      },
    });
  });

  it('is allowed despite an agreed restriction (emergency treatment)', () => {
    const agreed: Restriction = {
      restrictionId: 'r-1',
      clientId: CLIENT,
      request: { kind: 'requested', scope: { recipientKinds: ['provider'] } },
      requestedAt: '2026-01-12T00:00:00.000Z',
      status: 'agreed',
      decidedAt: '2026-01-12T00:00:00.000Z',
    };
    expect(decide(emergency(), [], [agreed]).outcome).toBe('allow');
  });

  it('is refused, never held, when the record would be incomplete, naming what is missing', () => {
    const decision = decide(emergency({ affiliation: ' ', natureOfEmergency: '' }), []);
    expect(decision).toEqual({
      outcome: 'refuse',
      reasons: [
        {
          code: 'emergency-record-incomplete',
          citation: '42 CFR 2.51(c)',
          explanation: 'Record their affiliation with a health care facility, the nature of the emergency.',
        },
      ],
    });
  });

  it('is refused when consent could be obtained, or the recipient is not medical personnel', () => {
    expect(codes(decide(emergency({ consentObtainable: true }), []))).toEqual(['consent-obtainable']);
    const toCourt = { ...emergency(), recipient: { recipientId: 'court-1', kind: 'court' as const } };
    expect(codes(decide(toCourt, []))).toEqual(['not-medical-personnel']);
  });

  it('does not send counselling notes', () => {
    expect(codes(decide({ ...emergency(), categories: ['sud-counselling-notes'] }, []))).toEqual(['counselling-notes']);
  });
});

describe('court orders and subpoenas (subpart E)', () => {
  const order = (changes: Partial<CourtOrder> = {}): CourtOrder => ({
    orderId: 'order-77',
    court: 'County Superior Court',
    section: '2.64',
    issuedOn: '2026-01-25',
    authorisedCategories: ['attendance', 'diagnosis'],
    ...changes,
  });
  const toCourt = (basis: DisclosureRequest['basis'], categories: DisclosureRequest['categories'] = ['attendance']) =>
    referral({ recipient: { recipientId: 'court-1', kind: 'court' }, purpose: 'HLEGAL', categories, basis });

  it('a court order under 2.64 allows the disclosure within its scope, without consent', () => {
    expect(decide(toCourt({ kind: 'court-order', order: order() }), [])).toMatchObject({
      outcome: 'allow',
      record: {
        basis: { kind: 'court-order', citation: '42 CFR 2.64', orderId: 'order-77', court: 'County Superior Court', section: '2.64' },
      },
    });
  });

  it('a court order under 2.65 allows it too', () => {
    expect(decide(toCourt({ kind: 'court-order', order: order({ section: '2.65' }) }), []).outcome).toBe('allow');
  });

  it('refuses what the order does not authorise', () => {
    const decision = decide(toCourt({ kind: 'court-order', order: order() }, ['attendance', 'sud-counselling-notes']), []);
    expect(decision).toMatchObject({ outcome: 'refuse', reasons: [{ code: 'outside-order', citation: '42 CFR 2.64(e)' }] });
    expect(decision.reasons[0].explanation).toMatch(/counselling notes only under an order that names them/);
  });

  it('refuses before the order was issued and from its expiry date', () => {
    expect(codes(decide({ ...toCourt({ kind: 'court-order', order: order({ issuedOn: '2026-02-02' }) }) }, []))).toEqual([
      'order-not-yet-issued',
    ]);
    expect(codes(decide(toCourt({ kind: 'court-order', order: order({ expiresOn: '2026-02-01' }) }), []))).toEqual(['order-expired']);
  });

  it('refuses a recipient the order does not name', () => {
    expect(codes(decide(toCourt({ kind: 'court-order', order: order({ authorisedRecipientIds: ['court-2'] }) }), []))).toEqual([
      'recipient-outside-order',
    ]);
  });

  it('refuses a subpoena alone, even with a consent on file that does not cover it', () => {
    const decision = decide(toCourt({ kind: 'subpoena', reference: 'SUB-2026-14' }), [consentOf(tpoForm())]);
    expect(decision).toEqual({
      outcome: 'refuse',
      reasons: [
        {
          code: 'subpoena-alone',
          citation: '42 CFR 2.61, 2.64, 2.65',
          explanation: expect.stringMatching(/SUB-2026-14.*court order under 42 CFR 2.64 or 2.65/),
        },
      ],
    });
  });
});

describe('a request missing what a disclosure must state', () => {
  it('is refused, naming each missing part', () => {
    const decision = decide(referral({ categories: [], purpose: 'SOMETHING' as 'TREAT' }), [consentOf(tpoForm())]);
    expect(decision).toEqual({
      outcome: 'refuse',
      reasons: [
        {
          code: 'invalid-request',
          citation: '42 CFR 2.13(a)',
          explanation: 'A disclosure must state a PurposeOfUse code, the categories of information sent.',
        },
      ],
    });
  });
});
