// `npm run demo`: one client through the whole journey (tools/demo/journey.ts), printed step by
// step, then the level-of-care timeline of each episode. The four services (and the read-only
// audit service) run in this process on the embedded bus, on a simulated clock so months pass
// in seconds; `npm start` runs them as separate processes on the real clock. The data go to a
// temporary folder, removed at the end, unless `--data <dir>` keeps them there.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '@continuum/platform';
import { startServicesInProcess, type InProcessServices } from './in-process-services.js';
import { DAYS, runWholeJourney, verifyStoreIntegrity } from './journey.js';
import { timelineLines } from './timeline-text.js';
import { commandLine, usageError } from '../cli/command-line.js';

const cli = commandLine({
  name: 'demo',
  usage: `usage: npm run demo [-- --data <dir>]

One client through the whole journey, printed step by step, then the level-of-care timeline
of each episode and the audit's integrity check. The services run in this process on the
embedded bus and a simulated clock, so months pass in seconds; exit 0 when every step went as
expected, 1 naming the step that did not.

options:
  --data <dir>   keep the event store and read models in <dir>, a new or empty folder
                 (default: a temporary folder, removed at the end)
  -h, --help     this text`,
  options: { data: { type: 'string' } },
  maxPositionals: 0,
});

function dataFolderFrom(data: string | undefined): { folder: string; keep: boolean } {
  if (data === undefined) return { folder: mkdtempSync(path.join(tmpdir(), 'continuum-demo-')), keep: false };
  if (existsSync(data) && (!statSync(data).isDirectory() || readdirSync(data).length > 0)) {
    usageError(`--data ${data} is not empty: the demo starts from an empty store; give a new or empty folder`);
  }
  mkdirSync(data, { recursive: true });
  return { folder: path.resolve(data), keep: true };
}

async function main(): Promise<number> {
  const started = Date.now();
  const { values } = cli.parse();
  const { folder, keep } = dataFolderFrom(values.data);
  console.log(
    `continuum demo: intake, treatment-plan, dual-diagnosis, aftercare (and the read-only audit) run in this process on the embedded bus, ` +
      `on a simulated clock so months pass in seconds; \`npm start\` runs them as separate processes on the real clock. Data: ${folder}${keep ? '' : ' (temporary)'}`,
  );
  const clock = new ManualClock(new Date(`${DAYS.referral}T08:00:00.000Z`));
  const errors: string[] = [];
  let services: InProcessServices | undefined;
  try {
    services = await startServicesInProcess({
      folder,
      clock,
      env: { BUS_MAX_ATTEMPTS: '3', BUS_RETRY_BASE_MS: '50' },
      // The services log only errors here; they are shown if the journey fails.
      logSink: (line) => errors.push(line),
    });
    const result = await runWholeJourney({ urls: services.urls, clock }, (line) => console.log(line));

    console.log('\nlevel-of-care timeline');
    for (const line of timelineLines(result.episodes)) console.log(line);

    const integrity = await verifyStoreIntegrity(services.urls.audit);
    if (!integrity.ok) throw new Error(`the audit service found ${integrity.findingsTotal} integrity findings in the event store`);
    console.log(
      `\naudit: the event store's integrity verified (${integrity.eventsChecked} events in ${integrity.streamsChecked} streams, no finding)`,
    );
    console.log(
      `\n${DAYS.referral} → ${DAYS.readmission} on the simulated clock took ${((Date.now() - started) / 1000).toFixed(1)} s of real time, the services' start included`,
    );
    return 0;
  } catch (error) {
    console.error(`\ndemo failed: ${(error as Error).message}`);
    if (errors.length) console.error(`the services logged:\n${errors.slice(-20).join('\n')}`);
    return 1;
  } finally {
    await services?.close();
    if (!keep) rmSync(folder, { recursive: true, force: true });
  }
}

await cli.run(main);
