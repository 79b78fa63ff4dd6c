import { AFTERCARE_EVENT_CONTRACTS } from './aftercare-events.js';
import { type EventContract } from './event-contract.js';
import { DUAL_DIAGNOSIS_EVENT_CONTRACTS } from './dual-diagnosis-events.js';
import { INTAKE_EVENT_CONTRACTS } from './intake-events.js';
import { TREATMENT_PLAN_EVENT_CONTRACTS } from './treatment-plan-events.js';

// Every integration event contract of the network. A producing service adds its own file
// (`treatment-plan-events.ts`, …) and spreads its list in here; the validator refuses any
// type/version pair not listed.
export const INTEGRATION_EVENT_CONTRACTS: readonly EventContract[] = [
  ...INTAKE_EVENT_CONTRACTS,
  ...TREATMENT_PLAN_EVENT_CONTRACTS,
  ...DUAL_DIAGNOSIS_EVENT_CONTRACTS,
  ...AFTERCARE_EVENT_CONTRACTS,
];

export function findContract(type: string, schemaVersion: number): EventContract | undefined {
  return INTEGRATION_EVENT_CONTRACTS.find((contract) => contract.type === type && contract.schemaVersion === schemaVersion);
}

/** The versions of `type` that have a contract, oldest first; empty for a type no one publishes. */
export function versionsOf(type: string): number[] {
  return INTEGRATION_EVENT_CONTRACTS.filter((contract) => contract.type === type)
    .map((contract) => contract.schemaVersion)
    .sort((a, b) => a - b);
}
