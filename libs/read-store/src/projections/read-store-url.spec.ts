import { readStoreUrlFrom } from './read-store-url.js';

describe('the read store a service opens', () => {
  it('is its own SQLite file when nothing is configured', () => {
    expect(readStoreUrlFrom({}, 'intake')).toBe('sqlite:./data/intake/read.db');
  });

  it('is MongoDB when only MONGODB_URI is set', () => {
    expect(readStoreUrlFrom({ MONGODB_URI: 'mongodb://localhost:27017/intake' }, 'intake')).toBe('mongodb://localhost:27017/intake');
  });

  it('is READ_STORE_URL whenever that is set, even beside MONGODB_URI', () => {
    expect(readStoreUrlFrom({ READ_STORE_URL: 'sqlite:/tmp/read.db', MONGODB_URI: 'mongodb://db/intake' }, 'intake')).toBe(
      'sqlite:/tmp/read.db',
    );
  });
});
