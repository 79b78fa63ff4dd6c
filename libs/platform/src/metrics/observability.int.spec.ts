// What an operator sees of a service built with createServiceApp: /metrics for the scraper
// holding METRICS_TOKEN (route templates and command types, never the ids in a URL), and one
// trace id from the caller's traceparent through the log lines to the events appended.
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Body, Controller, Inject, Module, Param, Post } from '@nestjs/common';
import { type Decider, RuleBroken } from '@continuum/decider';
import { COMMAND_OUTCOMES, EVENT_STORE, type EventStore, runCommand } from '@continuum/event-store';
import { sqliteEventStore } from '@continuum/event-store-sqlite';
import { type INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { AccessLog } from '../access-log/access-log.js';
import { Roles } from '../auth/access.decorators.js';
import { serviceConfig } from '../config/service-config.js';
import { Actor } from '../context/context.decorators.js';
import { EventStoreModule } from '../event-store/event-store.module.js';
import { JsonLogger } from '../logging/json-logger.js';
import { createServiceApp } from '../bootstrap/service-app.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const METRICS_TOKEN = 'a-scraper-token-that-is-at-least-32-characters';
const SITE = 'site-north';
const CLIENT_IDS = ['5d0c4b5e-0f47-4f7e-9f59-1f3c2b7a9e01', '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b'];

type Note = { type: 'AddNote'; refuse: boolean };
type Noted = { type: 'NoteAdded'; data: { at: string } };
const notes: Decider<Note, Noted, number> = {
  decide: (command, _state, now) => {
    if (command.refuse) throw new RuleBroken('the note is refused', 'refused-note');
    return [{ type: 'NoteAdded', data: { at: now.toISOString() } }];
  },
  evolve: (count) => count + 1,
  initialState: 0,
};

@Controller('clients/:clientId/notes')
class NotesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly logger: JsonLogger,
  ) {}

  @Post()
  @Roles('clinician')
  async add(@Param('clientId') clientId: string, @Body() body: { refuse?: boolean }, @Actor() actor: Actor) {
    this.logger.log({ message: 'adding a note' }, 'notes');
    const { events } = await runCommand({
      store: this.store,
      stream: `note-${clientId}`,
      decider: notes,
      command: { type: 'AddNote', refuse: body.refuse === true },
      now: new Date(),
      envelope: { clientId, siteId: SITE, actor: { userId: actor.userId, role: actor.role }, correlationId: 'c-1', causationId: 'c-1' },
    });
    return { traceparent: events[0]?.metadata.traceparent };
  }
}

@Module({ imports: [EventStoreModule.forRoot({ adapters: [sqliteEventStore] })], controllers: [NotesController] })
class NotesModule {}

const config = serviceConfig({ port: 3999, eventStoreUrl: 'sqlite::memory:' });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function start(env: Record<string, string>, logLines: Record<string, unknown>[] = []): Promise<INestApplication> {
  return createServiceApp(NotesModule, {
    serviceName: 'notes',
    config,
    env: { JWT_SECRET: SECRET, LOG_LEVEL: 'log', READ_STORE_URL: 'sqlite::memory:', ...env },
    logSink: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
  });
}

