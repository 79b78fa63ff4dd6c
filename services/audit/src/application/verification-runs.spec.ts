import { type IntegrityReport } from '../integrity/verify-store.js';
import { type StoreCheck, VerificationRuns } from './verification-runs.js';

// A verification run watched as the console watches it: a slow check (driven by the spec)
// reports its progress; the run's state follows it, then carries the report.

const reportOf = (eventsChecked: number, ok = true): IntegrityReport => ({
  ok,
  headPosition: eventsChecked,
  eventsChecked,
  streamsChecked: 3,
  firstFinding: null,
  findings: [],
  findingsTotal: ok ? 0 : 1,
  storeVerdicts: [],
  elapsedMs: 1500,
  eventsPerSecond: 2000,
});

/** A check that goes only as far as the spec moves it. */
function slowCheck() {
  const calls: Array<{
    headPosition: number;
    progress: (checked: number) => void;
    finish: (r: IntegrityReport) => void;
    fail: (e: Error) => void;
  }> = [];
  const check: StoreCheck = (headPosition, progress) =>
    new Promise((finish, fail) => {
      calls.push({ headPosition, progress, finish, fail });
    });
  return { check, calls };
}

let clock = Date.parse('2026-12-02T10:00:00Z');
const now = () => new Date(clock);

describe('a verification run', () => {
  it('advances while the check runs and carries its report once it finishes', async () => {
    const { check, calls } = slowCheck();
    const runs = new VerificationRuns({ headPosition: async () => 3000, check, now });
    const started = await runs.start();
    expect(started).toEqual({
      verificationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'running',
      checkedEvents: 0,
      totalEvents: 3000,
      startedAt: '2026-12-02T10:00:00.000Z',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headPosition).toBe(3000);

    calls[0]!.progress(1000);
    expect(runs.get(started.verificationId)).toMatchObject({ status: 'running', checkedEvents: 1000 });
    calls[0]!.progress(2500);
    expect(runs.get(started.verificationId)).toMatchObject({ status: 'running', checkedEvents: 2500 });
    expect(runs.get(started.verificationId)).not.toHaveProperty('finishedAt');

    clock += 1500;
    const report = reportOf(3000);
    calls[0]!.finish(report);
    expect(await runs.report()).toBe(report); // asked before the finish settles: the same check
    expect(runs.get(started.verificationId)).toEqual({
      ...started,
      status: 'intact',
      checkedEvents: 3000,
      finishedAt: '2026-12-02T10:00:01.500Z',
      report,
    });
  });

  it('gives the running check to whoever asks meanwhile: never two scans at once', async () => {
    const { check, calls } = slowCheck();
    const runs = new VerificationRuns({ headPosition: async () => 10, check, now });
    const [first, second] = await Promise.all([runs.start(), runs.start()]);
    const third = await runs.start();
    const report = runs.report();
    expect(calls).toHaveLength(1);
    expect(second.verificationId).toBe(first.verificationId);
    expect(third.verificationId).toBe(first.verificationId);
    calls[0]!.finish(reportOf(10, false));
    expect(await report).toEqual(reportOf(10, false));
    expect(runs.get(first.verificationId)).toMatchObject({ status: 'broken', checkedEvents: 10 });

    const next = await runs.start();
    expect(next.verificationId).not.toBe(first.verificationId);
    expect(calls).toHaveLength(2);
  });

  it('is failed, with no report, when the check cannot finish; an unknown id is nobody', async () => {
    const { check, calls } = slowCheck();
    const runs = new VerificationRuns({ headPosition: async () => 10, check, now, onFailure: () => undefined });
    const started = await runs.start();
    const report = runs.report();
    calls[0]!.fail(new Error('disk I/O error'));
    await expect(report).rejects.toThrow('disk I/O error');
    const failed = runs.get(started.verificationId);
    expect(failed).toMatchObject({ status: 'failed', finishedAt: expect.any(String) });
    expect(failed).not.toHaveProperty('report');
    expect(runs.get('6f1c2d3e-4a5b-4c6d-8e7f-901234567890')).toBeUndefined();
  });

  it('keeps the last finished runs only', async () => {
    const { check, calls } = slowCheck();
    const runs = new VerificationRuns({ headPosition: async () => 1, check, now, keepFinished: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await runs.start()).verificationId);
      const report = runs.report();
      calls[i]!.finish(reportOf(1));
      await report;
    }
    expect(ids.map((id) => runs.get(id)?.status)).toEqual([undefined, 'intact', 'intact']);
  });
});
