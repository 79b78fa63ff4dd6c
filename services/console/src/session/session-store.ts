// Where sessions live (docs/architecture/console.md#sessions): a SQLite file in the console's
// data folder, so a restart of the console (or a second instance on the same folder) keeps
// everyone signed in. A row is found by a hash of the session id, never the id itself: the
// file alone gives no cookie that would open a session. Everything else a session holds (the
// user, the CSRF token and the bearer and refresh tokens) is sealed with AES-256-GCM under a
// key derived from SESSION_SECRET, bound to the row's key, so a copied file reveals no token
// and a row moved to another key does not open. Rows past their idle or absolute expiry are
// purged.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { openSqliteFile } from '@continuum/sqlite';

type Database = ReturnType<typeof openSqliteFile>;

/** What a session holds beside its times: sealed at rest. */
export type SealedPart<User, Bearer> = { user: User; csrfToken: string; source: 'development' | 'oidc'; bearer?: Bearer };

export type StoredSession<User, Bearer> = SealedPart<User, Bearer> & { startedAt: number; lastSeenAt: number };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  key TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  sealed BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_last_seen ON sessions (last_seen_at);
CREATE INDEX IF NOT EXISTS sessions_started ON sessions (started_at);
`;

const IV_BYTES = 12;
const TAG_BYTES = 16;

type Row = { started_at: number; last_seen_at: number; sealed: Buffer };

export class SessionStore<User = unknown, Bearer = unknown> {
  private readonly key: Buffer;

  private constructor(
    private readonly db: Database,
    secret: string,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'continuum-console', 'session-store v1', 32));
  }

  /**
   * The store in `file` (`:memory:` for one process only). A lost last touch or a session begun
   * just before a power cut means signing in again, never a lost record: synchronous=NORMAL.
   */
  static open<User, Bearer>(file: string, secret: string): SessionStore<User, Bearer> {
    const db = openSqliteFile(file, { synchronous: 'normal', schema: { sql: SCHEMA, version: 1, describe: 'console session store' } });
    return new SessionStore<User, Bearer>(db, secret);
  }

  put(id: string, session: StoredSession<User, Bearer>): void {
    const key = keyOf(id);
    const part: SealedPart<User, Bearer> = { user: session.user, csrfToken: session.csrfToken, source: session.source };
    if (session.bearer !== undefined) part.bearer = session.bearer;
    this.db
      .prepare('INSERT OR REPLACE INTO sessions (key, started_at, last_seen_at, sealed) VALUES (?, ?, ?, ?)')
      .run(key, session.startedAt, session.lastSeenAt, this.seal(key, part));
  }

  /** The session under `id`, or undefined when there is none or it cannot be opened (another key: then it is removed). */
  get(id: string): StoredSession<User, Bearer> | undefined {
    const key = keyOf(id);
    const row = this.db.prepare('SELECT started_at, last_seen_at, sealed FROM sessions WHERE key = ?').get(key) as Row | undefined;
    if (!row) return undefined;
    const part = this.open(key, row.sealed);
    if (!part) {
      this.db.prepare('DELETE FROM sessions WHERE key = ?').run(key);
      return undefined;
    }
    return { ...part, startedAt: row.started_at, lastSeenAt: row.last_seen_at };
  }

  touch(id: string, lastSeenAt: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE key = ?').run(lastSeenAt, keyOf(id));
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE key = ?').run(keyOf(id));
  }

  /** Removes every session idle since before `idleBefore` or begun before `startedBefore`; answers how many. */
  purge(idleBefore: number, startedBefore: number): number {
    return this.db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR started_at < ?').run(idleBefore, startedBefore).changes;
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM sessions').pluck().get() as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private seal(key: string, part: SealedPart<User, Bearer>): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(key));
    const body = Buffer.concat([cipher.update(JSON.stringify(part), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(key: string, sealed: Buffer): SealedPart<User, Bearer> | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(key));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as SealedPart<User, Bearer>;
    } catch {
      return undefined;
    }
  }
}

/** A row's key: the session id's SHA-256, so the file alone names no live cookie. */
function keyOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
