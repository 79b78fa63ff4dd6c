import { jest } from '@jest/globals';
import { type NewEvent } from '@continuum/event-store';
import { AccessLogBuffer, type AccessLogBufferOptions } from './access-log-buffer.js';
import { type AccessRecord, accessEvent } from './access-record.js';

type Append = { stream: string; clientIds: string[] };

function read(clientId: string): NewEvent {
  const record: AccessRecord = {
    clientId,
    userId: 'clinician-7',
    role: 'clinician',
    siteId: 'site-north',
    service: 'intake',
    what: { method: 'GET', route: '/api/v1/clients/:clientId', resourceKind: 'intake-record', resourceIds: { clientId } },
    accessedAt: new Date().toISOString(),
    purposeOfUse: 'TREAT',
    correlationId: `correlation-${clientId}`,
    causationId: `request-${clientId}`,
  };
  return accessEvent(record);
}

/** A store that keeps what it accepted and refuses the next `failures` appends. */
function fakeStore() {
  const appended: Append[] = [];
  let failures = 0;
  return {
    appended,
    failNext(count: number) {
      failures = count;
    },
    append: async (stream: string, events: NewEvent[]) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('SQLITE_BUSY: database is locked');
      }
      appended.push({ stream, clientIds: events.map((event) => (event.data as AccessRecord).clientId) });
    },
  };
}

function bufferOn(store: ReturnType<typeof fakeStore>, options: Partial<AccessLogBufferOptions> = {}) {
  const failed: Array<{ stream: string; records: number }> = [];
  let day = 0;
  const buffer = new AccessLogBuffer({
    maxRecords: 3,
    flushEveryMs: 500,
    streamFor: () => `access-log-intake-day-${day}`,
    append: store.append,
    onAppendFailed: ({ stream, records }) => failed.push({ stream, records }),
    ...options,
  });
  return { buffer, failed, nextDay: () => (day += 1) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('the access log buffer', () => {
  it('appends nothing while a read is answered: records wait in memory', () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    buffer.record(read('client-1'));
    expect(store.appended).toEqual([]);
    expect(buffer.pending).toBe(1);
  });

  it('appends one batch as soon as the configured number of records wait', async () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    for (const clientId of ['client-1', 'client-2', 'client-3']) buffer.record(read(clientId));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.appended).toEqual([{ stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2', 'client-3'] }]);
    expect(buffer.pending).toBe(0);
    buffer.record(read('client-4'));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.appended).toHaveLength(1);
    expect(buffer.pending).toBe(1);
  });

  it('appends what waits once the oldest record has waited the configured time, in one append', async () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    buffer.record(read('client-1'));
    await jest.advanceTimersByTimeAsync(300);
    buffer.record(read('client-2'));
    expect(store.appended).toEqual([]);
    await jest.advanceTimersByTimeAsync(200);
    expect(store.appended).toEqual([{ stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2'] }]);
    expect(buffer.pending).toBe(0);
    // Nothing waits, so nothing more is written however long it stays quiet.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(store.appended).toHaveLength(1);
  });

  it('writes everything that waits when the service stops cleanly, and at once what is read after', async () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    buffer.record(read('client-1'));
    buffer.record(read('client-2'));
    await buffer.close();
    expect(store.appended).toEqual([{ stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2'] }]);
    buffer.record(read('client-3'));
    await buffer.flush();
    expect(store.appended.at(-1)).toEqual({ stream: 'access-log-intake-day-0', clientIds: ['client-3'] });
    expect(buffer.pending).toBe(0);
  });

  it('keeps a batch the store refused and appends it, to the same stream and before newer records, on the next flush', async () => {
    const store = fakeStore();
    const { buffer, failed, nextDay } = bufferOn(store);
    store.failNext(1);
    buffer.record(read('client-1'));
    await jest.advanceTimersByTimeAsync(500);
    expect(failed).toEqual([{ stream: 'access-log-intake-day-0', records: 1 }]);
    expect(store.appended).toEqual([]);
    expect(buffer.pending).toBe(1);

    nextDay();
    buffer.record(read('client-2'));
    // The retry needs no new read: the refused batch schedules its own.
    await jest.advanceTimersByTimeAsync(500);
    expect(store.appended).toEqual([
      { stream: 'access-log-intake-day-0', clientIds: ['client-1'] },
      { stream: 'access-log-intake-day-1', clientIds: ['client-2'] },
    ]);
    expect(buffer.pending).toBe(0);
  });

  it('retries with the same event ids, so an append that had in fact succeeded is not written twice', async () => {
    const ids: string[][] = [];
    let isFirst = true;
    const { buffer } = bufferOn(fakeStore(), {
      append: async (_stream, events) => {
        ids.push(events.map((event) => event.eventId));
        if (isFirst) {
          isFirst = false;
          throw new Error('connection reset after the write');
        }
      },
    });
    buffer.record(read('client-1'));
    await buffer.flush();
    await buffer.flush();
    expect(ids).toHaveLength(2);
    expect(ids[1]).toEqual(ids[0]);
  });

  it('never lets a failing store reach the reader: recording and flushing do not throw', async () => {
    const store = fakeStore();
    const { buffer, failed } = bufferOn(store, { maxRecords: 1 });
    store.failNext(5);
    expect(() => buffer.record(read('client-1'))).not.toThrow();
    await expect(buffer.flush()).resolves.toBeUndefined();
    expect(failed.length).toBeGreaterThan(0);
    expect(buffer.pending).toBe(1);
  });
});
