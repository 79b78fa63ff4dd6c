import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

// Jest runs spec files in two workers, and most Kafka specs share the broker `.ci/run` starts.
// A spec that stops a broker must stop its own: stopping the shared one failed a CI run
// ("Replication-factor is invalid" — no broker registered) in a journey running at that moment
// in the other worker. infra/kafka/kafka.sh runs this one on free ports with its data, config,
// log and pid in a temp folder, reusing the jars the shared broker fetched.

const run = promisify(execFile);
const KAFKA_SCRIPT = fileURLToPath(new URL('../../../infra/kafka/kafka.sh', import.meta.url));

export type PrivateKafkaBroker = {
  /** `127.0.0.1:<port>`, for KAFKA_BROKERS. */
  brokers: string;
  /** A clean stop; topics and offsets stay for the next start. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data; waits until it answers. */
  start(): Promise<void>;
  /** stop, then start whatever happened. */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
};

export async function startPrivateKafkaBroker(): Promise<PrivateKafkaBroker> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'continuum-kafka-'));
  const port = await freePort();
  const env = {
    ...process.env,
    KAFKA_STATE_DIR: stateDir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
  };
  const kafka = (...args: string[]) => run('bash', [KAFKA_SCRIPT, ...args], { env, timeout: 150_000 });
  try {
    await kafka('up');
  } catch (error) {
    await kafka('down').catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: `127.0.0.1:${port}`,
    stop: async () => void (await kafka('down')),
    start: async () => void (await kafka('up')),
    async restart() {
      try {
        await kafka('down');
      } finally {
        await kafka('up');
      }
    },
    async remove() {
      try {
        await kafka('down');
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}
