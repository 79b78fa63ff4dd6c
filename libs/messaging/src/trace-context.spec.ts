import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { type IntegrationEvent } from '@continuum/contracts';
import { ServiceTracing, traceparentOf } from '@continuum/platform';
import { SpanStatusCode } from '@opentelemetry/api';
import { NEVER, defer, lastValueFrom, throwError } from 'rxjs';
import { HEADERS } from './bus.js';
import { type MessageContext } from './incoming-message.js';
import { toOutgoingMessage } from './relay.js';
import { TraceContextInterceptor } from './trace-context.interceptor.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const APPENDED_IN = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

const event: IntegrationEvent = {
  eventId: 'e-1',
  type: 'ClientAdmitted',
  schemaVersion: 1,
  source: 'intake',
  occurredAt: '2026-09-07T08:00:00.000Z',
  clientId: 'c-1',
  siteId: 'site-north',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  data: {},
};

/** What Nest hands an interceptor for one message on `topic` with these headers. */
function rpcCall(headers: Record<string, string>): ExecutionContext {
  const message: MessageContext = {
    getTopic: () => 'continuum.intake.events.v1',
    getPartition: () => 0,
    getMessage: () => ({ key: 'c-1', value: JSON.stringify(event), headers, offset: '7' }),
  };
  return {
    getType: () => 'rpc',
    switchToRpc: () => ({ getContext: () => message, getData: () => event }),
  } as unknown as ExecutionContext;
}

/** The handler: answers the traceparent it runs under, as its own appends would be stamped. */
const handler: CallHandler = { handle: () => defer(async () => traceparentOf()) };

describe('the trace context across the bus', () => {
  it("puts the event's traceparent on the message the relay publishes, and nothing when the event has none", () => {
    expect(toOutgoingMessage('topic', event, APPENDED_IN).headers[HEADERS.traceparent]).toBe(APPENDED_IN);
    expect(toOutgoingMessage('topic', event).headers).not.toHaveProperty(HEADERS.traceparent);
  });

  it("runs the handler in a span of the message's trace, a span of its own", async () => {
    const interceptor = new TraceContextInterceptor(new ServiceTracing({ service: 'treatment-plan' }), 'treatment-plan');
    const runsUnder = (await lastValueFrom(interceptor.intercept(rpcCall({ [HEADERS.traceparent]: APPENDED_IN }), handler))) as string;
    expect(runsUnder).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-0[01]$`));
    expect(runsUnder).not.toBe(APPENDED_IN);
  });

  it("keeps the caller's sampling decision when the service exports nothing", async () => {
    const interceptor = new TraceContextInterceptor(new ServiceTracing({ service: 'treatment-plan' }), 'treatment-plan');
    const runsUnder = async (traceparent: string) =>
      (await lastValueFrom(interceptor.intercept(rpcCall({ [HEADERS.traceparent]: traceparent }), handler))) as string;
    expect(await runsUnder(APPENDED_IN)).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(await runsUnder(`00-${TRACE_ID}-00f067aa0ba902b7-00`)).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
  });

  it('begins a trace of its own for a message without a traceparent (published before traces, or by hand)', async () => {
    const interceptor = new TraceContextInterceptor(new ServiceTracing({ service: 'treatment-plan' }), 'treatment-plan');
    const runsUnder = (await lastValueFrom(interceptor.intercept(rpcCall({}), handler))) as string;
    expect(runsUnder).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(runsUnder).not.toContain(TRACE_ID);
  });

  it('ends its span however the handling ends: failed (marked so), or given up before it finished', async () => {
    const ended: { status: { code: SpanStatusCode } }[] = [];
    const exporter = {
      export: (spans: typeof ended, done: (result: { code: number }) => void) => {
        ended.push(...spans);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    } as unknown as ConstructorParameters<typeof ServiceTracing>[1];
    const tracing = new ServiceTracing({ service: 'treatment-plan' }, exporter);
    const interceptor = new TraceContextInterceptor(tracing, 'treatment-plan');
    const failing: CallHandler = { handle: () => throwError(() => new Error('the handler failed')) };
    await expect(lastValueFrom(interceptor.intercept(rpcCall({}), failing))).rejects.toThrow('the handler failed');
    interceptor
      .intercept(rpcCall({}), { handle: () => NEVER })
      .subscribe()
      .unsubscribe();
    await tracing.shutdown();
    expect(ended.map((span) => span.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
  });
});
