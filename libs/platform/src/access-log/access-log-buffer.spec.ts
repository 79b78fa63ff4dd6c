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
    streamFor: () => `access-log-intake-day-${day}`,
    append: store.append,
    onAppendFailed: ({ stream, records }) => failed.push({ stream, records }),
    ...options,
  });
  return { buffer, failed, nextDay: () => (day += 1) };
}

describe('the access log buffer', () => {
  it('answers a read only once its record is in the store, the reads of one turn in one append', async () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    const written = [buffer.record(read('client-1')), buffer.record(read('client-2'))];
    expect(store.appended).toEqual([]);
    expect(buffer.pending).toBe(2);
    await Promise.all(written);
    expect(store.appended).toEqual([{ stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2'] }]);
    expect(buffer.pending).toBe(0);
  });

  it('writes at most the configured number of records per append, in the order they were read', async () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    await Promise.all(['client-1', 'client-2', 'client-3', 'client-4'].map((clientId) => buffer.record(read(clientId))));
    expect(store.appended).toEqual([
      { stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2', 'client-3'] },
      { stream: 'access-log-intake-day-0', clientIds: ['client-4'] },
    ]);
  });

  it('fails the reads of a batch the store refused, writing nothing of them, and goes on with the next reads', async () => {
    const store = fakeStore();
    const { buffer, failed, nextDay } = bufferOn(store);
    store.failNext(1);
    const refused = [buffer.record(read('client-1')), buffer.record(read('client-2'))];
    await expect(refused[0]).rejects.toThrow('SQLITE_BUSY');
    await expect(refused[1]).rejects.toThrow('SQLITE_BUSY');
    expect(failed).toEqual([{ stream: 'access-log-intake-day-0', records: 2 }]);
    expect(store.appended).toEqual([]);
    expect(buffer.pending).toBe(0);

    nextDay();
    await buffer.record(read('client-3'));
    expect(store.appended).toEqual([{ stream: 'access-log-intake-day-1', clientIds: ['client-3'] }]);
  });

  it('writes what waits when the service stops cleanly, and what is read after', async () => {
    const store = fakeStore();
    const { buffer } = bufferOn(store);
    const waiting = [buffer.record(read('client-1')), buffer.record(read('client-2'))];
    await buffer.close();
    expect(store.appended).toEqual([{ stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2'] }]);
    await Promise.all(waiting);
    await buffer.record(read('client-3'));
    expect(store.appended.at(-1)).toEqual({ stream: 'access-log-intake-day-0', clientIds: ['client-3'] });
    expect(buffer.pending).toBe(0);
  });

  describe('a page of a list (recordAll)', () => {
    it("writes a page's records in one append with the reads of that turn while they fit, and never splits a page", async () => {
      const store = fakeStore();
      const { buffer } = bufferOn(store);
      const pages = [
        buffer.record(read('client-1')),
        buffer.recordAll([read('client-2'), read('client-3')]),
        buffer.recordAll([read('client-4'), read('client-5')]),
      ];
      await Promise.all(pages);
      expect(store.appended).toEqual([
        { stream: 'access-log-intake-day-0', clientIds: ['client-1', 'client-2', 'client-3'] },
        { stream: 'access-log-intake-day-0', clientIds: ['client-4', 'client-5'] },
      ]);
    });

    it('writes a page bigger than the configured number of records as one append of its own', async () => {
      const store = fakeStore();
      const { buffer } = bufferOn(store);
      const single = buffer.record(read('client-1'));
      const page = buffer.recordAll(['client-2', 'client-3', 'client-4', 'client-5', 'client-6'].map(read));
      expect(buffer.pending).toBe(6);
      await Promise.all([single, page]);
      expect(store.appended).toEqual([
        { stream: 'access-log-intake-day-0', clientIds: ['client-1'] },
        { stream: 'access-log-intake-day-0', clientIds: ['client-2', 'client-3', 'client-4', 'client-5', 'client-6'] },
      ]);
      expect(buffer.pending).toBe(0);
    });

    it('appends nothing for an empty page', async () => {
      const store = fakeStore();
      const { buffer } = bufferOn(store);
      await buffer.recordAll([]);
      await buffer.flush();
      expect(store.appended).toEqual([]);
      expect(buffer.pending).toBe(0);
    });

    it('fails the whole page when the store refuses it, and writes none of its records', async () => {
      const store = fakeStore();
      const { buffer, failed } = bufferOn(store);
      store.failNext(1);
      await expect(buffer.recordAll([read('client-1'), read('client-2')])).rejects.toThrow('SQLITE_BUSY');
      expect(failed).toEqual([{ stream: 'access-log-intake-day-0', records: 2 }]);
      expect(store.appended).toEqual([]);
      expect(buffer.pending).toBe(0);
    });
  });
});
