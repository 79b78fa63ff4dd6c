// One trace across two services (docs/architecture/observability.md#traces): intake admits a
// client under the caller's W3C traceparent; its ClientAdmitted keeps that trace context in its
// metadata, the relay carries it as the bus message's `traceparent` header, treatment-plan's
// consumer continues it, and the episode treatment-plan opens is appended under the same trace
// id. The correlation id, which auditors follow, travels unchanged beside it. Runs on the
// embedded bus only (the Kafka transport carries the same headers; the journeys over Kafka
// already cover its delivery), to stay a few seconds long.
import { type RecordedEvent } from '@continuum/event-store';
import { eventually } from '@continuum/platform';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  exampleRegistration,
} from '@continuum/intake/api/examples.js';
import { type IntakeTestApp } from '@continuum/intake/testing/intake-app.js';
import { episodeIdForAdmission } from '@continuum/treatment-plan/application/ids.js';
import { type TreatmentPlanTestApp, bearer as as, tokenFor as token } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type JourneyApps, startJourney } from './testing/system-journey.js';

const SITE = 'site-north';
const START = '2026-09-07';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const METRICS_TOKEN = 'the-scraper-token-of-the-one-trace-journey';

const traceIdOf = (event: RecordedEvent) => /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(event.metadata.traceparent ?? '')?.[1];

describe('one trace from an intake request to the events treatment-plan appends, over the embedded bus', () => {
  let journey: JourneyApps;
  let intake: IntakeTestApp;

  beforeAll(async () => {
    journey = await startJourney({
      name: 'one-trace',
      bus: { name: 'the embedded bus', env: { BUS: 'embedded', METRICS_TOKEN } },
      now: new Date(`${START}T08:00:00.000Z`),
    });
    intake = journey.intake;
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
  }, 60_000);

  it("carries the admission request's trace id into treatment-plan's episode, beside the unchanged correlation id", async () => {
    const coordinator = await token('intake-coordinator', [SITE], 'coordinator-2');
    const clinician = await token('clinician', [SITE], 'clinician-7');
    const post = async (bearerToken: string, route: string, body: object, headers: Record<string, string> = {}) => {
      const response = await intake.http().post(`/api/v1${route}`).set(as(bearerToken)).set(headers).send(body);
      if (response.status !== 201) throw new Error(`POST ${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response;
    };
    const registered = await post(coordinator, '/clients', exampleRegistration(SITE));
    const clientId = registered.body.clientId as string;
    await post(clinician, `/clients/${clientId}/screenings`, exampleCssrsNegative);
    await post(clinician, `/clients/${clientId}/assessments`, exampleAssessmentForIop);
    await post(clinician, `/clients/${clientId}/placement`, { level: IOP });
    const admitted = await post(coordinator, `/clients/${clientId}/admissions`, exampleAdmission(SITE, START), {
      traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
    });
    const correlationId = admitted.headers['x-correlation-id'] as string;
    const episodeId = episodeIdForAdmission((admitted.body.admission as { admissionId: string }).admissionId);

    const store = journey.treatmentPlan.store();
    const eventsOfClient = async () => {
      const events: RecordedEvent[] = [];
      for await (const event of store.readAll()) if (event.metadata.clientId === clientId) events.push(event);
      return events;
    };
    const episodeOpened = await eventually(
      async () => (await eventsOfClient()).find((event) => event.type === 'EpisodeOpened' && event.streamId.includes(episodeId)),
      "treatment-plan's EpisodeOpened",
      60_000,
    );
    const events = await eventsOfClient();
    const clientAdmitted = events.find((event) => event.type === 'ClientAdmitted');
    const clientRegistered = events.find((event) => event.type === 'ClientRegistered');

    expect(traceIdOf(clientAdmitted!)).toBe(TRACE_ID);
    expect(traceIdOf(episodeOpened)).toBe(TRACE_ID);
    // Each hop is a span of its own: neither append claims the caller's span.
    expect(clientAdmitted!.metadata.traceparent).not.toContain(CALLER_SPAN);
    expect(episodeOpened.metadata.traceparent).not.toBe(clientAdmitted!.metadata.traceparent);
    // The registration was a request of its own, in a trace of its own.
    expect(traceIdOf(clientRegistered!)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf(clientRegistered!)).not.toBe(TRACE_ID);
    // What auditors follow is untouched: one correlation id from the request to treatment-plan's append.
    expect(clientAdmitted!.metadata.correlationId).toBe(correlationId);
    expect(episodeOpened.metadata.correlationId).toBe(correlationId);
    expect(episodeOpened.metadata.causationId).toBe(clientAdmitted!.eventId);

    // What an operator's scraper sees of the same journey, and no client id anywhere in it.
    const scrape = async (app: IntakeTestApp | TreatmentPlanTestApp) =>
      (await app.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    const line = (text: string, pattern: RegExp) => text.split('\n').find((candidate) => pattern.test(candidate));
    const intakeMetrics = await scrape(intake);
    expect(line(intakeMetrics, /^continuum_commands_total\{.*command="AdmitClient".*outcome="accepted".*\} 1$/)).toBeDefined();
    expect(line(intakeMetrics, /^continuum_relay_published_total\{.*relay="intake".*\} [1-9]/)).toBeDefined();
    expect(line(intakeMetrics, /^continuum_relay_events_behind\{.*relay="intake".*\} \d+$/)).toBeDefined();
    expect(
      line(intakeMetrics, /^http_requests_total\{.*route="\/api\/v1\/clients\/:clientId\/admissions".*status="201".*\} 1$/),
    ).toBeDefined();
    const planMetrics = await scrape(journey.treatmentPlan);
    expect(line(planMetrics, /^continuum_consumer_lag_messages\{.*group="treatment-plan".*\} \d+$/)).toBeDefined();
    expect(line(planMetrics, /^continuum_projection_lag_events\{.*\} \d+$/)).toBeDefined();
    // Nothing was parked: the counter has no series at all.
    expect(line(planMetrics, /^continuum_dead_letters_total\{/)).toBeUndefined();
    for (const text of [intakeMetrics, planMetrics]) {
      expect(text).not.toContain(clientId);
      expect(text).not.toContain(episodeId);
    }
  }, 120_000);
});
