// npm run bench:console — the Largest Contentful Paint of the console's client chart with a cold
// cache (a new browser context each load: every file over the wire), in Debian's Chromium.
// Budget: 1 s (docs/architecture/console.md#performance). The services run in this process on
// the embedded bus; the chart is that of the demo's whole journey (admission, step-up,
// referrals with disclosures, discharge, aftercare check-ins with BARC-10). `--seed-clients`
// first fills the event store with `audit:seed`'s synthetic history of other clients, as
// history the services' relays published before they started (docs/architecture/console.md#performance).
//
//   npm run build && npm run bench:console
//   npm run bench:console -- --runs 9
//
// Prints figures; not a test (on a shared machine the figure moves with the load).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { openEventStore } from '@continuum/event-store';
import { SqliteCheckpointStore } from '@continuum/messaging';
import { ManualClock } from '@continuum/platform';
import { writeSyntheticHistory } from '@continuum/audit/seeding/synthetic-history.js';
import { createConsoleApp } from '@continuum/console/console-app.js';
import { EVENT_STORES } from '../adapters.js';
import { commandLine, fail, wholeNumber } from '../cli/command-line.js';

const BUDGET_MS = 1000;
/** The services whose relays publish from the store (the audit reads it directly). */
const RELAYS = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare'] as const;
// Compiled to tools/dist/bench/: the repository is three folders up.
const root = path.resolve(import.meta.dirname, '../../..');

const cli = commandLine({
  name: 'bench:console',
  usage: `usage: npm run bench:console [-- --runs <N>] [--seed-clients <N>]

Measures the Largest Contentful Paint of the console's client chart with a cold cache, N loads
each in a new browser context (Chromium at CHROMIUM_PATH or /usr/bin/chromium), over the demo's
whole journey (optionally in a store first seeded with audit:seed's synthetic clients). Prints the median,
the slowest and the budget (1 s); not a test. Needs the built pages (npm run build).

options:
  --runs <N>           cold loads to measure (default 5)
  --seed-clients <N>   synthetic clients written first, 20 events each (default 0)
  -h, --help           this text`,
  options: { runs: { type: 'string' }, 'seed-clients': { type: 'string' } },
  maxPositionals: 0,
});

