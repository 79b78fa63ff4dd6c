// A child process for the cross-process subscription test: it opens the PostgreSQL store
// the parent names, appends `count` events to `stream` one call at a time, prints the ids it
// appended as one JSON line and exits.
//
//   node --import libs/testing/src/ts-loader.mjs appender-process.ts <url> <stream> <count>
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../postgres-event-store.js';

const [url, stream, countText] = process.argv.slice(2);
const store = await PostgresEventStore.open({ connectionString: url });
const ids: string[] = [];
try {
  for (let i = 0; i < Number(countText); i++) {
    const eventId = randomUUID();
    await store.appendToStream(
      stream,
      [
        {
          eventId,
          type: 'Counted',
          data: { i },
          metadata: {
            schemaVersion: 1,
            siteId: 'site-north',
            actor: { userId: 'appender-process', role: 'clinician' },
            occurredAt: new Date().toISOString(),
            correlationId: randomUUID(),
            causationId: randomUUID(),
          },
        },
      ],
      { expectedRevision: i === 0 ? 'no-stream' : i - 1 },
    );
    ids.push(eventId);
  }
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify(ids)}\n`);
