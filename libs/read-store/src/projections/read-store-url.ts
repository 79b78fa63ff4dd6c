// Where a service's read models live, from the same variables the service reads, so that
// `projections:rebuild` and the service it rebuilds for always open the same store.
// READ_STORE_URL wins; MONGODB_URI alone means MongoDB (the distributed setup sets only it);
// otherwise each service has its own SQLite file beside the shared event store.

export function readStoreUrlFrom(env: Record<string, string | undefined>, service: string): string {
  const url = env.READ_STORE_URL?.trim() || env.MONGODB_URI?.trim();
  return url || `sqlite:${env.DATA_DIR?.trim() || './data'}/${service}/read.db`;
}