async function main(): Promise<number> {
  const { values } = cli.parse();
  const runs = wholeNumber(values.runs, '--runs', { fallback: 5 });
  const seedClients = wholeNumber(values['seed-clients'], '--seed-clients', { fallback: 0, min: 0 });
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(path.join(root, 'services/console/dist/public/index.html'))) fail('the console’s pages are not built: npm run build');

  // The in-process services and the browser load only now: --help and a usage error answer sooner.
  const [{ chromium }, { startServicesInProcess }, { DAYS, runWholeJourney }] = await Promise.all([
    import('playwright-core'),
    import('../demo/in-process-services.js'),
    import('../demo/journey.js'),
  ]);
  const folder = mkdtempSync(path.join(tmpdir(), 'console-bench-'));
  try {
    if (seedClients > 0) {
      const store = await openEventStore(`sqlite:${path.join(folder, 'events.db')}`, EVENT_STORES);
      process.stderr.write(`  … seeding ${seedClients} synthetic clients (audit:seed's history)\n`);
      await writeSyntheticHistory(store, { to: seedClients, concurrency: 32 });
      // The synthetic history is the audit's (shaped like the services' events, not every field
      // of them): the services' relays would stop at the first event they cannot translate (intake's at a
      // consent without its form's expiry) and the journey's admission would never reach
      // treatment-plan. Seeded, the store is history the relays published long ago: each starts after it.
      const head = await store.headPosition();
      for (const relay of RELAYS) {
        const checkpoints = SqliteCheckpointStore.open(path.join(folder, relay, 'relay-checkpoints.db'));
        await checkpoints.save(relay, head);
        await checkpoints.close();
      }
      await store.close();
    }
    const clock = new ManualClock(new Date(`${DAYS.referral}T08:00:00.000Z`));
    // As the demo runs them; the journey polls while the seeded history is projected, so no rate limit here.
    const services = await startServicesInProcess({
      folder,
      clock,
      env: { BUS_MAX_ATTEMPTS: '3', BUS_RETRY_BASE_MS: '50', RATE_LIMIT_ENABLED: 'false' },
    });
    const consoleApp = await createConsoleApp({
      env: {
        INTAKE_URL: services.urls.intake,
        TREATMENT_PLAN_URL: services.urls['treatment-plan'],
        DUAL_DIAGNOSIS_URL: services.urls['dual-diagnosis'],
        AFTERCARE_URL: services.urls.aftercare,
        AUDIT_URL: services.urls.audit,
        DATA_DIR: folder,
      },
      logSink: () => undefined,
    });
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    try {
      process.stderr.write('  … running the demo journey for the chart\n');
      const journey = await runWholeJourney({ urls: services.urls, clock });
      await consoleApp.listen(0, '127.0.0.1');
      const baseURL = `http://127.0.0.1:${(consoleApp.getHttpServer().address() as AddressInfo).port}`;
      const paints: number[] = [];
      const elements = new Set<string>();
      /** The API reads the loads asked for (the page's round trips to the console). */
      const apiRequests: string[] = [];
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
        try {
          // The site's clinical supervisor reads every part of the chart (the journey's care team is not in the development directory).
          const signedIn = await context.request.post('/api/v1/session/development', {
            data: { userId: 'developer-1', role: 'clinical-supervisor', sites: [journey.siteId] },
          });
          if (!signedIn.ok()) fail(`the development sign-in answered ${signedIn.status()}`);
          const page = await context.newPage();
          page.on('request', (request) => {
            if (new URL(request.url()).pathname.startsWith('/api/v1/')) apiRequests.push(new URL(request.url()).pathname);
          });
          await page.goto(`/clients/${journey.clientId}`);
          await page.getByTestId('timeline').waitFor({ timeout: 60_000 });
          // Every part of the chart asked for and drawn: the paint entries of late parts are queued
          // by then (the largest paint can be a part that came last).
          await page.waitForLoadState('networkidle');
          await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
          // The paint's time and what was painted (the nearest test id: never the text, which may name the client).
          const paint = (await page.evaluate(
            `new Promise((resolve) => new PerformanceObserver((list) => { const entries = list.getEntries(); const last = entries[entries.length - 1]; const el = last.element; const what = el?.closest('[data-testid]')?.getAttribute('data-testid') ?? (/^H[1-6]$/.test(el?.tagName ?? '') ? el.tagName + ' ' + el.textContent.slice(0, 30) : el?.tagName ?? '?'); const ends = Object.fromEntries(performance.getEntriesByType('resource').filter((r) => /chart|session|Chart|index/.test(r.name)).map((r) => [new URL(r.name).pathname.replace(/[0-9a-f-]{36}/, 'ID'), Math.round(r.responseEnd) + (r.serverTiming.length ? ' (' + r.serverTiming.map((t) => t.name + ' ' + Math.round(t.duration)).join(', ') + ')' : '')])); resolve({ at: last.startTime, what: what + ' ' + JSON.stringify(ends) }); }).observe({ type: 'largest-contentful-paint', buffered: true }))`,
          )) as { at: number; what: string };
          paints.push(paint.at);
          elements.add(paint.what);
        } finally {
          await context.close();
        }
      }
      const sorted = [...paints].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      console.log(
        `chart LCP with a cold cache: median ${median.toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms over ${runs} loads ` +
          `(${paints.map((ms) => ms.toFixed(0)).join(', ')}; painted: ${[...elements].join(', ')}; ` +
          `${(apiRequests.length / runs).toFixed(1)} API requests a load, ${apiRequests.filter((url) => url.startsWith('/api/v1/chart/') || url === '/api/v1/session').length / runs} of them the session and header); budget ${BUDGET_MS} ms: ${median <= BUDGET_MS ? 'within' : 'OVER'}`,
      );
      return median <= BUDGET_MS ? 0 : 1;
    } finally {
      await browser.close();
      await consoleApp.close();
      await services.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await cli.run(main);
