import { type ReadModelDefinition } from '@continuum/read-store';
import { type Plan } from '../domain/index.js';

/** Each plan folded with the write side's own `evolve`: the list rows derive from it. */
export type PlanRecord = { planId: string; state: Plan; updatedAt: string };

export const PLAN_RECORDS: ReadModelDefinition = { name: 'treatment_plan_records', indexes: [] };
