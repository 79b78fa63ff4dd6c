import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STDOUT_BATCH_BYTES, STDOUT_FLUSH_MS, batchedSink } from './stdout-sink.js';

describe('the stdout sink', () => {
  let folder: string;
  let file: string;
  let fd: number;
  let batched: ReturnType<typeof batchedSink>;
  const written = () => readFileSync(file, 'utf8');

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'stdout-sink-'));
    file = path.join(folder, 'out.log');
    fd = openSync(file, 'a');
    batched = batchedSink(fd);
  });
  afterEach(() => {
    batched.close();
    closeSync(fd);
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows a quiet service its lines, in order, within the flush period', async () => {
    batched.sink('{"n":1}\n');
    batched.sink('{"n":2}\n');
    await new Promise((resolve) => setTimeout(resolve, STDOUT_FLUSH_MS * 3));
    expect(written()).toBe('{"n":1}\n{"n":2}\n');
  });

  it('writes a busy service its lines as soon as a batch has gathered, and the rest when flushed', () => {
    const line = `${JSON.stringify({ message: 'request', padding: 'x'.repeat(200) })}\n`;
    const lines = Array.from({ length: Math.ceil(STDOUT_BATCH_BYTES / line.length) + 3 }, () => line);
    for (const each of lines) batched.sink(each);
    const beforeFlush = written();
    expect(beforeFlush.length).toBeGreaterThanOrEqual(STDOUT_BATCH_BYTES);
    expect(beforeFlush.length).toBeLessThan(lines.join('').length);
    batched.flushSync();
    expect(written()).toBe(lines.join(''));
  });
});
