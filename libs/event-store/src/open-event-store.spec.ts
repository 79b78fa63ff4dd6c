import { type EventStore } from './event-store.js';
import { type EventStoreAdapter, openEventStore, parseEventStoreUrl } from './open-event-store.js';

describe('choosing the event store from EVENT_STORE_URL', () => {
  it.each([
    ['sqlite:./data/events.db', './data/events.db'],
    ['sqlite:/var/lib/continuum/events.db', '/var/lib/continuum/events.db'],
    ['sqlite:///var/lib/continuum/events.db', '/var/lib/continuum/events.db'],
    ['sqlite://./data/events.db', './data/events.db'],
    ['sqlite::memory:', ':memory:'],
    ['./data/events.db', './data/events.db'],
    ['/var/lib/continuum/events.db', '/var/lib/continuum/events.db'],
    ['data/events.db', 'data/events.db'],
    ['C:\\continuum\\events.db', 'C:\\continuum\\events.db'],
  ])('opens the SQLite file for %p', (url, path) => {
    expect(parseEventStoreUrl(url)).toEqual({ adapter: 'sqlite', path });
  });

  it.each([
    'kurrentdb://admin:changeit@localhost:2113?tls=false',
    'kurrentdb+discover://admin:changeit@cluster.internal:2113',
    'kdb://localhost:2113?tls=false',
  ])('connects to KurrentDB for %p, passing the connection string on unchanged', (url) => {
    expect(parseEventStoreUrl(url)).toEqual({ adapter: 'kurrentdb', connectionString: url });
  });

  it('reads the older esdb:// forms as KurrentDB, in the words the client no longer warns about', () => {
    expect(parseEventStoreUrl('esdb://localhost:2113?tls=false')).toEqual({
      adapter: 'kurrentdb',
      connectionString: 'kurrentdb://localhost:2113?tls=false',
    });
    expect(parseEventStoreUrl('esdb+discover://cluster.internal:2113')).toEqual({
      adapter: 'kurrentdb',
      connectionString: 'kurrentdb+discover://cluster.internal:2113',
    });
  });

  it.each(['postgres://continuum@db.internal:5432/continuum', 'postgresql://continuum:secret@127.0.0.1/events?sslmode=require'])(
    'connects to PostgreSQL for %p, passing the URL on unchanged',
    (url) => {
      expect(parseEventStoreUrl(url)).toEqual({ adapter: 'postgres', connectionString: url });
    },
  );

  it('refuses an unknown scheme and names the forms it accepts', () => {
    expect(() => parseEventStoreUrl('mysql://localhost/continuum')).toThrow(
      /"mysql:" .* use sqlite:<path> .*PostgreSQL URL \(postgres:\/\/.* kurrentdb:\/\/, kurrentdb\+discover:\/\//,
    );
  });

  it('refuses an empty setting and a sqlite: URL without a file', () => {
    expect(() => parseEventStoreUrl('  ')).toThrow(/EVENT_STORE_URL is empty: set it to sqlite:<path>/);
    expect(() => parseEventStoreUrl('sqlite:')).toThrow(/names no file: use e\.g\. sqlite:\.\/data\/events\.db/);
  });

  describe('opening it with the adapters a program is built with', () => {
    const opened: string[] = [];
    const fakeStore = {} as EventStore;
    const sqlite: EventStoreAdapter = { adapter: 'sqlite', open: async ({ path }) => (opened.push(`sqlite ${path}`), fakeStore) };
    const kurrentdb: EventStoreAdapter = {
      adapter: 'kurrentdb',
      open: async ({ connectionString }) => (opened.push(`kurrentdb ${connectionString}`), fakeStore),
    };
    beforeEach(() => opened.splice(0));

    it('gives the location to the adapter the URL names', async () => {
      await expect(openEventStore('sqlite:./data/events.db', [kurrentdb, sqlite])).resolves.toBe(fakeStore);
      await openEventStore('esdb://localhost:2113?tls=false', [sqlite, kurrentdb]);
      expect(opened).toEqual(['sqlite ./data/events.db', 'kurrentdb kurrentdb://localhost:2113?tls=false']);
    });

    it("passes a command's isShortLived on to the adapter, and nothing when the caller is a service", async () => {
      const options: unknown[] = [];
      const recording: EventStoreAdapter = { adapter: 'sqlite', open: async (_location, given) => (options.push(given), fakeStore) };
      await openEventStore('sqlite:./data/events.db', [recording], { isShortLived: true });
      await openEventStore('sqlite:./data/events.db', [recording]);
      expect(options).toEqual([{ isShortLived: true }, {}]);
    });

    it('names the adapters it has when the URL asks for another, and opens nothing', async () => {
      await expect(openEventStore('kurrentdb://localhost:2113', [sqlite])).rejects.toThrow(
        'EVENT_STORE_URL names a KurrentDB store, which this program is not built with (it has: SQLite)',
      );
      await expect(openEventStore('./events.db', [])).rejects.toThrow(
        'EVENT_STORE_URL names a SQLite store, which this program is not built with (it has: none)',
      );
      expect(opened).toEqual([]);
    });
  });
});
