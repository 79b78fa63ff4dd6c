// A child process for the kill -9 spec of the projection runner: a service in miniature. It
// opens an event store and a read store (the read store at synchronous=NORMAL, as services
// open it), runs the tallies projection live, and appends events to five streams one command
// at a time, printing `appended <n>` every 50 appends, until it is killed.
//
//   node --import libs/testing/src/ts-loader.mjs projecting-service.ts <events.db> <read.db>
import { SqliteEventStore } from '@continuum/event-store-sqlite';
import { ProjectionRunner } from '@continuum/read-store';
import { SqliteReadStore } from '../sqlite-read-store.js';
import { countedEvent, tallies } from './tallies.js';

const [eventsPath, readPath] = process.argv.slice(2);
const eventStore = await SqliteEventStore.open({ path: eventsPath!, pollIntervalMs: 10 });
const readStore = await SqliteReadStore.open({ path: readPath! });
const runner = new ProjectionRunner({ eventStore, readStore, projections: [tallies], checkpointEvery: 20 });
await runner.start();
for (let appended = 1; ; appended++) {
  await eventStore.appendToStream(`counted-${appended % 5}`, [countedEvent(`Step${appended}`)], { expectedRevision: 'any' });
  if (appended % 50 === 0) process.stdout.write(`appended ${appended}\n`);
}
