import { openReadStore } from '@continuum/read-store';
import { sqliteReadStore } from './index.js';

describe('opening the embedded read store from READ_STORE_URL', () => {
  it('opens a working SQLite store in memory', async () => {
    const store = await openReadStore('sqlite::memory:', [sqliteReadStore]);
    const clients = await store.collection<{ siteId: string }>({ name: 'intake_clients', indexes: [{ fields: ['siteId'] }] });
    await clients.upsert('client-1', { siteId: 'site-a' }, 1);
    expect(await clients.count({ siteId: 'site-a' })).toBe(1);
    await store.close();
  });
});
