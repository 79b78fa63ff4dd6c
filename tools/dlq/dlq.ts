// The dead letters of a topic: list them, and replay them once the cause is fixed.
//
//   npm run dlq -- list <topic> [--limit N]
//   npm run dlq -- replay <topic> [--event-id <id>] [--limit N]
//
// <topic> is the original topic (continuum.intake.events.v1; its `.dlq` is accepted too).
// It reaches the bus the services use: BUS, KAFKA_BROKERS, BUS_URL. It prints ids, types,
// offsets and the error only, never the event itself (it carries clinical codes). A replay
// publishes each dead letter again to the topic it came from; consumers whose inbox already
// holds the event id skip it, so replaying one that was handled since is harmless. The dead
// letters stay where they are (the log is append-only): a later replay would send them again.
import { parseArgs } from 'node:util';
import { ConfigError } from '@continuum/platform';
import { type DeliveredMessage, HEADERS, type OutgoingMessage, busSettingsFrom, openBusTransport } from '@continuum/messaging';
import { BUS_TRANSPORTS } from '../adapters.js';

const USAGE = 'usage: npm run dlq -- list <topic> [--limit N]\n       npm run dlq -- replay <topic> [--event-id <id>] [--limit N]';
const DLQ_HEADERS = new Set<string>([HEADERS.error, HEADERS.attempts, HEADERS.originalTopic, HEADERS.originalPartition, HEADERS.originalOffset, HEADERS.consumerGroup]);

function fail(message: string): number {
  process.stderr.write(`dlq: ${message}\n${USAGE}\n`);
  return 2;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' }, 'event-id': { type: 'string' } },
  });
  const [command, topicArgument] = positionals;
  if (command !== 'list' && command !== 'replay') return fail(`say what to do: list or replay (got ${command ?? 'nothing'})`);
  if (!topicArgument) return fail('name the topic whose dead letters you want, e.g. continuum.intake.events.v1');
  const topic = topicArgument.endsWith('.dlq') ? topicArgument.slice(0, -'.dlq'.length) : topicArgument;
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) return fail(`--limit takes a whole number of at least 1 (got ${values.limit})`);

  let settings;
  try {
    settings = busSettingsFrom(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const bus = await openBusTransport(settings, 'continuum-dlq', BUS_TRANSPORTS);
  try {
    const letters = await bus.admin.readDeadLetters(topic, { limit });
    if (command === 'list') {
      printLetters(topic, letters, settings.kind);
      return 0;
    }
    const chosen = values['event-id'] === undefined ? letters : letters.filter((letter) => eventIdOf(letter) === values['event-id']);
    if (chosen.length === 0) {
      process.stderr.write(values['event-id'] === undefined ? `dlq: ${topic}.dlq holds no dead letters; nothing to replay\n` : `dlq: no dead letter of ${topic} has event id ${values['event-id']}; run \`npm run dlq -- list ${topic}\` to see them\n`);
      return values['event-id'] === undefined ? 0 : 1;
    }
    await bus.publisher.publish(chosen.map((letter) => replayOf(letter, topic)));
    for (const letter of chosen) process.stdout.write(`replayed ${eventIdOf(letter)} (${letter.headers[HEADERS.type] ?? 'unknown type'}) to ${letter.headers[HEADERS.originalTopic] ?? topic}\n`);
    process.stdout.write(`${chosen.length} dead letter(s) replayed; they stay on ${topic}.dlq\n`);
    return 0;
  } finally {
    await bus.close();
  }
}

function eventIdOf(letter: DeliveredMessage): string {
  return letter.headers[HEADERS.eventId] ?? '(no event id)';
}

/** The original message again: same key, value and headers, without the dead-letter annotations. */
function replayOf(letter: DeliveredMessage, topic: string): OutgoingMessage {
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !DLQ_HEADERS.has(name)));
  return { topic: letter.headers[HEADERS.originalTopic] ?? topic, key: letter.key, value: letter.value, headers };
}

function printLetters(topic: string, letters: DeliveredMessage[], bus: string): void {
  if (letters.length === 0) {
    process.stdout.write(`${topic}.dlq (${bus} bus) holds no dead letters\n`);
    return;
  }
  const rows = letters.map((letter) => [
    `${letter.partition}/${letter.offset}`,
    eventIdOf(letter),
    letter.headers[HEADERS.type] ?? '',
    letter.headers[HEADERS.attempts] ?? '',
    letter.headers[HEADERS.consumerGroup] ?? '',
    `${letter.headers[HEADERS.originalPartition] ?? '?'}/${letter.headers[HEADERS.originalOffset] ?? '?'}`,
    letter.headers[HEADERS.error] ?? '',
  ]);
  const header = ['dlq partition/offset', 'event id', 'type', 'attempts', 'group', 'original partition/offset', 'error'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}\n`;
  process.stdout.write(`${letters.length} dead letter(s) of ${topic} (${bus} bus), oldest first\n`);
  process.stdout.write(line(header));
  for (const row of rows) process.stdout.write(line(row));
}

process.exitCode = await main();
