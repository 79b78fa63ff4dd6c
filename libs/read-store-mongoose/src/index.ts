import { type ReadStoreAdapter } from '@continuum/read-store';

export type { MongooseReadStore, MongooseReadStoreOptions } from './mongoose-read-store.js';

/**
 * The distributed read store: MongoDB through mongoose (READ_STORE_URL or MONGODB_URI=mongodb://…).
 * mongoose and its driver are loaded only when a deployment opens a MongoDB read store.
 */
export const mongooseReadStore: ReadStoreAdapter = {
  adapter: 'mongoose',
  open: async ({ uri }) => {
    const { MongooseReadStore } = await import('./mongoose-read-store.js');
    return MongooseReadStore.open({ uri });
  },
};
