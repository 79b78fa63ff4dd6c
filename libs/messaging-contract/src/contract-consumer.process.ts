import { type ContractConsumerOptions, startContractConsumer } from './contract-consumer.js';

// `node --import ts-loader contract-consumer.process.ts '<options as JSON>'`: one consumer
// group member in its own process. Prints `ready`, then `handling <eventId>` as each handler
// run starts, so the test knows when to SIGKILL it mid-batch.

const options = JSON.parse(process.argv[2]) as Omit<ContractConsumerOptions, 'onHandling'>;
const app = await startContractConsumer({ ...options, onHandling: (eventId) => process.stdout.write(`handling ${eventId}\n`) });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
