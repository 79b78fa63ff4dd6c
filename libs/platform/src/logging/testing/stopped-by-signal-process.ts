// A process that logs one line and is then stopped as Nest stops a service on SIGTERM: the
// application's shutdown hooks run, then the signal ends the process (no 'exit' event follows).
// Whether the line reached stdout is what stdout-sink-stop.int.spec.ts asks.
import { PlatformModule } from '../../platform.module.js';
import { stdoutSink } from '../stdout-sink.js';

stdoutSink()('{"message":"the last line before the stop"}\n');
process.once('SIGTERM', () => {
  new PlatformModule('fastify').onApplicationShutdown();
  process.kill(process.pid, 'SIGKILL');
});
process.stderr.write('ready\n');
setInterval(() => undefined, 1000);
