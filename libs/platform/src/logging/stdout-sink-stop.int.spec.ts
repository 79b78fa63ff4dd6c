import { fileURLToPath } from 'node:url';
import { spawnTs } from '@continuum/testing';

// The stdout sink gathers log lines for up to 50 ms. A service stopped by SIGTERM runs its
// shutdown hooks and then ends by the signal, with no 'exit' event: the platform module's hook
// writes the gathered lines, so a service's last lines (its stop, a last error) are not lost.

const STOPPED_PROCESS = fileURLToPath(new URL('./testing/stopped-by-signal-process.ts', import.meta.url));

it('writes the lines gathered for stdout when a service stops on SIGTERM, before the signal ends it', async () => {
  const child = spawnTs(STOPPED_PROCESS);
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error('the process ended before it was ready')));
  });
  child.kill('SIGTERM');
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, ended) => resolve(ended)));
  expect(signal).toBe('SIGKILL');
  expect(stdout).toBe('{"message":"the last line before the stop"}\n');
}, 30_000);
