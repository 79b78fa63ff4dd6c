import {
  type Consent,
  type ConsentForm,
  DEFAULT_CONSENT_POLICY,
  type Restriction,
  SHORT_DISCLOSURE_NOTICE,
  consentFromCopy,
} from '@continuum/consent';
import { deciderSpec } from '@continuum/testing';
import {
  FHIR_EXPORT_CATEGORIES,
  type FhirExportAwaitingConsent,
  type FhirExportRequest,
  type GatewayInputs,
  type RequestFhirExport,
  type RetryFhirExport,
  fhirExportDecider,
} from './fhir-exports.js';
import { form2024, namedForm2024 } from './testing/consent-forms.js';
import { CLIENT } from './testing/recorded-history.js';

// A FHIR export to a recipient outside the network goes through the disclosure gateway
// (@continuum/consent decideDisclosure): recorded as DisclosureRecorded (carried by
// fhir-export), held awaiting consent, or refused with the reasons, citing the section.

const spec = deciderSpec(fhirExportDecider);
const NOW = new Date('2026-04-01T10:00:00.000Z');
const EXPORT = 'export-1';
const ADMIN = { userId: 'admin-north', role: 'site-admin' };
const PROVIDER = { recipientId: 'eastside-psychiatry', kind: 'provider' as const, treatingRelationship: true };

const held = (form: ConsentForm, changes: Partial<Omit<Consent, 'form'>> = {}): Consent => ({
  form,
  recordedAt: '2026-03-02T10:00:00.000Z',
  ...changes,
});
const gateway = (consents: Consent[] = [], restrictions: Restriction[] = []): GatewayInputs => ({
  consents,
  restrictions,
  events: [],
  policy: DEFAULT_CONSENT_POLICY,
});
const asked = (changes: Partial<FhirExportRequest> = {}): FhirExportRequest => ({
  exportId: EXPORT,
  clientId: CLIENT,
  recipient: PROVIDER,
  purpose: 'TREAT',
  basis: { kind: 'consent' },
  ...changes,
});
const request = (inputs: GatewayInputs, changes: Partial<FhirExportRequest> = {}): RequestFhirExport => ({
  type: 'RequestFhirExport',
  data: { request: asked(changes), siteId: 'site-north', gateway: inputs, disclosedBy: ADMIN },
});
const retry = (inputs: GatewayInputs): RetryFhirExport => ({ type: 'RetryFhirExport', data: { gateway: inputs, disclosedBy: ADMIN } });
const awaiting = (): FhirExportAwaitingConsent => ({
  type: 'FhirExportAwaitingConsent',
  data: {
    exportId: EXPORT,
    clientId: CLIENT,
    siteId: 'site-north',
    recipient: PROVIDER,
    purpose: 'TREAT',
    categories: [...FHIR_EXPORT_CATEGORIES],
    reasons: [{ code: 'no-consent', citation: '42 CFR 2.33(a)', explanation: 'none' }],
    heldAt: '2026-03-30T10:00:00.000Z',
  },
});

