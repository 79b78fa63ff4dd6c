// A consumer-group member in its own OS process, for the cross-process specs of the embedded
// bus: it opens the bus file, joins the group on the topic, and prints one line per message
// it handled, before the offset is committed:
//
//   ready <memberId>
//   handled {"key":…,"sequence":…,"partition":…,"offset":…}
//
// With `crash-after-first` it kills itself (SIGKILL) right after handling its first message:
// the handler ran, the commit never happened.
//
// With a sixth argument, its consumers poll only that often (ms): what other processes publish
// must then reach it through the bus's watch on the file.
//
//   node --import libs/testing/src/ts-loader.mjs group-member-process.ts <file> <group> <topic> <workMs> <work|crash-after-first> [pollIntervalMs]
import { EmbeddedBus } from '../embedded-bus.js';
import { type EmbeddedBusContext } from '../embedded-bus-context.js';
import { MEMBER_TIMINGS } from './recording-member.js';

const [path, group, topic, workMsText, mode, pollText] = process.argv.slice(2);
const workMs = Number(workMsText);

const bus = EmbeddedBus.open({ path, ...MEMBER_TIMINGS, ...(pollText ? { pollIntervalMs: Number(pollText) } : {}) });
const server = bus.server({ group });
server.addHandler(
  topic,
  async (payload: { sequence: number }, context?: EmbeddedBusContext) => {
    await new Promise((resolve) => setTimeout(resolve, workMs));
    const message = context!.getMessage();
    const line = { key: message.key, sequence: payload.sequence, partition: context!.getPartition(), offset: Number(message.offset) };
    process.stdout.write(`handled ${JSON.stringify(line)}\n`);
    if (mode === 'crash-after-first') process.kill(process.pid, 'SIGKILL');
  },
  true,
);
server.listen((error) => {
  if (error) {
    process.stderr.write(`could not join group ${group}: ${String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(`ready ${server.memberId}\n`);
});
process.once('SIGTERM', () => void bus.close().then(() => process.exit(0)));
