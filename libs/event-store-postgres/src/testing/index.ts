// Test support for specs that run on PostgreSQL, never imported by production code (it loads jest).
export { describeWithPostgres, freshDatabase, postgresUrl } from './postgres-server.js';
