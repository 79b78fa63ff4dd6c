// The work queues' server-sent events: a signed-in page hears, for its own sites only, which
// queues the services' events may have changed (ids and codes, no data); the access log's read
// records are never news; a second stream of the same session ends the first; signed out, none.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type INestApplication } from '@nestjs/common';
import { type EventStore, openEventStore } from '@continuum/event-store';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { createConsoleApp } from '../console-app.js';

const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'console-queues-'));
const EVENT_STORE_URL = `sqlite:${path.join(DATA_DIR, 'events.db')}`;
let store: EventStore;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  store = await openEventStore(EVENT_STORE_URL, [sqliteEventStore], { isShortLived: true });
  app = await createConsoleApp({ env: { LOG_LEVEL: 'error', DATA_DIR, EVENT_STORE_URL }, webAppFolder: '/nonexistent' });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(DATA_DIR, { recursive: true, force: true });
});

async function signedIn(): Promise<string> {
  const answer = await fetch(`${base}/api/v1/session/development`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'supervisor-1', role: 'clinical-supervisor', sites: ['site-north'] }),
  });
  return answer.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** An open event stream: the text received so far, and whether the console ended it. */
async function openStream(cookie: string) {
  const answer = await fetch(`${base}/api/v1/queues/events`, { headers: { cookie } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const state = { text: '', ended: false };
  const reader = answer.body!.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      state.text += value;
    }
    state.ended = true;
  })().catch(() => (state.ended = true));
  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return condition();
  };
  await until(() => state.text.includes(': connected'));
  return { state, until, close: () => reader.cancel().then(() => reading) };
}

const append = (stream: string, type: string, siteId: string) =>
  store.appendToStream(
    stream,
    [
      {
        eventId: randomUUID(),
        type,
        data: { note: 'never sent on' },
        metadata: {
          schemaVersion: 1,
          clientId: randomUUID(),
          siteId,
          actor: { userId: 'nurse-1', role: 'nurse' },
          occurredAt: new Date().toISOString(),
          correlationId: randomUUID(),
          causationId: randomUUID(),
        },
      },
    ],
    { expectedRevision: 'any' },
  );

it('tells a page the queues an event at its site may change, and nothing of reads or of other sites', async () => {
  const cookie = await signedIn();
  const stream = await openStream(cookie);
  // A read record (every queue read writes some), then an event at another site: neither is news here.
  await append(`access-log-treatment-plan-2026-12-02-${randomUUID()}`, 'ClientRecordRead', 'site-north');
  await append(`access-log-treatment-plan-2026-12-02-${randomUUID()}`, 'BreakTheGlassGranted', 'site-south');
  // Then a grant at the page's site, and a treatment-plan event there.
  await append(`access-log-treatment-plan-2026-12-02-${randomUUID()}`, 'BreakTheGlassGranted', 'site-north');
  await append(`treatment-plan-${randomUUID()}`, 'PlanReviewed', 'site-north');
  expect(await stream.until(() => stream.state.text.includes('overdue-reviews'))).toBe(true);
  const told = [...stream.state.text.matchAll(/^data: (.*)$/gm)].map(
    (match) => JSON.parse(match[1]!) as { siteId: string; queues: string[] },
  );
  // Changes close together are told together; however they were grouped, these are the queues and the one site.
  expect(new Set(told.map((change) => change.siteId))).toEqual(new Set(['site-north']));
  expect([...new Set(told.flatMap((change) => change.queues))].sort()).toEqual([
    'break-the-glass',
    'discharge-ready',
    'drug-tests-due',
    'expiring-authorizations',
    'overdue-reviews',
    'reviews-needed',
    'under-dosed-weeks',
  ]);
  expect(stream.state.text).not.toContain('never sent on');
  expect(stream.state.text).not.toContain('site-south');
  await stream.close();
});

it('keeps one stream per session: a new one ends the one before', async () => {
  const cookie = await signedIn();
  const first = await openStream(cookie);
  const second = await openStream(cookie);
  expect(await first.until(() => first.state.ended)).toBe(true);
  expect(second.state.ended).toBe(false);
  await second.close();
});

it('opens no stream without a session', async () => {
  const answer = await fetch(`${base}/api/v1/queues/events`);
  expect(answer.status).toBe(401);
  expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  // Nothing begun for it: no session cookie, no stream.
  expect(answer.headers.getSetCookie()).toEqual([]);
  expect(answer.headers.get('content-type')).not.toMatch(/event-stream/);
});
