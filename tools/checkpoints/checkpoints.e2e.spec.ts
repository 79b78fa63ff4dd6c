import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openEventStore } from '@continuum/event-store';
import { spawnSync } from 'node:child_process';
import { writeSyntheticHistory } from '@continuum/audit/seeding/synthetic-history.js';
import { EVENT_STORES } from '../adapters.js';

// The command line as an operator runs it (npm run checkpoints: the built tool, through the
// launcher): a key made, checkpoints signed and exported, then verified against the store, and
// again after an intruder deletes the newest events and the checkpoint that covered them.

const LAUNCHER = path.resolve(import.meta.dirname, '../launch.mjs');
type Run = { code: number | null; stdout: string; stderr: string };
function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Run {
  const child = spawnSync(process.execPath, [LAUNCHER, 'checkpoints/checkpoints.js', ...args], {
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
let folder: string;
let store: string;
let env: NodeJS.ProcessEnv;
let firstHead: number;
const checkpoints = async (...args: string[]) => run([...args, '--store', `sqlite:${store}`]);
/** The audit's own verify, which checks the signed checkpoints when given the keys to trust. */
const auditVerify = (...args: string[]): Run => {
  const child = spawnSync(process.execPath, [LAUNCHER, 'audit/continuum-audit.js', 'verify', '--store', `sqlite:${store}`, ...args], {
    env,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
};

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'checkpoints-cli-'));
  store = path.join(folder, 'events.db');
  env = { ...process.env, EVENT_STORE_URL: '', CHECKPOINT_SIGNING_KEY_FILE: '' };
  firstHead = await seed(0, 4);
  // The launcher builds first when the build is older than a source (once).
  expect(run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: npm run checkpoints /) });
}, 10 * 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes synthetic clients from..to-1; the store's head position after. */
async function seed(from: number, to: number): Promise<number> {
  const opened = await openEventStore(`sqlite:${store}`, EVENT_STORES);
  try {
    await writeSyntheticHistory(opened, { from, to, concurrency: 2 });
    return await opened.headPosition();
  } finally {
    await opened.close();
  }
}

it(
  'makes a key, signs, exports and verifies; then finds the newest checkpoint and events removed',
  async () => {
    const key = path.join(folder, 'key.pem');
    const made = await checkpoints('keygen', '--out', key);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const publicKey = path.join(folder, 'key.pub.pem');
    writeFileSync(publicKey, made.stdout);
    expect((await checkpoints('keygen', '--out', key)).stderr).toBe(`checkpoints: ${key} exists: a signing key is never overwritten\n`);

    expect(await checkpoints('sign')).toMatchObject({ code: 2, stderr: expect.stringContaining('CHECKPOINT_SIGNING_KEY_FILE') });
    const first = run(['sign', '--store', `sqlite:${store}`], { CHECKPOINT_SIGNING_KEY_FILE: key });
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(`^signed checkpoint 1: 20 streams up to position ${firstHead}, root [0-9a-f]{64}, key ed25519:`),
      ),
    });
    const secondHead = await seed(4, 5);
    expect((await checkpoints('sign', '--key', key)).stdout).toMatch(
      new RegExp(`^signed checkpoint 2: 25 streams up to position ${secondHead},`),
    );
    const head = await seed(5, 6);

    const exported = path.join(folder, 'export.jsonl');
    expect(await checkpoints('export', '--out', exported)).toMatchObject({ code: 0, stderr: `exported 2 checkpoints to ${exported}\n` });
    expect(readFileSync(exported, 'utf8').trim().split('\n')).toHaveLength(2);

    const clean = await checkpoints('verify', '--trust', publicKey, '--exported', exported);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(new RegExp(`^OK: 2 signed checkpoints verify, the last \\(2, .*\\) up to position ${secondHead}\n`));
    expect(clean.stdout).toContain(
      `not yet anchored: ${head - secondHead} events at positions ${secondHead + 1}–${head}, after the last checkpoint`,
    );

    // The audit's verify says the same, and says when it was not asked to check signatures.
    const audited = auditVerify('--trust', publicKey, '--exported', exported);
    expect(audited.code).toBe(0);
    expect(audited.stdout).toContain('signed checkpoints: OK: 2 signed checkpoints verify');
    expect(auditVerify().stdout).toContain('signed checkpoints: not checked; give the trusted public keys with --trust <file>');

    const db = new Database(store);
    db.prepare('DELETE FROM events WHERE position > ?').run(firstHead);
    db.prepare('DELETE FROM signed_checkpoints WHERE sequence = 2').run();
    db.close();
    expect((await checkpoints('verify', '--trust', publicKey)).code).toBe(0); // the store alone cannot tell
    const truncated = await checkpoints('verify', '--trust', publicKey, '--exported', exported, '--json');
    expect(truncated.code).toBe(1);
    const report = JSON.parse(truncated.stdout) as { findings: Array<{ kind: string }> };
    expect(report.findings.map((finding) => finding.kind)).toEqual([
      'checkpoint-missing',
      'truncated',
      'changed-after-signing',
      'changed-after-signing',
      'changed-after-signing',
      'changed-after-signing',
      'changed-after-signing',
    ]);
    const auditedTruncated = auditVerify('--trust', publicKey, '--exported', exported);
    expect(auditedTruncated.code).toBe(1);
    expect(auditedTruncated.stdout).toContain('signed checkpoints: FOUND 7 problems with the signed checkpoints:');

    chmodSync(key, 0o640);
    expect(await checkpoints('sign', '--key', key)).toMatchObject({
      code: 1,
      stderr: `checkpoints: ${key} is readable by others (mode 640): allow only the signing process's user (chmod 600)\n`,
    });
  },
  5 * 60_000,
);
