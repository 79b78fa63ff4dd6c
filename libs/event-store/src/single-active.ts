import { randomUUID } from 'node:crypto';
import { type EventStore } from './event-store.js';

// One instance at a time runs a service's relay and each of its deadline schedulers
// (docs/architecture/single-active.md): the instances of a service share its event store, and
// the store keeps a lease per task — a row naming the holder and when its hold runs out. The
// holder renews it every third of the lease; an instance that dies stops renewing, and a
// standby takes the task over once the lease has run out (SINGLE_ACTIVE_LEASE_MS, default 5 s).

/** A store that keeps leases beside its events (SQLite: a table in its file; PostgreSQL: a table in its database). */
export interface LeaseStore {
  /**
   * Takes the lease `name` for `holder` until `ttlMs` from now, or renews it when `holder`
   * has it. False while another holder's lease has not run out.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` has it, so that a standby takes over at once. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** The progress the holders of `name` saved (a relay's last acknowledged position), if any. */
  leasedPosition(name: string): Promise<number | undefined>;
  /** Saves progress under the lease: false, writing nothing, when `holder` no longer has it. */
  saveLeasedPosition(name: string, holder: string, position: number): Promise<boolean>;
}

export type LeasingEventStore = EventStore & LeaseStore;

export function hasLeases(store: EventStore): store is LeasingEventStore {
  return typeof (store as Partial<LeaseStore>).acquireLease === 'function';
}

export const DEFAULT_SINGLE_ACTIVE_LEASE_MS = 5000;

/**
 * SINGLE_ACTIVE_LEASE_MS: how long a lease lasts without renewal, so how soon a standby takes
 * over from an instance that died (500 ms to 60 s; default 5 s). Shorter fails over sooner and
 * renews more often.
 */
export function singleActiveLeaseMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.SINGLE_ACTIVE_LEASE_MS;
  if (text === undefined || text.trim() === '') return DEFAULT_SINGLE_ACTIVE_LEASE_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 500 || value > 60_000)
    throw new Error(`SINGLE_ACTIVE_LEASE_MS must be a whole number of milliseconds from 500 to 60000, not "${text}"`);
  return value;
}

export type SingleActiveOptions = {
  leases: LeaseStore;
  /** Names the task across instances, e.g. `relay:intake`. */
  name: string;
  leaseMs: number;
  /** Starts the task here (this instance now holds the lease). */
  activate(): Promise<void>;
  /** Stops it here (the lease was lost, could not be renewed in time, or the instance stops). */
  deactivate(): Promise<void>;
  /** Names this instance; a random id by default. */
  holder?: string;
  /** A round that could not reach the store (ids only in what it logs). */
  onError?(error: unknown): void;
};

/** Runs a task on whichever one instance holds its lease, taking it over when the holder stops renewing. */
export class SingleActive {
  readonly holder: string;
  private active = false;
  private lastRenewedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  /** Set by leaseLost(): the task stopped itself, and the next round stops it here too. */
  private lost = false;

  constructor(private readonly options: SingleActiveOptions) {
    this.holder = options.holder ?? randomUUID();
  }

  /** Tries once at once, then every third of the lease. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tryRound();
    this.timer = setInterval(() => void this.tryRound(), roundMs(this.options.leaseMs));
    this.timer.unref();
  }

  /** Stops the task if it runs here, and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
    if (!this.active) return;
    this.active = false;
    await this.options.deactivate();
    await this.options.leases.releaseLease(this.options.name, this.holder).catch(() => undefined);
  }

  isActive(): boolean {
    return this.active;
  }

  /**
   * The task found that this instance no longer holds the lease (a write under the lease was
   * refused) and stopped. A round begins at once: it deactivates the task here, then takes the
   * lease again if no one else has, and activates it afresh. Without this, an instance that
   * took back a lease that had run out (nobody else took it) would hold it with its task stopped.
   */
  leaseLost(): void {
    this.lost = true;
    void this.tryRound();
  }

  private tryRound(): Promise<void> {
    this.round ??= this.renew().finally(() => (this.round = undefined));
    return this.round;
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    if (this.lost) {
      this.lost = false;
      await this.deactivate();
    }
    const { leases, name, leaseMs } = this.options;
    let holds: boolean;
    // Taken before asking: the store times the lease from when it received the request, no earlier.
    const askedAt = Date.now();
    try {
      // A store that does not answer (a network partition, a lock held elsewhere) must not hold
      // the round: the task would run on here after the lease ran out and another took it.
      holds = await answeredWithin(leases.acquireLease(name, this.holder, leaseMs), roundMs(leaseMs), name);
      if (holds) this.lastRenewedAt = askedAt;
    } catch (error) {
      this.options.onError?.(error);
      // Unsure whether it still holds: it stops before the lease can have run out.
      holds = this.active && Date.now() - this.lastRenewedAt < (leaseMs * 2) / 3;
    }
    if (holds && !this.active && !this.stopped) {
      this.active = true;
      try {
        await this.options.activate();
      } catch (error) {
        // E.g. the task's saved position could not be read: stopped here, tried again next round.
        this.options.onError?.(error);
        await this.deactivate();
      }
    } else if (!holds && this.active) {
      await this.deactivate();
    }
  }

  private async deactivate(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    await this.options.deactivate();
  }
}

/** A round every third of the lease: two rounds may fail before the lease runs out. */
const roundMs = (leaseMs: number) => Math.max(50, Math.floor(leaseMs / 3));

function answeredWithin<T>(answer: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer the renewal of lease ${name} within ${ms} ms`)), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
