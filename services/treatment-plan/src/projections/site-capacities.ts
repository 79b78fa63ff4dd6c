import { type ReadModelDefinition } from '@continuum/read-store';
import { type CapacityByLevel } from '../domain/index.js';

/** One row per site with a recorded capacity (SiteCapacityRecorded): the places per level the network overview sets the census against. */
export type SiteCapacityRow = { siteId: string; levels: CapacityByLevel; recordedAt: string };

export const SITE_CAPACITIES: ReadModelDefinition = { name: 'treatment_plan_site_capacities', indexes: [{ fields: ['siteId'] }] };
