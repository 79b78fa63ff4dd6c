import { type ReadModelDefinition } from '@continuum/read-store';
import { type ProviderDetails } from '../domain/index.js';

export type ProviderListItem = ProviderDetails & { registeredAt: string };

export const PROVIDER_LIST: ReadModelDefinition = { name: 'dual_diagnosis_providers', indexes: [{ fields: ['siteId', 'providerId'] }] };
