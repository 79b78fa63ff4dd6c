import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Multi-process tests (two writers on one SQLite file, a consumer killed mid-batch, a
// cross-process bus) run our TypeScript in real child processes. The children get the
// ts-loader hooks, so they import `@continuum/<lib>` and `./x.js` exactly like the code
// under test, straight from the sources.

const TS_LOADER = fileURLToPath(new URL('./ts-loader.mjs', import.meta.url));

/** The node arguments that let a process run a .ts file of this repository. */
export const TS_NODE_ARGUMENTS: readonly string[] = ['--enable-source-maps', '--import', TS_LOADER];

/**
 * Starts `node --import ts-loader.mjs <file> ...args` and returns the child, for tests that
 * talk to it (stdin/stdout, signals, kill mid-work). stdout and stderr are pipes unless
 * `options.stdio` says otherwise; the child inherits the environment.
 */
export function spawnTs(file: string, args: readonly string[] = [], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [...TS_NODE_ARGUMENTS, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

export type TsRun = {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

/**
 * Runs a .ts file to its end and resolves with its output. Never rejects because of the
 * exit code: the test decides what a failure is. It rejects only if the process cannot be
 * started, or (with `timeoutMs`) kills it and rejects when it runs too long.
 */
export function runTs(file: string, args: readonly string[] = [], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<TsRun> {
  const { timeoutMs, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawnTs(file, args, spawnOptions);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${file} ran longer than ${timeoutMs} ms and was killed; its stderr so far:\n${stderr}`));
          }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
