import { SingleActive } from './single-active.js';
import { MemoryLeases } from './testing/index.js';

// The lease mechanism alone, on leases kept in memory: what the task sees when its lease is
// lost and taken back, and when it cannot start.

const LEASE_MS = 150;

const until = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('SingleActive', () => {
  it('restarts the task when it lost its lease and the lease is free again', async () => {
    const leases = new MemoryLeases();
    const seen: string[] = [];
    const single = new SingleActive({
      leases,
      name: 'relay:intake',
      leaseMs: LEASE_MS,
      activate: async () => void seen.push('activate'),
      deactivate: async () => void seen.push('deactivate'),
    });
    await single.start();
    expect(seen).toEqual(['activate']);

    // The task's write under the lease was refused (the lease had run out); nobody took it over.
    single.leaseLost();
    await until(() => seen.length === 3);

    expect(seen).toEqual(['activate', 'deactivate', 'activate']);
    expect(single.isActive()).toBe(true);
    await single.stop();
  });

  it('reports a task that cannot start, and starts it at a later round', async () => {
    const leases = new MemoryLeases();
    const errors: unknown[] = [];
    let attempts = 0;
    const single = new SingleActive({
      leases,
      name: 'relay:intake',
      leaseMs: LEASE_MS,
      activate: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('saved position unreadable');
      },
      deactivate: async () => undefined,
      onError: (error) => errors.push(error),
    });

    await single.start();
    expect(single.isActive()).toBe(false);
    expect(errors).toEqual([new Error('saved position unreadable')]);

    await until(() => single.isActive());
    expect(attempts).toBe(2);
    await single.stop();
  });

  it('stops the task before its lease runs out when the store stops answering renewals', async () => {
    const leaseMs = 600;
    const leases = new MemoryLeases();
    const renew = leases.acquireLease.bind(leases);
    let lastAskedAt = 0;
    let hanging = false;
    // Every renewal hangs once `hanging` is set, as a store behind a partition would.
    leases.acquireLease = async (...args) => {
      if (hanging) return new Promise<boolean>(() => undefined);
      lastAskedAt = Date.now();
      return renew(...args);
    };
    const errors: unknown[] = [];
    let deactivatedAt: number | undefined;
    const single = new SingleActive({
      leases,
      name: 'relay:intake',
      leaseMs,
      activate: async () => undefined,
      deactivate: async () => void (deactivatedAt = Date.now()),
      onError: (error) => errors.push(error),
    });
    await single.start();
    expect(single.isActive()).toBe(true);

    hanging = true;
    await until(() => deactivatedAt !== undefined);

    expect(single.isActive()).toBe(false);
    expect(deactivatedAt! - lastAskedAt).toBeLessThan(leaseMs);
    expect(String(errors[0])).toContain('did not answer the renewal of lease relay:intake');
    await single.stop();
  });
});
