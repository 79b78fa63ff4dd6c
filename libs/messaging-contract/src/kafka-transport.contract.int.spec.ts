import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { transportContract } from './transport.contract.js';

// The same contract against the real broker of infra/kafka (`npm run kafka:up`,
// KAFKA_BROKERS=127.0.0.1:9092). `.ci/run` starts it, so under CI=true a missing broker fails
// the suite; elsewhere the suite is skipped with a warning.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const brokers = process.env.KAFKA_BROKERS;
const isCi = process.env.CI === 'true';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function restartBroker(): Promise<void> {
  try {
    await run('bash', ['infra/kafka/kafka.sh', 'down'], { cwd: repositoryRoot, timeout: 60_000 });
  } finally {
    // Up again whatever happened: other suites share this broker.
    await run('bash', ['infra/kafka/kafka.sh', 'up'], { cwd: repositoryRoot, timeout: 120_000 });
  }
}

if (brokers) {
  transportContract('Kafka', {
    env: () => ({ BUS: 'kafka', KAFKA_BROKERS: brokers }),
    restartBroker,
    // A SIGKILLed member holds its partitions until the group's session timeout (15 s) ends.
    takeoverTimeoutMs: 30_000,
  });
} else if (isCi) {
  describe('Kafka transport contract (needs KAFKA_BROKERS)', () => {
    it('runs in CI against the broker .ci/run starts', () => {
      throw new Error(
        'KAFKA_BROKERS is not set under CI=true: .ci/run must start Kafka (npm run kafka:up) and export KAFKA_BROKERS=127.0.0.1:9092 before the tests',
      );
    });
  });
} else {
  console.warn(
    'KAFKA_BROKERS not set: the Kafka transport contract was not run; `npm run kafka:up` and set KAFKA_BROKERS=127.0.0.1:9092 to run it',
  );
  describe.skip('Kafka transport contract (KAFKA_BROKERS not set)', () => {
    it('runs when KAFKA_BROKERS names a broker', () => undefined);
  });
}
