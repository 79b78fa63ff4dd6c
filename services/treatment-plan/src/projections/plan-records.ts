import { type ReadModelDefinition } from '@continuum/read-store';
import { type Plan } from '../domain/index.js';

/**
 * Each plan folded with the write side's own `evolve`: the list rows derive from it, and the plan
 * read starts from it. `revision`: the stream revision of the last event folded in (absent on
 * records folded before it was kept), so a read folds only the events after it.
 */
export type PlanRecord = { planId: string; state: Plan; updatedAt: string; revision?: number };

export const PLAN_RECORDS: ReadModelDefinition = { name: 'treatment_plan_records', indexes: [] };
