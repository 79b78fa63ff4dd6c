import { randomUUID } from 'node:crypto';
import { describe, it } from '@jest/globals';
import pg from 'pg';

// Where the PostgreSQL suites find their server. CI starts one (infra/postgres, `npm run
// postgres:up`) and exports POSTGRES_URL, so there a missing URL is a broken pipeline and
// fails. On a workstation without it the suites are reported as skipped, by name, with a
// warning: start one with `PGPORT=55432 npm run postgres:up` and export the URL it prints.

/** The server's URL (postgres://continuum@127.0.0.1:55432/continuum), or undefined when none was given. */
export const postgresUrl: string | undefined = process.env.POSTGRES_URL;

/**
 * `describe` when POSTGRES_URL is set; under CI=true without it, a test that fails saying
 * so; elsewhere the suite is skipped with a warning naming it.
 */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  const url = postgresUrl;
  if (url) {
    describe(name, () => body(url));
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs in CI against the server .ci/run starts', () => {
        throw new Error(
          'POSTGRES_URL is not set under CI=true: .ci/run must start PostgreSQL (npm run postgres:up) and export POSTGRES_URL before the tests',
        );
      });
    });
  } else {
    console.warn(`POSTGRES_URL not set: "${name}" skipped (no PostgreSQL server given; start one with npm run postgres:up)`);
    describe.skip(name, () => body('postgres://unset'));
  }
}

/** A database of its own on the server `url` names, for a spec that needs the store to itself; drop() removes it. */
export async function freshDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `continuum_test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