describe('what an operator sees of a service', () => {
  let app: INestApplication;
  let clinician: string;
  const logLines: Record<string, unknown>[] = [];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await start({ METRICS_TOKEN }, logLines);
    clinician = await new SignJWT({ roles: ['clinician'], sites: { [SITE]: ['clinician'] } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('clinician-7')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('counts requests per route template and commands per type and outcome, with no id of the URLs in any label', async () => {
    for (const clientId of CLIENT_IDS) await http().post(`/api/v1/clients/${clientId}/notes`).set(bearer(clinician)).send({}).expect(201);
    // The refusals write nothing (the access log flushed around them): they are only counted.
    const store = app.get<EventStore>(EVENT_STORE);
    await app.get(AccessLog).flush();
    const head = await store.headPosition();
    await http().post(`/api/v1/clients/${CLIENT_IDS[0]}/notes`).set(bearer(clinician)).send({ refuse: true }).expect(422);
    await http().get(`/api/v1/clients/${CLIENT_IDS[1]}/unknown`).set(bearer(clinician)).expect(404);
    await app.get(AccessLog).flush();
    expect(await store.headPosition()).toBe(head);

    const scrape = await http().get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scrape.text;
    // One series' value: the line naming exactly these labels, in whatever order prom-client writes them.
    const series = (name: string, labels: string) => {
      const wanted = labels.split(',').sort().join(',');
      for (const line of text.split('\n')) {
        const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
        if (match?.[1] === name && match[2]!.split(',').sort().join(',') === wanted) return Number(match[3]);
      }
      return Number.NaN;
    };
    expect(series('http_requests_total', 'method="POST",route="/api/v1/clients/:clientId/notes",status="201",service="notes"')).toBe(2);
    expect(series('http_requests_total', 'method="POST",route="/api/v1/clients/:clientId/notes",status="422",service="notes"')).toBe(1);
    expect(series('http_requests_total', 'method="GET",route="unmatched",status="404",service="notes"')).toBe(1);
    expect(
      series('http_request_duration_seconds_count', 'method="POST",route="/api/v1/clients/:clientId/notes",status="201",service="notes"'),
    ).toBe(2);
    expect(series('continuum_commands_total', 'command="AddNote",outcome="accepted",service="notes"')).toBe(2);
    expect(series('continuum_commands_total', 'command="AddNote",outcome="refused",service="notes"')).toBe(1);
    expect(series('continuum_event_store_append_duration_seconds_count', 'outcome="ok",service="notes"')).toBeGreaterThanOrEqual(2);
    expect(series('continuum_access_log_pending_records', 'service="notes"')).toBe(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds\{service="notes"\} /m);
    for (const clientId of CLIENT_IDS) expect(text).not.toContain(clientId);
    expect(text).not.toContain('clinician-7');
  });

  it('answers /metrics only to the bearer of METRICS_TOKEN', async () => {
    const without = await http().get('/metrics').expect(401);
    expect(without.headers['content-type']).toMatch(/^application\/problem\+json/);
    await http().get('/metrics').set(bearer(clinician)).expect(401);
    await http()
      .get('/metrics')
      .set(bearer(`${METRICS_TOKEN}x`))
      .expect(401);
    await http().get('/api/v1/metrics').set(bearer(METRICS_TOKEN)).expect(404);
  });

  it("continues the caller's trace: the events carry its trace id, and so do the log lines of the request", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const response = await http()
      .post(`/api/v1/clients/${CLIENT_IDS[0]}/notes`)
      .set(bearer(clinician))
      .set('traceparent', `00-${traceId}-${callerSpan}-01`)
      .send({})
      .expect(201);
    const [, eventTrace, eventSpan] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(response.body.traceparent as string) ?? [];
    expect(eventTrace).toBe(traceId);
    expect(eventSpan).not.toBe(callerSpan);
    const inHandler = logLines.find((line) => line.message === 'adding a note' && line.trace_id === traceId);
    expect(inHandler).toMatchObject({ trace_id: traceId, span_id: eventSpan });
    const requestLine = logLines.find((line) => line.message === 'request' && line.trace_id === traceId);
    expect(requestLine).toMatchObject({ route: '/api/v1/clients/:clientId/notes', status: 201, span_id: eventSpan });
  });

  it('starts a trace of its own for a request without traceparent', async () => {
    const first = await http().post(`/api/v1/clients/${CLIENT_IDS[1]}/notes`).set(bearer(clinician)).send({}).expect(201);
    const second = await http().post(`/api/v1/clients/${CLIENT_IDS[1]}/notes`).set(bearer(clinician)).send({}).expect(201);
    const traceOf = (traceparent: unknown) => /^00-([0-9a-f]{32})-/.exec(String(traceparent))?.[1];
    expect(traceOf(first.body.traceparent)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceOf(second.body.traceparent)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceOf(first.body.traceparent)).not.toBe(traceOf(second.body.traceparent));
  });
});

describe('a service without METRICS_TOKEN', () => {
  it('does not serve /metrics at all, nor has its commands publish their outcomes', async () => {
    const app = await start({});
    try {
      await request(app.getHttpServer()).get('/metrics').set(bearer(METRICS_TOKEN)).expect(404);
      expect(COMMAND_OUTCOMES.hasSubscribers).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('a service with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it("sends its spans to the collector's /v1/traces, at the latest when it stops", async () => {
    const received: { url: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ url: request.url ?? '', body });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      const app = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
      const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
      await request(app.getHttpServer()).get('/health/live').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).expect(200);
      await app.close();
      expect(received.map(({ url }) => url)).toContain('/v1/traces');
      expect(received.map(({ body }) => body).join('')).toContain(traceId);
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
