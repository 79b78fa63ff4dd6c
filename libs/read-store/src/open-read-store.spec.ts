import { openReadStore, parseReadStoreUrl } from './open-read-store.js';

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

  it.each(['mongodb://127.0.0.1:27017/continuum', 'mongodb://reader:secret@db-1:27017,db-2:27017/continuum?replicaSet=rs0', 'mongodb+srv://cluster0.example.net/continuum'])(
    'connects to MongoDB through mongoose for %p, passing the connection string on unchanged',
    (url) => {
      expect(parseReadStoreUrl(url)).toEqual({ adapter: 'mongoose', uri: url });
    },
  );

  it('refuses an unknown scheme and names every form it accepts', () => {
    expect(() => parseReadStoreUrl('postgres://localhost/continuum')).toThrow(/"postgres:" .* use sqlite:<path> .* mongodb:\/\/… or mongodb\+srv:\/\/…/);
  });

  it('refuses a bare path, since a read store URL always says which store it means', () => {
    expect(() => parseReadStoreUrl('./data/read-models.db')).toThrow(/has no scheme: use sqlite:<path>/);
  });

  it('refuses an empty setting and a sqlite: URL without a file', () => {
    expect(() => parseReadStoreUrl('   ')).toThrow(/READ_STORE_URL is empty: set it to sqlite:<path>/);
    expect(() => parseReadStoreUrl('sqlite:')).toThrow(/names no file: use e\.g\. sqlite:\.\/data\/read-models\.db/);
  });

  it('never repeats a password from a URL it refuses', () => {
    expect(() => parseReadStoreUrl('postgres://admin:hunter2@db/continuum')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  it('opens a working SQLite store in memory', async () => {
    const store = await openReadStore('sqlite::memory:');
    const clients = await store.collection<{ siteId: string }>({ name: 'intake_clients', indexes: [{ fields: ['siteId'] }] });
    await clients.upsert('client-1', { siteId: 'site-a' }, 1);
    expect(await clients.count({ siteId: 'site-a' })).toBe(1);
    await store.close();
  });
});
