// The chart's header in one call: the console asks intake and treatment-plan for the user, in
// two rounds (record and episodes, then the newest episode and its plan), and hands back each
// service's own answer, a refusal included. Signed out, or for something that is not a client
// id, no service hears of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type INestApplication } from '@nestjs/common';
import { createConsoleApp } from '../console-app.js';

const CLIENT = '3f2b1c0d-aaaa-4bbb-8ccc-123456789abc';
const EPISODE = '9a8b7c6d-1111-4222-8333-444455556666';

const answers: Record<string, [number, object]> = {
  [`/api/v1/clients/${CLIENT}`]: [200, { clientId: CLIENT, status: 'admitted' }],
  [`/api/v1/clients/${CLIENT}/episodes`]: [200, { clientId: CLIENT, items: [{ episodeId: EPISODE, siteId: 'site-north' }] }],
  [`/api/v1/episodes/${EPISODE}`]: [200, { episode: { episodeId: EPISODE }, timeline: [] }],
  [`/api/v1/plans/${EPISODE}`]: [403, { title: 'Forbidden', status: 403, detail: 'Not on the care team.' }],
};

let upstream: Server;
let app: INestApplication;
let base: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'console-chart-'));

beforeAll(async () => {
  upstream = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const [status, body] = answers[request.url ?? ''] ?? [404, { title: 'Not Found', status: 404 }];
    response.writeHead(status, { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  app = await createConsoleApp({
    env: { INTAKE_URL: upstreamUrl, TREATMENT_PLAN_URL: upstreamUrl, LOG_LEVEL: 'error', DATA_DIR },
    webAppFolder: '/nonexistent',
  });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  rmSync(DATA_DIR, { recursive: true, force: true });
});

async function signedIn(): Promise<string> {
  const answer = await fetch(`${base}/api/v1/session/development`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'clinician-1', role: 'clinician', sites: ['site-north'] }),
  });
  return answer.headers.getSetCookie()[0]!.split(';')[0]!;
}

it('answers the record, the episodes, the newest episode and its plan, each as the service answered', async () => {
  const cookie = await signedIn();
  seen.length = 0;
  const answer = await fetch(`${base}/api/v1/chart/${CLIENT}/header`, { headers: { cookie } });
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({
    record: { status: 200, body: { clientId: CLIENT, status: 'admitted' } },
    episodes: { status: 200, body: { clientId: CLIENT, items: [{ episodeId: EPISODE, siteId: 'site-north' }] } },
    episode: { status: 200, body: { episode: { episodeId: EPISODE }, timeline: [] } },
    // Treatment-plan's refusal, as it came: the chart shows it in the plan's place.
    plan: { status: 403, body: { title: 'Forbidden', status: 403, detail: 'Not on the care team.' } },
  });
  expect(seen.map((call) => call.url).sort()).toEqual(Object.keys(answers).sort());
  // How long each service took, by part name only (the browser's Resource Timing reads it).
  expect(
    answer.headers
      .get('server-timing')
      ?.split(', ')
      .map((timing) => timing.split(';')[0])
      .sort(),
  ).toEqual(['episode', 'episodes', 'plan', 'record']);
  // Every call carried the session's bearer token, and none of it came back.
  expect(seen.every((call) => /^Bearer eyJ/.test(String(call.headers.authorization)))).toBe(true);
});

it('asks nothing more when the client has no episode yet', async () => {
  const cookie = await signedIn();
  answers[`/api/v1/clients/${CLIENT}/episodes`] = [200, { clientId: CLIENT, items: [] }];
  seen.length = 0;
  const answer = await fetch(`${base}/api/v1/chart/${CLIENT}/header`, { headers: { cookie } });
  expect(await answer.json()).toMatchObject({ episodes: { status: 200 }, episode: null, plan: null });
  expect(seen).toHaveLength(2);
});

it('refuses a caller without a session, and a path that is not a client id, before any service hears of it', async () => {
  const cookie = await signedIn();
  seen.length = 0;
  expect((await fetch(`${base}/api/v1/chart/${CLIENT}/header`)).status).toBe(401);
  for (const id of ['not-a-client', '..%2F..%2Fhealth', `${CLIENT}x`]) {
    expect([id, (await fetch(`${base}/api/v1/chart/${id}/header`, { headers: { cookie } })).status]).toEqual([id, 404]);
  }
  expect(seen).toEqual([]);
});