describe('a FHIR export to an outside recipient', () => {
  it('is recorded as a disclosure carried by the export, under a consent covering the recipient, purpose and every category it holds', () =>
    spec
      .given()
      .when(request(gateway([held(form2024())])), NOW)
      .thenMatches({
        type: 'DisclosureRecorded',
        data: {
          disclosureId: EXPORT,
          clientId: CLIENT,
          disclosedAt: NOW.toISOString(),
          recipient: { recipientId: 'eastside-psychiatry', kind: 'provider' },
          purpose: 'TREAT',
          categories: ['diagnosis', 'level-of-care', 'treatment-plan', 'attendance'],
          basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: 'consent-tpo' },
          consentCopy: {
            consentId: 'consent-tpo',
            scope: expect.stringContaining('general designation: treating-providers') as unknown as string,
          },
          disclosedBy: ADMIN,
          notice: SHORT_DISCLOSURE_NOTICE,
          siteId: 'site-north',
          carriedBy: { kind: 'fhir-export', id: EXPORT },
        },
      }));

  it('is held awaiting consent, with the reasons, when no consent covers it', () => {
    const [event] = spec.given().when(request(gateway()), NOW).events();
    expect(event).toEqual({
      type: 'FhirExportAwaitingConsent',
      data: expect.objectContaining({ exportId: EXPORT, recipient: PROVIDER, purpose: 'TREAT', heldAt: NOW.toISOString() }),
    });
    expect((event as FhirExportAwaitingConsent).data.reasons.map((reason) => [reason.code, reason.citation])).toEqual([
      ['no-consent', '42 CFR 2.33(a)'],
      ['ask-for-consent', '42 CFR 2.31(a)'],
    ]);
  });

  it('is held when the only consent does not cover every category the bundle holds', () => {
    const narrow = namedForm2024('eastside-psychiatry', { information: { description: 'diagnosis', categories: ['diagnosis'] } });
    const [event] = spec
      .given()
      .when(request(gateway([held(narrow)])), NOW)
      .events();
    expect((event as FhirExportAwaitingConsent).data.reasons[0]).toMatchObject({
      code: 'consent-for-other-information',
      citation: '42 CFR 2.31(a)(3)',
    });
  });

  it('is held under a consent on the form used before 2024, which covers no category of information (the safer reading)', () => {
    const old = consentFromCopy(
      {
        consentId: 'consent-old',
        recipients: [{ kind: 'named', recipientId: 'eastside-psychiatry' }],
        purposes: ['treatment'],
        expiry: { kind: 'date', expiresOn: '2027-01-01' },
        signedOn: '2026-03-02',
        grantedAt: '2026-03-02T10:00:00.000Z',
      },
      CLIENT,
    );
    const [event] = spec
      .given()
      .when(request(gateway([old])), NOW)
      .events();
    expect(event!.type).toBe('FhirExportAwaitingConsent');
    expect((event as FhirExportAwaitingConsent).data.reasons[0]).toMatchObject({ code: 'consent-for-other-information' });
  });

  it('goes out on retry once a covering consent is recorded', () =>
    spec
      .given(awaiting())
      .when(retry(gateway([held(form2024())])), NOW)
      .thenMatches({ type: 'DisclosureRecorded', data: { disclosureId: EXPORT, carriedBy: { kind: 'fhir-export', id: EXPORT } } }));

  it('stays as it was on a retry that still finds no covering consent: nothing is written', () =>
    spec
      .given(awaiting())
      .when(retry(gateway()), NOW)
      .thenThrows(/still awaits consent/, 'still-awaiting-consent'));

  it('is never retried once disclosed, nor requested twice', () => {
    const disclosed = spec
      .given()
      .when(request(gateway([held(form2024())])), NOW)
      .events();
    spec
      .given(...disclosed)
      .when(retry(gateway([held(form2024())])), NOW)
      .thenThrows(/already disclosed/, 'not-awaiting-consent');
    spec
      .given(awaiting())
      .when(request(gateway()), NOW)
      .thenThrows(/already requested/, 'export-exists');
    spec
      .given()
      .when(retry(gateway()), NOW)
      .thenThrows(/no such export/, 'not-awaiting-consent');
  });

  it('is refused on a subpoena alone, citing subpart E', () =>
    spec
      .given()
      .when(
        request(gateway([held(form2024())]), {
          recipient: { recipientId: 'county-court', kind: 'court' },
          basis: { kind: 'subpoena', reference: 'subpoena-77' },
        }),
        NOW,
      )
      .thenThrows(/subpoena-77.*42 CFR 2.61, 2.64, 2.65/, 'disclosure-refused'));

  it('is refused when the client restricted disclosures to the recipient, whatever the consent says (42 CFR 2.26)', () => {
    const restriction: Restriction = {
      restrictionId: 'restriction-1',
      clientId: CLIENT,
      request: { kind: 'requested', scope: { recipientIds: ['eastside-psychiatry'] } },
      requestedAt: '2026-03-10T10:00:00.000Z',
      status: 'agreed',
      decidedAt: '2026-03-10T10:00:00.000Z',
    };
    spec
      .given()
      .when(request(gateway([held(form2024())], [restriction])), NOW)
      .thenThrows(/42 CFR 2.26/, 'disclosure-refused');
  });

  it('is recorded under a bona fide medical emergency with who received it and the nature of the emergency, never held', () =>
    spec
      .given()
      .when(
        request(gateway(), {
          basis: {
            kind: 'medical-emergency',
            recipientName: 'Dr Okafor',
            affiliation: 'County General ED',
            natureOfEmergency: 'overdose',
            consentObtainable: false,
          },
        }),
        NOW,
      )
      .thenMatches({
        type: 'DisclosureRecorded',
        data: {
          basis: {
            kind: 'medical-emergency',
            citation: '42 CFR 2.51',
            recipientName: 'Dr Okafor',
            affiliation: 'County General ED',
            natureOfEmergency: 'overdose',
          },
          carriedBy: { kind: 'fhir-export', id: EXPORT },
        },
      }));

  it('is refused, not held, under an emergency whose record is incomplete', () =>
    spec
      .given()
      .when(
        request(gateway(), {
          basis: {
            kind: 'medical-emergency',
            recipientName: '',
            affiliation: 'County General ED',
            natureOfEmergency: 'overdose',
            consentObtainable: false,
          },
        }),
        NOW,
      )
      .thenThrows(/42 CFR 2.51\(c\)/, 'disclosure-refused'));

  it('is recorded under a court order of subpart E that authorises every category it holds', () =>
    spec
      .given()
      .when(
        request(gateway(), {
          recipient: { recipientId: 'county-court', kind: 'court' },
          basis: {
            kind: 'court-order',
            order: {
              orderId: 'order-5',
              court: 'County Superior Court',
              section: '2.64',
              issuedOn: '2026-03-30',
              authorisedCategories: [...FHIR_EXPORT_CATEGORIES],
            },
          },
        }),
        NOW,
      )
      .thenMatches({ type: 'DisclosureRecorded', data: { basis: { kind: 'court-order', citation: '42 CFR 2.64', orderId: 'order-5' } } }));
});
