import { type FhirResource, SYSTEMS, fhirId } from './fhir-resource.js';

// The subject every other resource points at. Personal data lives only in intake
// (docs/domain/compliance.md#what-stays-inside-a-service), so the export's Patient is the
// client's id and nothing else:
// an auditor who needs the person asks intake, under its own access log.

export function patientOf(clientId: string): FhirResource {
  return { resourceType: 'Patient', id: fhirId(clientId), identifier: [{ system: SYSTEMS.client, value: clientId }] };
}
