import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE } from '@continuum/event-store';
import { MemoryLeases } from '@continuum/event-store/testing';
import { DeadlineScheduler, type TickReport } from './deadline-command.js';

// Two instances of a service with a deadline scheduler, on one store that keeps leases: the
// timer ticks on one of them only, and on the other once the first has stopped.

const ticks: string[] = [];
const silent = { log: () => undefined, error: () => undefined };

async function startInstance(instance: string, leases: MemoryLeases) {
  @Injectable()
  class TestScheduler extends DeadlineScheduler {
    constructor() {
      super('TestScheduler', 20, silent);
    }
    async tick(): Promise<TickReport> {
      ticks.push(instance);
      return { issued: 0, refused: 0 };
    }
  }
  @Module({ providers: [{ provide: EVENT_STORE, useValue: leases }, TestScheduler] })
  class InstanceModule {}
  const app = (await Test.createTestingModule({ imports: [InstanceModule] }).compile()).createNestApplication();
  await app.init();
  return app;
}

describe('a deadline scheduler on two instances of a service', () => {
  const leaseMs = process.env.SINGLE_ACTIVE_LEASE_MS;
  beforeAll(() => {
    process.env.SINGLE_ACTIVE_LEASE_MS = '600';
  });
  afterAll(() => {
    if (leaseMs === undefined) delete process.env.SINGLE_ACTIVE_LEASE_MS;
    else process.env.SINGLE_ACTIVE_LEASE_MS = leaseMs;
  });

  it('ticks on one instance at a time, and on the other once the first has stopped', async () => {
    const leases = new MemoryLeases();
    const first = await startInstance('first', leases);
    const second = await startInstance('second', leases);
    try {
      await sleep(300);
      expect(new Set(ticks)).toEqual(new Set(['first']));

      await first.close();
      ticks.length = 0;
      await sleep(500);
      expect(new Set(ticks)).toEqual(new Set(['second']));
    } finally {
      await first.close();
      await second.close();
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
