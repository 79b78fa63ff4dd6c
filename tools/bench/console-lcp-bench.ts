// npm run bench:console — the Largest Contentful Paint of the console's client chart with a cold
// cache (a new browser context each load: every file over the wire), in Debian's Chromium.
// Budget: 1 s (docs/architecture/console.md#performance). `--page queues` measures the work
// queues instead: from navigation to the first tab's rows shown (budget 500 ms), then checks
// that switching tabs and paging read only the page shown, and that scrolling every tab and page
// draws no frame over 50 ms (no jank); and the same first rows when the queues are opened from the
// application already running (a click on "Work queues" from the clients list). The services run in this process on
// the embedded bus; the chart is that of the demo's whole journey (admission, step-up,
// referrals with disclosures, discharge, aftercare check-ins with BARC-10). `--seed-clients`
// first fills the event store with `audit:seed`'s synthetic clients, dated up to the day the
// journey ends, as history the services' relays published before they started
// (docs/architecture/console.md#performance).
//
//   npm run build && npm run bench:console
//   npm run bench:console -- --runs 9
//   npm run bench:console -- --page queues --seed-clients 10000
//
// Prints figures; not a test (on a shared machine the figure moves with the load).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { openEventStore } from '@continuum/event-store';
import { SqliteCheckpointStore } from '@continuum/messaging';
import { ManualClock } from '@continuum/platform';
import { createConsoleApp } from '@continuum/console/console-app.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EVENT_STORES } from '../adapters.js';
import { commandLine, fail, wholeNumber } from '../cli/command-line.js';
import { writeSyntheticClients } from '../seeding/synthetic-clients.js';

const BUDGETS_MS = { chart: 1000, queues: 500 } as const;
type Measured = keyof typeof BUDGETS_MS;
/** The services whose relays publish from the store (the audit reads it directly). */
const RELAYS = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare'] as const;
// Compiled to tools/dist/bench/: the repository is three folders up.
const root = path.resolve(import.meta.dirname, '../../..');

const cli = commandLine({
  name: 'bench:console',
  usage: `usage: npm run bench:console [-- --page chart|queues] [--runs <N>] [--seed-clients <N>] [--follow-ups <N>]

Measures the Largest Contentful Paint of the console's client chart with a cold cache, N loads
each in a new browser context (Chromium at CHROMIUM_PATH or /usr/bin/chromium), over the demo's
whole journey (optionally in a store first seeded with audit:seed's synthetic clients). Prints the median,
the slowest and the budget (1 s); not a test. Needs the built pages (npm run build).
With --page queues: the time from navigation to the first work-queue tab's rows shown (budget
500 ms), how many rows and what each tab counts, the reads that switching every tab and
paging make (only the page shown may be read), the frames drawn while scrolling them
(none over 50 ms: without jank), and the first rows when the queues are opened from the
running application (a click from the clients list).

options:
  --page <chart|queues> what to measure (default chart)
  --runs <N>           cold loads to measure (default 5)
  --seed-clients <N>   synthetic clients written first, about 28 events each (default 0)
  --follow-ups <N>     with --page queues: clients registered through intake's API first, each
                       with a positive C-SSRS (a same-day safety follow-up, the first tab's rows;
                       default 0)
  -h, --help           this text`,
  options: { page: { type: 'string' }, runs: { type: 'string' }, 'seed-clients': { type: 'string' }, 'follow-ups': { type: 'string' } },
  maxPositionals: 0,
});

