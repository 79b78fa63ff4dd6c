import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openEventStore } from '@continuum/event-store';
import { runTs } from '@continuum/testing';
import { fullScanOf } from '@continuum/audit/client-index/testing/full-scan.js';
import { syntheticClientId, writeSyntheticHistory } from '@continuum/audit/seeding/synthetic-history.js';
import { EVENT_STORES } from '../adapters.js';

// The CLI as an auditor runs it: a child process on a store file, text or --json out.

const CLI = fileURLToPath(new URL('./continuum-audit.ts', import.meta.url));
const SEED = fileURLToPath(new URL('./seed-store.ts', import.meta.url));
let folder: string;
let storeFile: string;
let env: NodeJS.ProcessEnv;
const audit = (...args: string[]) => runTs(CLI, [...args, '--store', `sqlite:${storeFile}`], { env, timeoutMs: 60_000 });
// Synthetic client 0 relapses (stepped up to residential, then PHP); client 1 moves site.
const relapsing = syntheticClientId(0);
const transferred = syntheticClientId(1);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));
  // The client index goes into the test's folder (DATA_DIR), not the repository's ./data.
  env = { ...process.env, EVENT_STORE_URL: '', DATA_DIR: folder };
  storeFile = path.join(folder, 'events.db');
  // The audit's own synthetic history: the relapse and the move these questions are about.
  const store = await openEventStore(`sqlite:${storeFile}`, EVENT_STORES);
  await writeSyntheticHistory(store, { to: 10, concurrency: 4 });
  await store.close();
}, 90_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('audit:seed writes at least N events of synthetic clients into a new store, and says how many', async () => {
  const seededFile = path.join(folder, 'seeded.db');
  const seeded = await runTs(SEED, ['--store', `sqlite:${seededFile}`, '--events', '200', '--concurrency', '4'], {
    env,
    timeoutMs: 60_000,
  });
  expect(seeded.stderr).toBe('');
  expect(seeded.code).toBe(0);
  const [, written, clients, head] =
    /^wrote (\d+) events for (\d+) synthetic clients into sqlite:.* events\/s\); head position (\d+)\n$/.exec(seeded.stdout) ?? [];
  expect(Number(written)).toBeGreaterThanOrEqual(200);
  expect(Number(clients)).toBeGreaterThan(0);
  expect(head).toBe(written);
}, 60_000);

