import { type ReadStoreAdapter } from '@continuum/read-store';
import { MongooseReadStore } from './mongoose-read-store.js';

export { MongooseReadStore, type MongooseReadStoreOptions } from './mongoose-read-store.js';

/** The distributed read store: MongoDB through mongoose (READ_STORE_URL or MONGODB_URI=mongodb://…). */
export const mongooseReadStore: ReadStoreAdapter = { adapter: 'mongoose', open: ({ uri }) => MongooseReadStore.open({ uri }) };
