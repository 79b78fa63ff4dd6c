import { CLIENT, EPISODE, OTHER_CLIENT, READMISSION } from '../testing/recorded-history.js';
import { NOW, journeyForExport } from '../testing/export-history.js';
import { fhirExport } from './client-export.js';
import { CONSENT_EXTENSIONS } from './consent.js';
import { type FhirResource } from './fhir-resource.js';

// What an auditor finds in the FHIR export of the journey: each resource kind, with the
// facts the events recorded. (Its validity is checked by a FHIR validator in tools/audit.)

describe('the FHIR export of one client', () => {
  const { events } = journeyForExport();
  const bundle = fhirExport(CLIENT, NOW, events);
  const resources = bundle.entry.map((entry) => entry.resource);
  const all = (type: string) => resources.filter((resource) => resource.resourceType === type);
  const one = (type: string, id: string) => {
    const found = resources.find((resource) => resource.resourceType === type && resource.id === id);
    if (!found) throw new Error(`no ${type}/${id} in the export`);
    return found as FhirResource & Record<string, unknown>;
  };

  it('is a collection Bundle stamped with the moment of the export, starting with the client as a Patient without personal data', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: NOW.toISOString() });
    expect(resources[0]).toEqual({ resourceType: 'Patient', id: CLIENT, identifier: [{ system: 'urn:continuum:client', value: CLIENT }] });
  });

  it('gives each episode an EpisodeOfCare with its status history and one level segment per level and site', () => {
    const first = one('EpisodeOfCare', EPISODE);
    expect(first).toMatchObject({
      status: 'finished',
      statusHistory: [
        { status: 'active', period: { start: '2026-03-02', end: '2026-05-01' } },
        { status: 'finished', period: { start: '2026-05-01' } },
      ],
      identifier: [{ value: 'admission-1' }],
      period: { start: '2026-03-02', end: '2026-05-01' },
    });
    const segments = first.extension!.filter((extension) => extension.url.endsWith('level-of-care-segment'));
    const part = (segment: (typeof segments)[number], url: string) => segment.extension!.find((item) => item.url === url);
    expect(
      segments.map(
        (segment) =>
          `${(part(segment, 'level')!.valueCoding as { code: string }).code}@${(part(segment, 'site')!.valueIdentifier as { value: string }).value}`,
      ),
    ).toEqual(['2.1@site-north', '3.5@site-north', '3.5@site-south', '2.1@site-south']);
    expect(part(segments[1]!, 'began')!.valueCoding).toMatchObject({ code: 'step-up' });
    expect(part(segments[1]!, 'beganReason')!.valueCoding).toMatchObject({ code: 'relapse' });
    expect(part(segments[1]!, 'beganEvidence')!.valueIdentifier).toEqual({
      system: 'urn:continuum:evidence:drug-test',
      value: 'drug-test-9',
    });
    expect(part(segments[1]!, 'authorizationVariance')!.valueCoding).toMatchObject({ code: 'level-differs' });
    expect(part(segments[3]!, 'ended')!.valueCoding).toMatchObject({ code: 'discharged' });
    expect(one('EpisodeOfCare', READMISSION)).toMatchObject({
      status: 'active',
      extension: expect.arrayContaining([
        { url: expect.stringMatching(/previous-episode/), valueReference: { reference: `EpisodeOfCare/${EPISODE}` } },
      ]),
    });
  });

  it('gives the plan a CarePlan linked to its episode and goals, and each goal a Goal with its status', () => {
    expect(one('CarePlan', EPISODE)).toMatchObject({
      intent: 'plan',
      subject: { reference: `Patient/${CLIENT}` },
      supportingInfo: [{ reference: `EpisodeOfCare/${EPISODE}` }],
    });
    expect((one('CarePlan', EPISODE).goal as unknown[]).length).toBe(3);
    expect(one('Goal', 'goal-1')).toMatchObject({
      lifecycleStatus: 'completed',
      achievementStatus: { coding: [{ code: 'achieved' }] },
      target: [{ dueDate: '2026-04-15' }],
    });
    expect(one('Goal', 'goal-2')).toMatchObject({ lifecycleStatus: 'proposed', description: { text: 'relapse-prevention-plan' } });
    expect(JSON.stringify(one('Goal', 'goal-3').extension)).toContain('ssri');
  });

  it('gives the referral a ServiceRequest for what was asked and a Task for its lifecycle, sent under the consent', () => {
    expect(one('ServiceRequest', 'referral-7')).toMatchObject({
      status: 'completed',
      intent: 'order',
      priority: 'urgent',
      code: { coding: [{ code: 'psychiatric-evaluation' }] },
    });
    expect(one('Task', 'referral-7')).toMatchObject({
      status: 'completed',
      businessStatus: { coding: [{ code: 'completed' }] },
      focus: { reference: 'ServiceRequest/referral-7' },
      owner: { identifier: { value: 'provider-3' } },
      input: expect.arrayContaining([expect.objectContaining({ valueReference: { reference: 'Consent/consent-1' } })]),
      output: expect.arrayContaining([expect.objectContaining({ valueBoolean: true })]),
    });
  });

  it('gives each old-form consent a Consent, the revoked one inactive from the revocation, purposes as HL7 v3 PurposeOfUse codes', () => {
    expect(one('Consent', 'consent-1')).toMatchObject({
      status: 'active',
      extension: expect.arrayContaining([{ url: CONSENT_EXTENSIONS.formVersion, valueCode: 'before-2024' }]),
      provision: {
        period: { start: '2026-03-02', end: '2027-03-02' },
        purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'COC' }],
        actor: [{ reference: { identifier: { value: 'provider-3' } } }],
      },
    });
    // Revoked by a letter dated 2026-04-01, stored before receipt instants were: from the start of that day.
    expect(one('Consent', 'consent-2')).toMatchObject({
      status: 'inactive',
      provision: { period: { end: '2026-04-01T00:00:00.000Z' }, purpose: [{ code: 'TREAT' }] },
    });
    expect(JSON.stringify(bundle)).not.toMatch(/urn:continuum:purpose/);
  });

  it('carries the 2024 provisions of a single TPO consent: signing date, signer roles, a minor, general designations, an intermediary and its participants, categories', () => {
    const consent = one('Consent', 'consent-3');
    expect(consent).toMatchObject({
      status: 'active',
      dateTime: '2026-03-03T09:00:00.000Z',
      performer: [{ reference: `Patient/${CLIENT}` }],
      provision: {
        period: { start: '2026-03-03' },
        purpose: ['TREAT', 'HPAYMT', 'HOPERAT'].map((code) => ({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code })),
        class: ['diagnosis', 'level-of-care', 'treatment-plan', 'attendance'].map((code) => ({ code })),
        actor: [
          { role: { coding: [{ code: 'IRCP' }] }, reference: { display: 'general designation: treating-providers' } },
          { role: { coding: [{ code: 'IND' }] }, reference: { identifier: { system: 'urn:continuum:intermediary', value: 'hie-east' } } },
          { role: { coding: [{ code: 'IRCP' }] }, reference: { identifier: { value: 'provider-3' } } },
          { role: { coding: [{ code: 'IRCP' }] }, reference: { identifier: { value: 'provider-9' } } },
        ],
      },
    });
    expect(consent.extension).toEqual(
      expect.arrayContaining([
        { url: CONSENT_EXTENSIONS.formVersion, valueCode: '2024' },
        { url: CONSENT_EXTENSIONS.signerRole, valueCode: 'client' },
        { url: CONSENT_EXTENSIONS.signerRole, valueCode: 'guardian' },
        { url: CONSENT_EXTENSIONS.clientIsMinor, valueBoolean: true },
      ]),
    );
    expect((consent.provision as { period: object }).period).not.toHaveProperty('end');
  });

  it('carries a criminal-justice consent’s 2.35 terms and its expiry on discharge, inactive once the client was discharged', () => {
    const consent = one('Consent', 'consent-4');
    expect(consent.status).toBe('inactive');
    expect(consent.extension).toEqual(
      expect.arrayContaining([
        { url: CONSENT_EXTENSIONS.expiryEvent, valueCode: 'discharge' },
        {
          url: CONSENT_EXTENSIONS.criminalJustice,
          extension: [
            { url: 'conditionOf', valueCode: 'parole' },
            { url: 'revocableFromDate', valueDate: '2026-09-01' },
            { url: 'finalDispositionOn', valueDate: '2026-12-31' },
          ],
        },
      ]),
    );
    expect(consent.provision).toMatchObject({
      purpose: [{ code: 'HOPERAT' }],
      actor: [{ reference: { identifier: { value: 'probation-office-2' } } }],
    });
  });

  it('carries a counselling-notes consent with its category, and a revocation from the instant it was received', () => {
    const consent = one('Consent', 'consent-5');
    expect(consent).toMatchObject({
      status: 'inactive',
      provision: { class: [{ code: 'sud-counselling-notes' }], period: { start: '2026-03-03', end: '2026-04-10T15:30:00.000Z' } },
    });
    expect(consent.extension).toEqual(
      expect.arrayContaining([{ url: CONSENT_EXTENSIONS.revocationReceived, valueDateTime: '2026-04-10T15:30:00.000Z' }]),
    );
  });

  it('exports ids, codes and dates only: no name or wording from the forms', () => {
    expect(JSON.stringify(bundle)).not.toMatch(
      /Núñez|Rivera|Northside|East Health|counselling notes|discharge from the programme|treatment, payment/,
    );
  });

  it('gives every event about the client a Provenance naming who, when, why and the resources it shaped', () => {
    const provenances = all('Provenance');
    const aboutClient = events.filter((event) => event.metadata.clientId === CLIENT && !event.streamId.startsWith('access-log-'));
    expect(provenances).toHaveLength(aboutClient.length);
    const stepUp = aboutClient.find((event) => event.type === 'LevelOfCareChanged')!;
    expect(provenances.find((provenance) => provenance.id === `event-${stepUp.position}`)).toMatchObject({
      target: [{ reference: `EpisodeOfCare/${EPISODE}` }],
      recorded: stepUp.recordedAt,
      reason: [{ coding: [{ code: 'relapse' }] }],
      agent: [{ who: { identifier: { value: 'user-clinician-1' } }, role: [{ coding: [{ code: 'clinician' }] }] }],
      entity: expect.arrayContaining([
        { role: 'source', what: expect.objectContaining({ identifier: { system: 'urn:continuum:event', value: stepUp.eventId } }) },
      ]),
    });
    const sent = aboutClient.find((event) => event.type === 'ReferralSent')!;
    expect(provenances.find((provenance) => provenance.id === `event-${sent.position}`)!.target).toEqual([
      { reference: 'ServiceRequest/referral-7' },
      { reference: 'Task/referral-7' },
    ]);
    expect(JSON.stringify(provenances)).not.toContain(OTHER_CLIENT);
  });

  it('turns each access-log record into an AuditEvent of type access-log with who, why and what was read', () => {
    expect(all('AuditEvent')).toHaveLength(2);
    expect(all('AuditEvent')[1]).toMatchObject({
      type: { code: 'access-log' },
      action: 'R',
      purposeOfEvent: [{ coding: [{ code: 'HCOMPL' }] }],
      agent: [{ who: { identifier: { value: 'auditor-1' } }, role: [{ coding: [{ code: 'auditor' }] }] }],
      entity: expect.arrayContaining([
        expect.objectContaining({
          what: { reference: `Patient/${CLIENT}` },
          description: 'audit-history GET /api/v1/clients/:clientId/history',
        }),
      ]),
    });
  });

  it('has no AuditEvent when the history holds no access record', () => {
    const withoutAccess = fhirExport(
      CLIENT,
      NOW,
      events.filter((event) => !event.streamId.startsWith('access-log-')),
    );
    expect(withoutAccess.entry.filter((entry) => entry.resource.resourceType === 'AuditEvent')).toEqual([]);
  });
});
