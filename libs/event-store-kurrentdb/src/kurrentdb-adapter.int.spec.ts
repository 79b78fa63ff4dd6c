import { openEventStore } from '@continuum/event-store';
import { kurrentDbEventStore } from './index.js';

describe('opening KurrentDB from EVENT_STORE_URL', () => {
  it('sends a kurrentdb:// URL to KurrentDB, which says so when no server answers', async () => {
    await expect(openEventStore('kurrentdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1', [kurrentDbEventStore])).rejects.toThrow(
      /cannot reach KurrentDB at kurrentdb:\/\/127\.0\.0\.1:1/,
    );
  });
});
