import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { holdExclusive } from './exclusive.js';

const folderOf = (name: string) => path.join(tmpdir(), `continuum-exclusive-${name}`);

describe('holdExclusive: one holder at a time across processes', () => {
  it('makes a second taker wait until the first releases', async () => {
    const name = `spec-${randomUUID()}`;
    const release = await holdExclusive(name);
    const order: string[] = [];
    const second = holdExclusive(name, { pollMs: 10 }).then((releaseSecond) => {
      order.push('second took it');
      releaseSecond();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('first releases');
    release();
    await second;
    expect(order).toEqual(['first releases', 'second took it']);
    expect(existsSync(folderOf(name))).toBe(false);
  });

  it('takes over a lock whose holder process has exited', async () => {
    const name = `spec-${randomUUID()}`;
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(folderOf(name));
    writeFileSync(path.join(folderOf(name), 'pid'), gone.stdout);
    const release = await holdExclusive(name, { timeoutMs: 2_000 });
    release();
  });

  it('gives up after the timeout, naming the holder and the folder to remove', async () => {
    const name = `spec-${randomUUID()}`;
    mkdirSync(folderOf(name));
    writeFileSync(path.join(folderOf(name), 'pid'), String(process.pid));
    try {
      await expect(holdExclusive(name, { timeoutMs: 100, pollMs: 10 })).rejects.toThrow(
        new RegExp(`held by process ${process.pid}.*remove .*continuum-exclusive-${name}`),
      );
    } finally {
      rmSync(folderOf(name), { recursive: true, force: true });
    }
  });
});
