import { startPrivateKafkaBroker } from '@continuum/testing';
import { type RestartableBroker, transportContract } from './transport.contract.js';

// The same contract against the real broker of infra/kafka (`npm run kafka:up`,
// KAFKA_BROKERS=127.0.0.1:9092). `.ci/run` starts it, so under CI=true a missing broker fails
// the suite; elsewhere the suite is skipped with a warning.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const brokers = process.env.KAFKA_BROKERS;
const isCi = process.env.CI === 'true';

/** The restart test's own broker: the shared one serves the other jest worker meanwhile. */
async function startRestartableBroker(): Promise<RestartableBroker> {
  const broker = await startPrivateKafkaBroker();
  return { env: { KAFKA_BROKERS: broker.brokers }, restart: broker.restart, remove: broker.remove };
}

if (brokers) {
  transportContract('Kafka', {
    env: () => ({ BUS: 'kafka', KAFKA_BROKERS: brokers }),
    startRestartableBroker,
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
