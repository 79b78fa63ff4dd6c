// Where a service's log lines go: stdout, a few kilobytes at a time. `process.stdout.write` to a
// pipe or a file is one synchronous write(2) per line on the event loop: under load, one
// syscall per request for its request line alone. sonic-boom gathers the lines and writes them
// in one call once 4 KB have gathered, or every 50 ms, so a busy service pays one syscall for
// dozens of lines and a quiet one shows its lines within 50 ms. The writes stay on the event loop
// (in order, and off libuv's thread pool, where the bus's and the inbox's WAL syncs run).
// What this gives up: the lines gathered, at most 50 ms' worth, are lost if the process is
// killed (SIGKILL, a power cut, a crash of Node itself). Log lines only: no event, inbox entry
// or access-log entry is ever written here (each is durable in its store before a response), and
// an orderly stop (SIGTERM, SIGINT: the platform module's shutdown hook), a thrown error or
// process.exit() writes what has gathered before the process ends.
import sonicBoom from 'sonic-boom';
import { type LogSink } from './json-logger.js';

// A CommonJS module: its class is its default export (the typings also name it as a named one).
const { SonicBoom } = sonicBoom;

/** Bytes gathered before they are written. Below PIPE_BUF, a batch reaches a pipe in one piece. */
export const STDOUT_BATCH_BYTES = 4096;
/** The longest a line waits to be written. */
export const STDOUT_FLUSH_MS = 50;

/** Lines to `fd`, gathered as described above; `flushSync` writes what has gathered now. */
export function batchedSink(fd: number): { sink: LogSink; flushSync(): void; close(): void } {
  const stream = new SonicBoom({ fd, sync: true, minLength: STDOUT_BATCH_BYTES, periodicFlush: STDOUT_FLUSH_MS });
  return {
    sink: (line) => {
      stream.write(line);
    },
    flushSync: () => stream.flushSync(),
    close: () => stream.end(),
  };
}

let stdout: ReturnType<typeof batchedSink> | undefined;

/** The process's one stdout sink: every logger of the process shares it, so lines keep their order. */
export function stdoutSink(): LogSink {
  if (!stdout) {
    stdout = batchedSink(process.stdout.fd);
    process.once('exit', flushStdout);
  }
  return stdout.sink;
}

/**
 * Writes the lines gathered for stdout now. On 'exit', and as the application shuts down: a
 * SIGTERM ends the process by the signal once Nest has closed it, and no 'exit' event follows.
 */
export function flushStdout(): void {
  try {
    stdout?.flushSync();
  } catch {
    // stdout is gone (a closed pipe): nothing left to write the lines to.
  }
}
