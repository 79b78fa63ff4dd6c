import { type LeaseStore } from '../single-active.js';

/** Leases as the SQL stores keep them (holder, expiry), in memory. */
export class MemoryLeases implements LeaseStore {
  private readonly leases = new Map<string, { holder: string; expiresAt: number; position?: number }>();
  async acquireLease(name: string, holder: string, ttlMs: number) {
    const lease = this.leases.get(name);
    if (lease && lease.holder !== holder && lease.expiresAt >= Date.now()) return false;
    this.leases.set(name, { ...lease, holder, expiresAt: Date.now() + ttlMs });
    return true;
  }
  async releaseLease(name: string, holder: string) {
    const lease = this.leases.get(name);
    if (lease?.holder === holder) lease.expiresAt = 0;
  }
  async leasedPosition(name: string) {
    return this.leases.get(name)?.position;
  }
  async saveLeasedPosition(name: string, holder: string, position: number) {
    const lease = this.leases.get(name);
    if (lease?.holder !== holder || lease.expiresAt < Date.now()) return false;
    lease.position = position;
    return true;
  }
}
