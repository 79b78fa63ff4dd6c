// `npm run demo` as a user runs it: a program that says how it runs, prints the journey and
// the timeline without a name in sight, exits 0; keeps its data with --data; and exits 2 with
// a one-line message when --data names a folder it cannot use. (The journey's own assertions
// are the whole-journey system test.)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTs } from '@continuum/testing';

const DEMO = path.resolve(import.meta.dirname, 'demo.ts');

describe('npm run demo', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'demo-spec-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('says how it runs, prints every step and the level-of-care timeline with ids and codes only, keeps its data with --data, and exits 0', async () => {
    const data = path.join(folder, 'kept');
    const run = await runTs(DEMO, ['--data', data], { timeoutMs: 120_000 });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(
      /run in this process on the embedded bus, on a simulated clock so months pass in seconds; `npm start` runs them as separate processes on the real clock/,
    );
    expect(run.stdout).toMatch(/2026-09-16 {2}treatment-plan step-up ASAM 3 2\.1 → ASAM 3 2\.5 \(PHP\), reason relapse/);
    expect(run.stdout).toMatch(
      /2026-11-15 {2}aftercare {6}day-30 check-in: relapse, BARC-10 39 \(down 11\) → CheckInRecorded, ReadmissionRecommended/,
    );
    expect(run.stdout).not.toMatch(/Alex|Example|1988-03-14|555 0100|Riverside Trauma Clinic/);

    const timeline = lines.slice(lines.indexOf('level-of-care timeline') + 1);
    expect(
      timeline
        .slice(0, 6)
        .map((line) => line.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<episode>').replace(/drug-test [0-9a-f]{8}/g, 'drug-test <test>')),
    ).toEqual([
      'episode <episode> from 2026-09-07, discharged 2026-10-16 (completed)',
      '  ASAM 3 2.1  site-north   2026-09-07 → 2026-09-16  began: admitted; ended: step-up, reason relapse (evidence drug-test <test>)',
      '  ASAM 3 2.5  site-north   2026-09-16 → 2026-10-05  began: step-up, reason relapse (evidence drug-test <test>); ended: step-down, reason clinical-progress (evidence review review-1)',
      '  ASAM 3 2.1  site-north   2026-10-05 → 2026-10-16  began: step-down, reason clinical-progress (evidence review review-1); ended: discharged, completed',
      'episode <episode> from 2026-11-18, open, follows <episode>',
      expect.stringMatching(
        /^ {2}ASAM 3 2\.1 {2}site-north {3}2026-11-18 → … +began: admitted \(readmission after [0-9a-f]{8}\); ended: current$/,
      ),
    ]);
    expect(run.stdout).toMatch(/audit: the event store's integrity verified \(\d+ events in \d+ streams, no finding\)/);
    expect(existsSync(path.join(data, 'events.db'))).toBe(true);
  }, 150_000);

  it('refuses a --data folder that already holds something, in one line, and exits 2 without starting', async () => {
    writeFileSync(path.join(folder, 'events.db'), '');
    const run = await runTs(DEMO, ['--data', folder], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `demo: --data ${folder} is not empty: the demo starts from an empty store; give a new or empty folder (see --help)\n`,
    );
  }, 90_000);
});