async function main(): Promise<number> {
  const { values } = cli.parse();
  const runs = wholeNumber(values.runs, '--runs', { fallback: 5 });
  const seedClients = wholeNumber(values['seed-clients'], '--seed-clients', { fallback: 0, min: 0 });
  const followUps = wholeNumber(values['follow-ups'], '--follow-ups', { fallback: 0, min: 0 });
  const measured = (values.page ?? 'chart') as Measured;
  if (!(measured in BUDGETS_MS)) fail(`--page must be chart or queues, not ${values.page}`);
  const budget = BUDGETS_MS[measured];
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(path.join(root, 'services/console/dist/public/index.html'))) fail('the console’s pages are not built: npm run build');

  // The in-process services and the browser load only now: --help and a usage error answer sooner.
  const [{ chromium }, { startServicesInProcess }, { DAYS, MAT_DAYS, runWholeJourney }] = await Promise.all([
    import('playwright-core'),
    import('../demo/in-process-services.js'),
    import('../demo/journey.js'),
  ]);
  const folder = mkdtempSync(path.join(tmpdir(), 'console-bench-'));
  try {
    if (seedClients > 0) {
      const store = await openEventStore(`sqlite:${path.join(folder, 'events.db')}`, EVENT_STORES);
      process.stderr.write(`  … seeding ${seedClients} synthetic clients (audit:seed's history)\n`);
      // Dated up to the clock the journey leaves (its MAT client's discharge), so the seeded
      // clients' work-queue rows are due when the queues are measured.
      await writeSyntheticClients(store, { to: seedClients, now: new Date(`${MAT_DAYS.discharge}T15:00:00.000Z`), concurrency: 32 });
      // The seeded history is complete (each service's reactions to the others' events are in
      // it): the relays published it long ago, so each starts after it; the services' read
      // models are built from the store as they start.
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
      const signIn = async (context: BrowserContext) => {
        // The site's clinical supervisor reads every part of the chart and every queue (the journey's care team is not in the development directory).
        const signedIn = await context.request.post('/api/v1/session/development', {
          data: { userId: 'developer-1', role: 'clinical-supervisor', sites: [journey.siteId] },
        });
        if (!signedIn.ok()) fail(`the development sign-in answered ${signedIn.status()}`);
      };
      if (followUps > 0) {
        process.stderr.write(`  … opening ${followUps} safety follow-ups through intake's API\n`);
        await openSafetyFollowUps(browser, baseURL, journey.siteId, followUps);
      }
      const median =
        measured === 'queues'
          ? await measureQueues(browser, baseURL, signIn, runs)
          : await measureChart(browser, baseURL, signIn, runs, journey.clientId);
      return median <= budget ? 0 : 1;
    } finally {
      await browser.close();
      await consoleApp.close();
      await services.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

type SignIn = (context: BrowserContext) => Promise<void>;

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A new browser context (a cold cache: every file over the wire), signed in, with one page; closed after `use`. */
async function inSignedInPage<T>(browser: Browser, baseURL: string, signIn: SignIn, use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  try {
    await signIn(context);
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The chart's Largest Contentful Paint, `runs` cold loads: the median. */
async function measureChart(browser: Browser, baseURL: string, signIn: SignIn, runs: number, clientId: string): Promise<number> {
  const paints: number[] = [];
  const elements = new Set<string>();
  /** The API reads the loads asked for (the page's round trips to the console). */
  const apiRequests: string[] = [];
  for (let run = 0; run < runs; run++) {
    await inSignedInPage(browser, baseURL, signIn, async (page) => {
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/v1/')) apiRequests.push(new URL(request.url()).pathname);
      });
      await page.goto(`/clients/${clientId}`);
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
    });
  }
  const sorted = [...paints].sort((a, b) => a - b);
  const median = medianOf(paints);
  console.log(
    `chart LCP with a cold cache: median ${median.toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms over ${runs} loads ` +
      `(${paints.map((ms) => ms.toFixed(0)).join(', ')}; painted: ${[...elements].join(', ')}; ` +
      `${(apiRequests.length / runs).toFixed(1)} API requests a load, ${apiRequests.filter((url) => url.startsWith('/api/v1/chart/') || url === '/api/v1/session').length / runs} of them the session and header); budget ${BUDGETS_MS.chart} ms: ${median <= BUDGETS_MS.chart ? 'within' : 'OVER'}`,
  );
  return median;
}

/**
 * Registers `count` clients at the site through the console as a clinician, each with a positive
 * C-SSRS: a same-day safety follow-up each, the first work-queue tab's rows (names synthetic).
 */
async function openSafetyFollowUps(browser: Browser, baseURL: string, siteId: string, count: number): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    const signedIn = await context.request.post('/api/v1/session/development', {
      data: { userId: 'developer-1', role: 'clinician', sites: [siteId] },
    });
    if (!signedIn.ok()) fail(`the development sign-in answered ${signedIn.status()}`);
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const post = async (path: string, body: object) => {
      const answer = await context.request.post(`/api/v1/services/intake/${path}`, {
        data: body,
        headers: { 'X-CSRF-Token': csrfToken, 'Idempotency-Key': randomUUID() },
      });
      if (!answer.ok()) fail(`intake answered ${answer.status()} to ${path.replace(/[0-9a-f-]{36}/, 'ID')}`);
      return (await answer.json()) as { clientId: string };
    };
    for (let done = 0; done < count; done += 16) {
      await Promise.all(
        Array.from({ length: Math.min(16, count - done) }, async (_, index) => {
          const n = done + index;
          const { clientId } = await post('clients', {
            siteId,
            referral: { source: 'self', reasonCode: 'alcohol-use' },
            person: {
              givenName: `Bench${n}`,
              familyName: `Queue${n}`,
              dateOfBirth: `1960-02-${String((n % 28) + 1).padStart(2, '0')}`,
              contact: {},
            },
          });
          await post(`clients/${clientId}/screenings`, {
            instrument: 'C-SSRS',
            answers: { q1: true, q2: true, q3: true, q4: true, q5: false, q6: false },
          });
        }),
      );
    }
  } finally {
    await context.close();
  }
}

