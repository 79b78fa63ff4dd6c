// Every tool as a new user meets it, from the build the npm scripts run (tools/launch.mjs):
// `--help` and `-h` print the usage on stdout and exit 0 without doing anything; an unknown
// option is one line on stderr, `<script>: unknown option '--bogus' (see --help)`, exit 2, no
// stack trace; neither leaves a file behind. The tools are read from the root package.json,
// so a new script that runs through the launcher is covered without touching this spec.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LAUNCHER = path.join(ROOT, 'tools/launch.mjs');

const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const TOOLS = Object.entries(scripts).flatMap(([script, command]) => {
  // Node flags may come first (the projection rebuilds run with the services' own, tools/run/service-node-flags.ts).
  const launched = /^node (?:--\S+ )*tools\/launch\.mjs (\S+)$/.exec(command);
  return launched ? [{ script, entry: path.join(ROOT, 'tools/dist', launched[1]!) }] : [];
});

type Run = { code: number | null; stdout: string; stderr: string };

function node(args: string[], cwd: string, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} ran longer than ${timeoutMs} ms; stderr so far:\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let cwd: string;

beforeAll(async () => {
  // The launcher builds when the build is missing or older than a source (once: later runs are current).
  const launched = await node([LAUNCHER, 'token/mint-token.js', '--help'], ROOT, 10 * 60_000);
  expect({ code: launched.code, stdout: launched.stdout.split('\n')[0] }).toEqual({
    code: 0,
    stdout: expect.stringMatching(/^usage: npm run token/),
  });
}, 10 * 60_000);
beforeEach(() => (cwd = mkdtempSync(path.join(tmpdir(), 'every-cli-'))));
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('every tool behind an npm script', () => {
  it('is found in package.json: the scripts of the issue and no fewer', () => {
    expect(TOOLS.map((tool) => tool.script).sort()).toEqual(
      [
        'audit',
        'audit:seed',
        'bench:bus',
        'bench:console',
        'bench:http',
        'bench:projections',
        'bench:store',
        'bench:verify',
        'checkpoints',
        'console:api-types',
        'demo',
        'dlq',
        'projections:rebuild',
        'start',
        'token',
        'walkthrough',
      ].sort(),
    );
  });

  it.each(TOOLS)('$script answers --help and -h with its usage on stdout, exit 0', async ({ script, entry }) => {
    const [long, short] = await Promise.all([node([entry, '--help'], cwd), node([entry, '-h'], cwd)]);
    expect({ code: long.code, stderr: long.stderr }).toEqual({ code: 0, stderr: '' });
    expect(long.stdout).toMatch(script === 'start' ? /^usage: npm start/ : new RegExp(`^usage: npm run ${script} `));
    expect(long.stdout).toContain('-h, --help');
    expect(short).toEqual(long);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each(TOOLS)('$script answers an unknown option with one line on stderr, exit 2', async ({ script, entry }) => {
    const run = await node([entry, '--bogus'], cwd);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${script}: unknown option '--bogus' (see --help)\n` });
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('the launcher', () => {
  it('runs the built tool with the arguments given, its exit code its own', async () => {
    const run = await node([LAUNCHER, 'dlq/dlq.js', 'list', 'continuum.intake.events.v1', '--limit', 'none'], cwd);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'dlq: --limit takes a whole number of at least 1 (got "none") (see --help)\n' });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a tool that is not under tools/dist', async () => {
    const run = await node([LAUNCHER, '../../package.json'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^launch: name a built tool under tools\/dist/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
