// A child process for the checkpointer spec: opens a store, appends, and ends without closing
// it. It must still end by itself: the checkpoint thread may not keep a process alive.
//
//   node --import libs/testing/src/ts-loader.mjs unclosed-store.ts <file>
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../sqlite-event-store.js';

const store = await SqliteEventStore.open({ path: process.argv[2] });
const metadata = {
  schemaVersion: 1,
  siteId: 'site-north',
  actor: { userId: 'u', role: 'clinician' },
  occurredAt: new Date(0).toISOString(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
};
await store.appendToStream('left-open', [{ eventId: randomUUID(), type: 'Appended', data: {}, metadata }], {
  expectedRevision: 'no-stream',
});
process.stdout.write('appended\n');
