// A child process for the multi-process test of the SQLite read store: two of these write
// the same documents into one file at once, each with its own versions. It prints `ready`,
// waits for `go` on stdin (so that both write at the same time), opens the collection,
// upserts, and prints one JSON line with how many of its writes were accepted.
//
//   node --import libs/testing/src/ts-loader.mjs concurrent-writer.ts <file> <collection> <writer> <first version> <documents> <versions each>
import { createInterface } from 'node:readline';
import { SqliteReadStore } from '../sqlite-read-store.js';

export type WriterReport = { writer: string; accepted: number; refused: number };

const [path, collectionName, writer, firstVersionText, documentsText, versionsText] = process.argv.slice(2);
const firstVersion = Number(firstVersionText);
const documents = Number(documentsText);
const versions = Number(versionsText);

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  for await (const line of lines) if (line === 'go') break;

  const store = await SqliteReadStore.open({ path });
  const collection = await store.collection<{ writer: string; version: number }>({
    name: collectionName,
    indexes: [{ fields: ['writer'] }],
  });
  const report: WriterReport = { writer, accepted: 0, refused: 0 };
  // Versions step by 2 from 1 or 2, so the two writers interleave on every document; each
  // writer goes through them newest-first for half the documents, so refusals happen on both sides.
  for (let round = 0; round < versions; round++) {
    for (let n = 0; n < documents; n++) {
      const step = n % 2 === 0 ? round : versions - 1 - round;
      const version = firstVersion + 2 * step;
      const accepted = await collection.upsert(`client-${n}`, { writer, version }, version);
      if (accepted) report.accepted++;
      else report.refused++;
    }
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
