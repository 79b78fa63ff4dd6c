import { fhirExport } from '@continuum/audit/domain/fhir/client-export.js';
import { NOW, journeyForExport } from '@continuum/audit/domain/testing/export-history.js';
import { CLIENT } from '@continuum/audit/domain/testing/recorded-history.js';
import { invalidInBundle } from './testing/fhir-validator.js';

// The export of the recorded journey (every resource kind, an access record included) passes
// a maintained FHIR R4 validator, and the same validator refuses a resource we break, so a
// pass here means something. The export of a history the services produced is validated in
// audit-journey.e2e.spec.ts.

describe('the FHIR export against the FHIR R4 StructureDefinitions', () => {
  const bundle = fhirExport(CLIENT, NOW, journeyForExport().events);

  it('holds every resource kind of the export, each valid', () => {
    expect(new Set(bundle.entry.map((entry) => entry.resource.resourceType))).toEqual(
      new Set(['Patient', 'EpisodeOfCare', 'CarePlan', 'Goal', 'ServiceRequest', 'Task', 'Consent', 'Provenance', 'AuditEvent']),
    );
    expect(invalidInBundle(bundle)).toEqual([]);
  });

  it.each([
    [
      'an EpisodeOfCare with a status FHIR does not define the shape of',
      'EpisodeOfCare',
      (resource: Record<string, unknown>) => (resource.status = { code: 'open' }),
    ],
    ['a Task without its intent', 'Task', (resource: Record<string, unknown>) => delete resource.intent],
    [
      'a Provenance recorded at a date without a time',
      'Provenance',
      (resource: Record<string, unknown>) => (resource.recorded = '2026-03-02'),
    ],
    ['a Consent with an element R4 does not have', 'Consent', (resource: Record<string, unknown>) => (resource.signerName = 'someone')],
  ])('is refused when it holds %s', (_what, resourceType, breakIt) => {
    const broken = structuredClone(bundle);
    const resource = broken.entry.find((entry) => entry.resource.resourceType === resourceType)!.resource as Record<string, unknown>;
    breakIt(resource);
    expect(invalidInBundle(broken)).toEqual(
      expect.arrayContaining([expect.objectContaining({ resourceType, problems: expect.arrayContaining([expect.any(String)]) })]),
    );
  });
});
