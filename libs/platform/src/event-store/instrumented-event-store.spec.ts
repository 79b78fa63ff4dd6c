import { describe, expect, it } from '@jest/globals';
import { type EventStore } from '@continuum/event-store';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { instrumentedEventStore, serviceMetricsOf } from './instrumented-event-store.js';

// A command's outcome counts for the service whose store it ran on (PlatformMetrics), whichever
// object over that store the caller handed runCommands.
describe('the service an instrumented store counts commands for', () => {
  const adapter = { readStream: async () => [] } as unknown as EventStore;
  const metrics = new ServiceMetrics('notes');
  const store = instrumentedEventStore(adapter, metrics);

  it('is known from the store, and from an object that reads through it', () => {
    expect(serviceMetricsOf(store)).toBe(metrics);
    expect(serviceMetricsOf(Object.create(store) as EventStore)).toBe(metrics);
    expect(serviceMetricsOf(new Proxy(store, {}))).toBe(metrics);
  });

  it("is no one's for the bare adapter or another service's store", () => {
    expect(serviceMetricsOf(adapter)).toBeUndefined();
    expect(serviceMetricsOf(instrumentedEventStore(adapter, new ServiceMetrics('other')))).not.toBe(metrics);
  });
});
