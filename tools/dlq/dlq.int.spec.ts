import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BusTransport, HEADERS, busSettingsFrom, deadLetterTopic, openBusTransport } from '@continuum/messaging';
import { runTs } from '@continuum/testing';
import { BUS_TRANSPORTS } from '../adapters.js';

const DLQ_TOOL = fileURLToPath(new URL('./dlq.ts', import.meta.url));
const topic = 'continuum.intake.events.v1';

describe('the dead-letter tool on the embedded bus', () => {
  let dir: string;
  let env: Record<string, string>;
  let bus: BusTransport;
  const dlq = (...args: string[]) => runTs(DLQ_TOOL, args, { env: { ...process.env, ...env }, timeoutMs: 60_000 });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-dlq-'));
    env = { BUS: 'embedded', BUS_URL: `sqlite:${join(dir, 'bus.db')}` };
    bus = await openBusTransport(busSettingsFrom(env), 'dlq-spec', BUS_TRANSPORTS);
    const park = (eventId: string, offset: string) => ({
      topic: deadLetterTopic(topic),
      key: 'client-1',
      value: JSON.stringify({ eventId, type: 'ClientAdmitted', clientId: 'client-1', data: { note: 'clinical detail' } }),
      headers: {
        [HEADERS.eventId]: eventId,
        [HEADERS.type]: 'ClientAdmitted',
        [HEADERS.error]: 'unknown level of care "9.9"',
        [HEADERS.attempts]: '5',
        [HEADERS.originalTopic]: topic,
        [HEADERS.originalPartition]: '2',
        [HEADERS.originalOffset]: offset,
        [HEADERS.consumerGroup]: 'aftercare',
      },
    });
    await bus.publisher.publish([park('evt-1', '7'), park('evt-2', '9')]);
  });
  afterEach(async () => {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each dead letter with its event id, type, attempts, group, origin and error, and none of the event itself', async () => {
    const run = await dlq('list', topic);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 dead letter\(s\) of continuum\.intake\.events\.v1/);
    expect(run.stdout).toMatch(/evt-1\s+ClientAdmitted\s+5\s+aftercare\s+2\/7\s+unknown level of care "9.9"/);
    expect(run.stdout).toMatch(/evt-2/);
    expect(run.stdout).not.toContain('clinical detail');
  }, 60_000);

  it('replays only the dead letter asked for, to its original topic', async () => {
    const run = await dlq('replay', topic, '--event-id', 'evt-2');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`replayed evt-2 (ClientAdmitted) to ${topic}`);
    expect(await bus.admin.consumerLag('a-group-that-never-read', [topic])).toBe(1);
  }, 60_000);

  it('reads the event id from the payload or from the header, whichever the letter carries, and replays by either', async () => {
    const parkedBy = (value: string, headers: Record<string, string>) => ({
      topic: deadLetterTopic(topic),
      key: 'client-2',
      value,
      headers: { ...headers, [HEADERS.error]: 'envelope: refused', [HEADERS.attempts]: '0', [HEADERS.originalTopic]: topic },
    });
    await bus.publisher.publish([
      // The id in the payload only: `{"eventId":…,"foo":1}` as a producer sent it.
      parkedBy(JSON.stringify({ eventId: 'evt-in-payload', foo: 1 }), {}),
      // The id in the header only, with a value that is not JSON.
      parkedBy('\u0000\u0001 not json', { [HEADERS.eventId]: 'evt-in-header' }),
    ]);
    const list = await dlq('list', topic);
    expect(list.stdout).toMatch(/4 dead letter\(s\)/);
    expect(list.stdout).toMatch(/evt-in-payload\s+0\s+\?\/\?\s+envelope: refused/);
    expect(list.stdout).toMatch(/evt-in-header\s+0\s+/);
    expect(list.stdout).not.toContain('(no event id)');

    for (const eventId of ['evt-in-payload', 'evt-in-header']) {
      const replay = await dlq('replay', topic, '--event-id', eventId);
      expect(replay.code).toBe(0);
      expect(replay.stdout).toContain(`replayed ${eventId} (unknown type) to ${topic}`);
    }
    expect(await bus.admin.consumerLag('a-group-that-never-read', [topic])).toBe(2);
  }, 60_000);

  it('says how to find the ids when the event id asked for is not there, and exits 1', async () => {
    const run = await dlq('replay', topic, '--event-id', 'evt-404');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dlq: no dead letter of ${topic} has event id evt-404; run \`npm run dlq -- list ${topic}\` to see them\n`);
    expect(await bus.admin.consumerLag('a-group-that-never-read', [topic])).toBe(0);
  }, 60_000);

  it('answers a topic that does not exist with exit 1', async () => {
    const run = await dlq('list', 'continuum.billing.events.v1');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^dlq: there is no topic continuum\.billing\.events\.v1: the topics are continuum\.intake\.events\.v1, .*\n$/,
    );
  }, 60_000);

  it('refuses an unknown command in one line, exit 2', async () => {
    const run = await dlq('purge', topic);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dlq: there is no command "purge": use list or replay (see --help)\n');
  }, 60_000);
});

describe('the dead-letter tool where no bus has been written', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'continuum-dlq-none-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists nothing and creates no bus file: it says there is no bus there, exit 1', async () => {
    // The default bus, <DATA_DIR>/bus.db, from a folder holding nothing.
    const run = await runTs(DLQ_TOOL, ['list', topic], {
      env: { ...process.env, BUS: 'embedded', BUS_URL: '', DATA_DIR: join(dir, 'data') },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `dlq: no bus at ${join(dir, 'data')}/bus.db: nothing was ever published there, so no dead letters (the services' bus is BUS_URL, default sqlite:<DATA_DIR>/bus.db)\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('replays nothing and creates no bus file, exit 1', async () => {
    const run = await runTs(DLQ_TOOL, ['replay', topic, '--event-id', 'nope'], {
      env: { ...process.env, BUS: 'embedded', BUS_URL: `sqlite:${join(dir, 'bus.db')}` },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dlq: no bus at .*bus\.db/);
    expect(existsSync(join(dir, 'bus.db'))).toBe(false);
  }, 60_000);
});
