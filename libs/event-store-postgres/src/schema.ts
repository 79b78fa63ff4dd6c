import type pg from 'pg';

// The store's tables in the database EVENT_STORE_URL names. Data and envelope are kept as the
// JSON text the writer's serialiser produced (not jsonb, which rewrites it), exactly as the
// SQLite file keeps them, so both adapters hash and verify the same bytes.

/**
 * Advisory-lock key of the store's writers (docs/adr/0005-postgresql-event-store.md): every
 * append holds it, transaction-scoped, from allocating its positions until its commit.
 */
export const APPEND_LOCK_KEY = 0x636f6e74_696e7575n; // "continuu"

/** Advisory-lock key held while the schema is created, so two processes starting at once do not race. */
const SCHEMA_LOCK_KEY = 0x636f6e74_73636865n; // "contsche"

/** The channel appends notify on commit, so subscribers in every process wake at once. */
export const COMMIT_CHANNEL = 'continuum_events';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    -- Handed out as max + 1 under the append lock: gap-free, and in commit order.
    position    bigint  PRIMARY KEY,
    stream_id   text    NOT NULL,
    revision    integer NOT NULL,
    event_id    text    NOT NULL,
    type        text    NOT NULL,
    data        text    NOT NULL,
    metadata    text    NOT NULL,
    prev_hash   text    NOT NULL,
    hash        text    NOT NULL,
    recorded_at text    NOT NULL,
    CONSTRAINT events_by_stream_revision UNIQUE (stream_id, revision),
    -- Event ids are unique per stream: what makes a retried append recognisable.
    CONSTRAINT events_by_stream_event_id UNIQUE (stream_id, event_id)
  );
  CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
  -- Signed checkpoints (libs/event-store/src/checkpoints), as in the SQLite file.
  CREATE TABLE IF NOT EXISTS signed_checkpoints (
    sequence bigint PRIMARY KEY,
    position bigint NOT NULL,
    record   text   NOT NULL
  );
  -- Who runs a single-active task (a relay, a deadline scheduler) until when, and the
  -- progress its holders saved (libs/event-store/src/single-active.ts).
  CREATE TABLE IF NOT EXISTS leases (
    name       text        PRIMARY KEY,
    holder     text        NOT NULL,
    expires_at timestamptz NOT NULL,
    position   bigint
  );
`;

export async function ensureSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY.toString()]);
    await client.query(SCHEMA);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
