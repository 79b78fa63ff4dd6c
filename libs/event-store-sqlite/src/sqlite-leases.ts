import type Database from 'better-sqlite3';
import { type LeaseStore } from '@continuum/event-store';

/** The single-active leases in the store's file (table leases), timed by the machine's clock. */
export class SqliteLeases implements LeaseStore {
  private readonly acquire: Database.Statement<[{ name: string; holder: string; expiresAt: number; now: number }]>;
  private readonly release: Database.Statement<[string, string]>;
  private readonly position: Database.Statement<[string], { position: number | null }>;
  private readonly savePosition: Database.Statement<[{ name: string; holder: string; position: number; now: number }]>;

  constructor(db: Database.Database) {
    this.acquire = db.prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at < @now`,
    );
    this.release = db.prepare('UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?');
    this.position = db.prepare('SELECT position FROM leases WHERE name = ?');
    this.savePosition = db.prepare('UPDATE leases SET position = @position WHERE name = @name AND holder = @holder AND expires_at > @now');
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    return this.acquire.run({ name, holder, expiresAt: now + ttlMs, now }).changes === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.release.run(name, holder);
  }

  async leasedPosition(name: string): Promise<number | undefined> {
    return this.position.get(name)?.position ?? undefined;
  }

  async saveLeasedPosition(name: string, holder: string, position: number): Promise<boolean> {
    return this.savePosition.run({ name, holder, position, now: Date.now() }).changes === 1;
  }
}
