import { type ReadStoreAdapter, openReadStore, parseReadStoreUrl } from './open-read-store.js';
import { type ReadStore } from './read-store.js';

describe('choosing the read store from READ_STORE_URL', () => {
  it.each([
    ['sqlite:./data/read-models.db', './data/read-models.db'],
    ['sqlite:/var/lib/continuum/read-models.db', '/var/lib/continuum/read-models.db'],
    ['sqlite:///var/lib/continuum/read-models.db', '/var/lib/continuum/read-models.db'],
    ['sqlite://./data/read-models.db', './data/read-models.db'],
    ['sqlite::memory:', ':memory:'],
    ['  sqlite:data/read-models.db  ', 'data/read-models.db'],
  ])('opens the SQLite file for %p', (url, path) => {
    expect(parseReadStoreUrl(url)).toEqual({ adapter: 'sqlite', path });
  });

  it.each([
    'mongodb://127.0.0.1:27017/continuum',
    'mongodb://reader:secret@db-1:27017,db-2:27017/continuum?replicaSet=rs0',
    'mongodb+srv://cluster0.example.net/continuum',
  ])('connects to MongoDB through mongoose for %p, passing the connection string on unchanged', (url) => {
    expect(parseReadStoreUrl(url)).toEqual({ adapter: 'mongoose', uri: url });
  });

  it('refuses an unknown scheme and names every form it accepts', () => {
    expect(() => parseReadStoreUrl('postgres://localhost/continuum')).toThrow(
      /"postgres:" .* use sqlite:<path> .* mongodb:\/\/… or mongodb\+srv:\/\/…/,
    );
  });

  it('refuses a bare path, since a read store URL always says which store it means', () => {
    expect(() => parseReadStoreUrl('./data/read-models.db')).toThrow(/has no scheme: use sqlite:<path>/);
  });

  it('refuses an empty setting and a sqlite: URL without a file', () => {
    expect(() => parseReadStoreUrl('   ')).toThrow(/READ_STORE_URL is empty: set it to sqlite:<path>/);
    expect(() => parseReadStoreUrl('sqlite:')).toThrow(/names no file: use e\.g\. sqlite:\.\/data\/read-models\.db/);
  });

  it('never repeats a password from a URL it refuses', () => {
    expect(() => parseReadStoreUrl('postgres://admin:hunter2@db/continuum')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  describe('opening it with the adapters a program is built with', () => {
    const opened: string[] = [];
    const fakeStore = {} as ReadStore;
    const sqlite: ReadStoreAdapter = { adapter: 'sqlite', open: async ({ path }) => (opened.push(`sqlite ${path}`), fakeStore) };
    const mongoose: ReadStoreAdapter = { adapter: 'mongoose', open: async ({ uri }) => (opened.push(`mongoose ${uri}`), fakeStore) };
    beforeEach(() => opened.splice(0));

    it('gives the location to the adapter the URL names', async () => {
      await expect(openReadStore('sqlite::memory:', [mongoose, sqlite])).resolves.toBe(fakeStore);
      await openReadStore('mongodb://db/continuum', [sqlite, mongoose]);
      expect(opened).toEqual(['sqlite :memory:', 'mongoose mongodb://db/continuum']);
    });

    it('names the adapters it has when the URL asks for another, and opens nothing', async () => {
      await expect(openReadStore('mongodb://admin:hunter2@db/continuum', [sqlite])).rejects.toThrow(
        'READ_STORE_URL names a MongoDB store, which this program is not built with (it has: SQLite)',
      );
      await expect(openReadStore('sqlite:./read.db', [])).rejects.toThrow(
        'READ_STORE_URL names a SQLite store, which this program is not built with (it has: none)',
      );
      expect(opened).toEqual([]);
    });
  });
});