/** When the first tab's rows (or its "Nothing waiting.") are in the page, from the navigation's start: set before the page's scripts run. */
const WATCH_FIRST_ROWS = `
  new MutationObserver((_, observer) => {
    const panel = document.querySelector('[role="tabpanel"]');
    if (!panel || !(panel.querySelector('tbody tr') || /Nothing waiting/.test(panel.textContent ?? ''))) return;
    window.__firstRows = { at: performance.now(), rows: panel.querySelectorAll('tbody tr').length };
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

/** Every frame's length and every long task (over 50 ms on the main thread) from now on, kept in the page. */
const WATCH_FRAMES = `
  window.__frames = { last: performance.now(), lengths: [], longTasks: [] };
  const frame = (at) => { const frames = window.__frames; frames.lengths.push(at - frames.last); frames.last = at; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => { for (const task of list.getEntries()) window.__frames.longTasks.push(task.duration); }).observe({ type: 'longtask' });
`;
/** Frames longer than this are a visible stutter (a long task, RAIL's 50 ms): "without jank" is none while scrolling and paging. */
const JANK_FRAME_MS = 50;

/** Scrolls the page down by the wheel to its end and back to the top, as a reader would, ten steps a second. */
async function scrollThrough(page: Page): Promise<void> {
  for (const direction of [1, -1]) {
    for (let step = 0; step < 12; step++) {
      await page.mouse.wheel(0, direction * 240);
      await page.waitForTimeout(100);
    }
  }
}

/** The frames the page drew since WATCH_FRAMES: how many, the 95th percentile and longest, and the long tasks. */
async function framesSince(page: Page): Promise<string> {
  const { lengths, longTasks } = (await page.evaluate('window.__frames')) as { lengths: number[]; longTasks: number[] };
  const sorted = [...lengths].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  const longest = sorted.at(-1) ?? 0;
  const janky = lengths.filter((length) => length > JANK_FRAME_MS).length;
  return (
    `${lengths.length} frames, p95 ${p95.toFixed(0)} ms, longest ${longest.toFixed(0)} ms, ${janky} over ${JANK_FRAME_MS} ms; ` +
    `${longTasks.length} long tasks${longTasks.length ? ` (longest ${Math.max(...longTasks).toFixed(0)} ms)` : ''}: ` +
    `${janky === 0 ? 'without jank' : 'JANK'}`
  );
}

/**
 * The work queues, `runs` cold loads: the time from navigation to the first tab's rows shown
 * (the median), the rows it shows and every tab's count; then, on the last load, every tab
 * opened in turn and each paged queue's next page, with the reads each step made: opening a tab
 * reads nothing (its page was read with the counts), a page turn reads that page only.
 */
async function measureQueues(browser: Browser, baseURL: string, signIn: SignIn, runs: number): Promise<number> {
  const times: number[] = [];
  let firstRows = 0;
  let counts = '';
  let firstLoadReads: string[] = [];
  const ends: string[] = [];
  const steps: string[] = [];
  let smoothness = '';
  for (let run = 0; run < runs; run++) {
    await inSignedInPage(browser, baseURL, signIn, async (page) => {
      await page.addInitScript(WATCH_FIRST_ROWS);
      const reads: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/v1/services/')) reads.push(`${url.pathname.replace('/api/v1/services/', '')}${url.search}`);
      });
      await page.goto('/queues');
      // A function, not a string: the console's Content-Security-Policy forbids the page an eval.
      await page.waitForFunction(() => (globalThis as { __firstRows?: unknown }).__firstRows !== undefined, undefined, {
        timeout: 60_000,
      });
      const shown = (await page.evaluate('window.__firstRows')) as { at: number; rows: number };
      times.push(shown.at);
      firstRows = shown.rows;
      // When the page's own script, the session and the first tab's read had arrived (ids and cursors left out).
      ends.push(
        (await page.evaluate(
          `performance.getEntriesByType('resource').filter((r) => /index|WorkQueues|session|safety-follow-ups/.test(r.name)).map((r) => new URL(r.name).pathname.split('/').pop() + ' ' + Math.round(r.startTime) + '–' + Math.round(r.requestStart) + '–' + Math.round(r.responseStart) + '–' + Math.round(r.responseEnd)).join(', ')`,
        )) as string,
      );
      await page.waitForLoadState('networkidle');
      firstLoadReads = [...reads];
      const tabs = page.getByRole('tab');
      counts = (await tabs.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()).join('; ');
      if (run < runs - 1) return;
      // Every tab in turn, scrolled through, then each paged queue's next page: the reads each step
      // made, and the frames drawn meanwhile (scrolling and paging without jank).
      await page.evaluate(WATCH_FRAMES);
      for (let index = 0; index < (await tabs.count()); index++) {
        reads.length = 0;
        await tabs.nth(index).click();
        await page.waitForLoadState('networkidle');
        await scrollThrough(page);
        const name = (await tabs.nth(index).innerText()).replace(/\s+/g, ' ').trim();
        steps.push(`tab ${name}: ${reads.length} reads`);
        const next = page.getByRole('button', { name: 'Next page' });
        if ((await next.count()) === 0 || (await next.getAttribute('aria-disabled')) === 'true') continue;
        reads.length = 0;
        const started = Date.now();
        await next.click();
        await page
          .getByRole('status')
          .filter({ hasText: /^Rows 26/ })
          .waitFor({ timeout: 60_000 });
        steps.push(`  next page: ${Date.now() - started} ms, ${reads.length} reads (${reads.join(' ')})`);
        await scrollThrough(page);
      }
      smoothness = await framesSince(page);
    });
  }
  // Opened from the application already running (its code loaded, on the clients list): from the
  // click on "Work queues" to the first tab's rows, no queue read before the click.
  const warmTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    await inSignedInPage(browser, baseURL, signIn, async (page) => {
      await page.goto('/');
      await page.waitForLoadState('networkidle');
      await page.evaluate(WATCH_FIRST_ROWS);
      const clickedAt = (await page.evaluate('performance.now()')) as number;
      await page.getByRole('link', { name: 'Work queues' }).click();
      await page.waitForFunction(() => (globalThis as { __firstRows?: unknown }).__firstRows !== undefined, undefined, {
        timeout: 60_000,
      });
      warmTimes.push(((await page.evaluate('window.__firstRows')) as { at: number }).at - clickedAt);
    });
  }
  const median = medianOf(times);
  console.log(
    `work queues opened from the running application (the clients list), click to the first tab's rows: median ${medianOf(warmTimes).toFixed(0)} ms, ` +
      `slowest ${Math.max(...warmTimes).toFixed(0)} ms over ${runs} (${warmTimes.map((ms) => ms.toFixed(0)).join(', ')})`,
  );
  console.log(
    `work queues, first tab's rows shown with a cold cache: median ${median.toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms over ${runs} loads ` +
      `(${times.map((ms) => ms.toFixed(0)).join(', ')}); the first tab shows ${firstRows} rows; tabs: ${counts}; ` +
      `${firstLoadReads.length} service reads a load (${firstLoadReads.filter((read) => read.includes('limit=')).length} of them one page, limit=25); ` +
      `budget ${BUDGETS_MS.queues} ms: ${median <= BUDGETS_MS.queues ? 'within' : 'OVER'}`,
  );
  console.log(`responses: asked–sent–first byte–ended (ms from navigation), per load:\n  ${ends.join('\n  ')}`);
  console.log(`switching tabs and paging (last load):\n  ${steps.join('\n  ')}`);
  console.log(`scrolling every tab and page, paging and switching tabs (last load): ${smoothness}`);
  return median;
}

await cli.run(main);
