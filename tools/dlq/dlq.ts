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
import { existsSync } from 'node:fs';
import { TOPICS } from '@continuum/contracts';
import { ConfigError } from '@continuum/platform';
import { type DeliveredMessage, HEADERS, type OutgoingMessage, busSettingsFrom, openBusTransport } from '@continuum/messaging';
import { BUS_TRANSPORTS } from '../adapters.js';
import { commandLine, fail, usageError, wholeNumber } from '../cli/command-line.js';

const KNOWN_TOPICS: readonly string[] = Object.values(TOPICS);
const DLQ_HEADERS = new Set<string>([
  HEADERS.error,
  HEADERS.attempts,
  HEADERS.originalTopic,
  HEADERS.originalPartition,
  HEADERS.originalOffset,
  HEADERS.consumerGroup,
]);

const cli = commandLine({
  name: 'dlq',
  usage: `usage: npm run dlq -- list <topic> [--limit N]
       npm run dlq -- replay <topic> [--event-id <id>] [--limit N]

The dead letters of a topic (the messages its consumers gave up on, parked on <topic>.dlq):
list them (ids, types, offsets, the error; never the event itself), and replay them to the
topic they came from once the cause is fixed. They stay on the .dlq topic after a replay.

topics: ${KNOWN_TOPICS.join(', ')} (the .dlq name is accepted too)
options:
  --event-id <id>   replay only this dead letter
  --limit <N>       read at most N dead letters (default 1000)
  -h, --help        this text
environment: the services' bus: BUS, KAFKA_BROKERS, BUS_URL (default sqlite:<DATA_DIR>/bus.db), DATA_DIR
exit status: 0 done; 1 no such topic, no bus file, no dead letter with that event id; 2 bad usage`,
  options: { limit: { type: 'string' }, 'event-id': { type: 'string' } },
  maxPositionals: 2,
});

async function main(): Promise<number> {
  const { positionals, values } = cli.parse();
  const [command, topicArgument] = positionals;
  if (command !== 'list' && command !== 'replay')
    usageError(command === undefined ? 'say what to do: list or replay' : `there is no command "${command}": use list or replay`);
  if (!topicArgument) usageError(`name the topic whose dead letters you want, e.g. ${TOPICS.intake}`);
  const limit = wholeNumber(values.limit, '--limit', { fallback: 1000 });
  const eventId = values['event-id'];
  if (command === 'list' && eventId !== undefined) usageError('--event-id is for replay; list shows every dead letter');
  const topic = topicArgument.endsWith('.dlq') ? topicArgument.slice(0, -'.dlq'.length) : topicArgument;
  if (!KNOWN_TOPICS.includes(topic)) fail(`there is no topic ${topic}: the topics are ${KNOWN_TOPICS.join(', ')}`);

  let settings;
  try {
    settings = busSettingsFrom(process.env);
  } catch (error) {
    if (error instanceof ConfigError) usageError(error.problems.join('; '));
    throw error;
  }
  // Opening the embedded bus creates its file: reading dead letters must not leave one behind.
  if (settings.kind === 'embedded' && settings.path !== ':memory:' && !existsSync(settings.path)) {
    fail(
      `no bus at ${settings.path}: nothing was ever published there, so no dead letters (the services' bus is BUS_URL, default sqlite:<DATA_DIR>/bus.db)`,
    );
  }
  const bus = await openBusTransport(settings, 'continuum-dlq', BUS_TRANSPORTS);
  try {
    const letters = await bus.admin.readDeadLetters(topic, { limit });
    if (command === 'list') {
      printLetters(topic, letters, settings.kind);
      return 0;
    }
    const chosen = eventId === undefined ? letters : letters.filter((letter) => eventIdOf(letter) === eventId);
    if (chosen.length === 0) {
      if (eventId !== undefined)
        fail(`no dead letter of ${topic} has event id ${eventId}; run \`npm run dlq -- list ${topic}\` to see them`);
      process.stdout.write(`${topic}.dlq holds no dead letters; nothing to replay\n`);
      return 0;
    }
    await bus.publisher.publish(chosen.map((letter) => replayOf(letter, topic)));
    for (const letter of chosen)
      process.stdout.write(
        `replayed ${eventIdOf(letter)} (${letter.headers[HEADERS.type] ?? 'unknown type'}) to ${letter.headers[HEADERS.originalTopic] ?? topic}\n`,
      );
    process.stdout.write(`${chosen.length} dead letter(s) replayed; they stay on ${topic}.dlq\n`);
    return 0;
  } finally {
    await bus.close();
  }
}

/** The event id of the payload, else of the header: letters are parked with whichever they carry. */
function eventIdOf(letter: DeliveredMessage): string {
  return payloadEventId(letter.value) ?? letter.headers[HEADERS.eventId] ?? '(no event id)';
}

function payloadEventId(value: string): string | undefined {
  try {
    const eventId = (JSON.parse(value) as { eventId?: unknown } | null)?.eventId;
    return typeof eventId === 'string' && eventId.length > 0 ? eventId : undefined;
  } catch {
    return undefined;
  }
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
  const line = (cells: string[]) =>
    `${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}\n`;
  process.stdout.write(`${letters.length} dead letter(s) of ${topic} (${bus} bus), oldest first\n`);
  process.stdout.write(line(header));
  for (const row of rows) process.stdout.write(line(row));
}

await cli.run(main);