describe('continuum-audit', () => {
  it("prints a client's history across services, one line per event, with who acted, why and on what evidence", async () => {
    const run = await audit('history', relapsing);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ event\(s\)$/);
    const stepUp = lines.find((line) => line.includes('LevelOfCareChanged') && line.includes('reason relapse'));
    expect(stepUp).toMatch(/by clinician clinician-\d+ {2}reason relapse {2}evidence drug-test:/);
    expect(run.stderr).toMatch(/^answered from \d+ events read up to position \d+ in [\d.]+ s\n$/);
    // The text leaves payloads out: the person's name is in intake's events, not on the screen.
    expect(run.stdout).not.toContain('Synthetic');
  }, 60_000);

  it('gives the history as JSON, filtered by service and type', async () => {
    const run = await audit('history', relapsing, '--json', '--service', 'dual-diagnosis');
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as Array<{ type: string; service: string; data: { clientId?: string } }>;
    expect(entries.map((entry) => entry.type)).toEqual(['ReferralOpened', 'ReferralSent', 'ReferralCompleted']);
    const discharges = JSON.parse(
      (await audit('history', transferred, '--json', '--type', 'SiteTransferred', '--type', 'EpisodeDischarged')).stdout,
    ) as Array<{ type: string; siteId: string }>;
    expect(discharges.map((entry) => [entry.type, entry.siteId])).toEqual([
      ['SiteTransferred', 'site-east'],
      ['EpisodeDischarged', 'site-east'],
    ]);
  }, 60_000);

  it('answers as of an instant, naming the last event used; before anything was recorded it says so and exits 1', async () => {
    const now = await audit('as-of', relapsing, '--at', '2100-01-01T00:00:00Z');
    expect(now.code).toBe(0);
    expect(now.stdout).toContain('level of care: none (no episode open)');
    expect(now.stdout).toMatch(/episode [0-9a-f-]+: discharged \d{4}-\d{2}-\d{2} \(completed\)/);
    expect(now.stdout).toMatch(/last event used \(\d+ in all\): #\d+ EpisodeEnded [0-9a-f-]+ \(care-episode-client-/);
    const json = JSON.parse((await audit('as-of', relapsing, '--at', '2100-01-01T00:00:00Z', '--json')).stdout) as {
      referrals: Array<{ status: string }>;
      lastEventUsed: { eventId: string };
    };
    expect(json.referrals).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(json.lastEventUsed.eventId).toEqual(expect.any(String));
    const before = await audit('as-of', relapsing, '--at', '2000-01-01T00:00:00Z');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('nothing about this client had been recorded by then');
  }, 60_000);

  it('prints the level-of-care timeline with the step-up, its evidence and the payer variance', async () => {
    const run = await audit('timeline', relapsing);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/→ .*3\.5 .* at site-north\n {6}began: step-up, reason relapse, evidence drug-test:[0-9a-f-]+\n/);
    expect(run.stdout).toContain('payer: authorised 2.1 (IOP, 3rd ed.) while the clinical level is 3.5');
  }, 60_000);

  it('records its read of a client in the access log, as the service does, before it shows anything', async () => {
    const run = await audit('timeline', transferred, '--user', 'auditor-9');
    expect(run.code).toBe(0);
    const store = await openEventStore(`sqlite:${storeFile}`, EVENT_STORES);
    try {
      const reads = [];
      for await (const event of store.readAll({ filter: { streamPrefixes: ['access-log-audit-cli-'] } })) {
        if ((event.data as { userId: string }).userId === 'auditor-9') reads.push(event);
      }
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        type: 'ClientRecordAccessed',
        data: {
          clientId: transferred,
          role: 'auditor',
          service: 'audit-cli',
          what: { method: 'CLI', route: 'npm run audit -- timeline', resourceKind: 'audit-timeline' },
          purposeOfUse: 'HCOMPL',
        },
        metadata: { clientId: transferred, actor: { userId: 'auditor-9', role: 'auditor' } },
      });
    } finally {
      await store.close();
    }
    expect((await audit('timeline', transferred, '--user', 'not a user')).code).toBe(2);
  }, 60_000);

  it('verifies the whole store, printing events per second, and exits 0 when nothing was touched', async () => {
    const run = await audit('verify');
    expect(run.code).toBe(0);
    // The seeded clients' 50 streams, and one access-log stream per earlier run that read a client.
    const [, streams] = /^verified \d+ events in (\d+) streams up to position \d+ in [\d.]+ s: \d+ events\/s\nOK/.exec(run.stdout) ?? [];
    const store = await openEventStore(`sqlite:${storeFile}`, EVENT_STORES);
    try {
      const readers = new Set<string>();
      for await (const event of store.readAll({ filter: { streamPrefixes: ['access-log-audit-cli-'] } })) readers.add(event.streamId);
      expect(readers.size).toBeGreaterThan(0);
      expect(Number(streams)).toBe(50 + readers.size);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('exits 1 and names the event when a row was altered in the file', async () => {
    const tampered = path.join(folder, 'tampered.db');
    copyFileSync(storeFile, tampered);
    const db = new Database(tampered);
    const row = db.prepare("SELECT position, event_id FROM events WHERE type = 'PlacementDecided' ORDER BY position LIMIT 1").get() as {
      position: number;
      event_id: string;
    };
    db.prepare("UPDATE events SET data = json_set(data, '$.level.code', '3.7') WHERE position = ?").run(row.position);
    db.close();
    const run = await runTs(CLI, ['verify', '--json', '--store', `sqlite:${tampered}`], { env, timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; firstFinding: { kind: string; position: number; eventId: string } };
    expect(report).toMatchObject({ ok: false, firstFinding: { kind: 'altered', position: row.position, eventId: row.event_id } });
  }, 60_000);

  it('exports a client as a FHIR R4 Bundle on stdout, saying on stderr how many resources it wrote', async () => {
    const run = await audit('export', relapsing);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/exported \d+ FHIR resources\n/);
    const bundle = JSON.parse(run.stdout) as {
      resourceType: string;
      type: string;
      entry: Array<{ resource: { resourceType: string; status?: string } }>;
    };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry[0]!.resource).toMatchObject({ resourceType: 'Patient', id: relapsing });
    expect(bundle.entry.find((entry) => entry.resource.resourceType === 'EpisodeOfCare')!.resource.status).toBe('finished');
    expect(run.stdout).not.toContain('Synthetic');
  }, 60_000);

  it('accounts for disclosures, and exits 1 when the client has none in the 6 years', async () => {
    const run = await audit('disclosures', relapsing, '--as-of', '2030-01-01T00:00:00Z');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`accounting of disclosures of client ${relapsing} as of 2030-01-01T00:00:00.000Z`);
    expect(run.stdout).toMatch(
      /Part 2: disclosures of the 3 years before the request \(42 CFR 2\.25\), from 2027-01-01T00:00:00\.000Z to 2030-01-01T00:00:00\.000Z, both inclusive: 0\nHIPAA: disclosures of the 6 years before the request \(45 CFR 164\.528\(b\)\(1\)\), from 2024-01-01T00:00:00\.000Z to 2030-01-01T00:00:00\.000Z, both inclusive: 0/,
    );
    const bad = await audit('disclosures', relapsing, '--as-of', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of takes an ISO 8601 instant');
  }, 60_000);

  it('takes the shorter period a client chose with --since, and refuses one that is not a day or starts after the request', async () => {
    // From the start of its first day.
    const shorter = await audit('disclosures', relapsing, '--as-of', '2030-01-01T00:00:00Z', '--since', '2029-06-01');
    expect(shorter.stdout).toMatch(/, from 2029-06-01 as the client chose\n.*from 2029-06-01T00:00:00\.000Z to 2030-01-01T00:00:00\.000Z/);
    const notADay = await audit('disclosures', relapsing, '--since', 'last spring');
    expect(notADay.code).toBe(2);
    expect(notADay.stderr).toContain('--since takes a day, YYYY-MM-DD');
    const afterTheRequest = await audit('disclosures', relapsing, '--as-of', '2030-01-01T00:00:00Z', '--since', '2030-01-02');
    expect(afterTheRequest.code).toBe(2);
    expect(afterTheRequest.stderr).toContain('--since 2030-01-02 is after the moment of the accounting');
  }, 120_000);

  it('answers from a client index under DATA_DIR named after the store, caught up with what was appended since the last question', async () => {
    expect((await audit('history', relapsing)).code).toBe(0);
    expect(readdirSync(path.join(folder, 'audit'))).toContainEqual(expect.stringMatching(/^client-index\.events-[0-9a-f]{10}\.db$/));
    const store = await openEventStore(`sqlite:${storeFile}`, EVENT_STORES);
    try {
      await writeSyntheticHistory(store, { from: 10, to: 11 });
      const newcomer = syntheticClientId(10);
      const run = await audit('history', newcomer, '--json');
      expect(run.code).toBe(0);
      const entries = JSON.parse(run.stdout) as Array<{ eventId: string }>;
      expect(entries.map((entry) => entry.eventId)).toEqual((await fullScanOf(store, newcomer)).map((event) => event.eventId));
      expect(entries.length).toBeGreaterThan(10);
      // It read the newcomer's streams, not the store.
      const [, read] = /^answered from (\d+) events/.exec(run.stderr) ?? [];
      expect(Number(read)).toBe(entries.length);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('rebuilds the index given with --index from zero, and says why, when it finds another store behind it', async () => {
    const indexFile = path.join(folder, 'shared-index.db');
    const other = path.join(folder, 'other.db');
    const seeded = await runTs(SEED, ['--store', `sqlite:${other}`, '--events', '60', '--concurrency', '1'], { env, timeoutMs: 60_000 });
    expect(seeded.code).toBe(0);
    const at = '2100-01-01T00:00:00Z';
    const first = await audit('as-of', relapsing, '--at', at, '--json', '--index', indexFile);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('client index');
    expect(existsSync(indexFile)).toBe(true);
    const onOther = await runTs(CLI, ['as-of', relapsing, '--at', at, '--json', '--index', indexFile, '--store', `sqlite:${other}`], {
      env,
      timeoutMs: 60_000,
    });
    expect(onOther.code).toBe(0);
    expect(onOther.stderr).toMatch(
      /^client index: rebuilding from zero: the store's first event is not the one indexed \(event [0-9a-f-]+\): this is another store, or its file was replaced\n/,
    );
    const store = await openEventStore(`sqlite:${other}`, EVENT_STORES);
    try {
      // As of passes over the access log, where each run of the CLI recorded its read.
      const lastAboutTheClient = (await fullScanOf(store, relapsing)).filter((event) => !event.streamId.startsWith('access-log-')).at(-1)!;
      expect((JSON.parse(onOther.stdout) as { lastEventUsed: { position: number; eventId: string } }).lastEventUsed).toMatchObject({
        position: lastAboutTheClient.position,
        eventId: lastAboutTheClient.eventId,
      });
    } finally {
      await store.close();
    }
    // Back on the first store: rebuilt again, and the first answer again.
    const back = await audit('as-of', relapsing, '--at', at, '--json', '--index', indexFile);
    expect(back.stderr).toContain('client index: rebuilding from zero');
    expect(back.stdout).toBe(first.stdout);
  }, 90_000);

  it('refuses a store file that does not exist rather than creating an empty one (exit 1), and an unknown command (exit 2, one line)', async () => {
    const typo = path.join(folder, 'typo.db');
    const missing = await runTs(CLI, ['verify', '--store', `sqlite:${typo}`], { env, timeoutMs: 60_000 });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `audit: there is no event store at ${typo}: give --store sqlite:<path of the store file>, or set EVENT_STORE_URL\n`,
    );
    expect(existsSync(typo)).toBe(false);
    const unknown = await audit('erase', relapsing);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'audit: there is no command "erase": use history, as-of, timeline, verify, disclosures, export (see --help)\n',
    );
    const badService = await audit('history', relapsing, '--service', 'billing');
    expect(badService.stderr).toContain('--service billing is not a service');
    const reseed = await runTs(SEED, ['--store', `sqlite:${storeFile}`, '--events', '100'], { env, timeoutMs: 60_000 });
    expect(reseed.code).toBe(2);
    expect(reseed.stderr).toContain('already holds events: seed a new file');
  }, 60_000);
});
