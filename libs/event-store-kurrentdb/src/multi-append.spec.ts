import {
  type AllStreamResolvedEvent,
  AppendRecordSizeExceededError,
  NO_STREAM,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { type EventEnvelope, EventTooLarge, type RecordedMetadata, type StreamAppend, WrongExpectedRevision } from '@continuum/event-store';
import { ENVELOPE_PROPERTY, fromResolvedEvent } from './event-encoding.js';
import { fromMultiAppendError, toAppendStreamRequest } from './multi-append.js';
import { sealEvents, verifyChain } from './stream-chain.js';

// What can be checked of appendToStreams on KurrentDB without a server (none can be had on
// this machine; the contract suite in kurrentdb-event-store.int.spec.ts runs only with
// KURRENTDB_URL): the requests it sends, how it reads back what they wrote, and how the
// server's refusals become the port's errors.

const envelope: EventEnvelope = {
  schemaVersion: 2,
  clientId: 'client-1',
  siteId: 'site-1',
  actor: { userId: 'user-1', role: 'clinician' },
  occurredAt: '2025-03-01T09:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cause-1',
};
const appends: StreamAppend[] = [
  { stream: 'plan-1', events: [], expectedRevision: 'no-stream' },
  { stream: 'episode-1', events: [], expectedRevision: 4 },
];
const fakeServiceError = { code: 3, message: 'record too large', details: 'record too large' } as unknown as ConstructorParameters<
  typeof AppendRecordSizeExceededError
>[0];

describe('appendToStreams on KurrentDB, without a server', () => {
  it('sends each stream at exactly the state read, its envelope as flat string properties (all multiStreamAppend takes)', () => {
    const sealed = sealEvents(
      'episode-1',
      [{ eventId: 'e5', type: 'LevelOfCareChanged', data: { to: '3.5' }, metadata: envelope }],
      5,
      'f'.repeat(64),
    );

    const request = toAppendStreamRequest('episode-1', sealed, 4);

    expect(request).toMatchObject({ streamName: 'episode-1', expectedState: 4n });
    expect(toAppendStreamRequest('plan-1', [], 'no-stream').expectedState).toBe(NO_STREAM);
    const [event] = request.events;
    expect(event).toMatchObject({ id: 'e5', type: 'LevelOfCareChanged', contentType: 'application/json', data: { to: '3.5' } });
    expect(Object.values(event!.metadata as Record<string, unknown>).every((value) => typeof value === 'string')).toBe(true);
    expect(JSON.parse((event!.metadata as Record<string, string>)[ENVELOPE_PROPERTY]!)).toEqual(sealed[0]!.metadata);
  });

  it('reads such an event back with the envelope it was sealed with, so its hash chain verifies', () => {
    const [sealed] = sealEvents(
      'plan-1',
      [{ eventId: 'e0', type: 'PlanDrafted', data: { goals: 2 }, metadata: envelope }],
      0,
      '0'.repeat(64),
    );
    const sent = toAppendStreamRequest('plan-1', [sealed!], 'no-stream').events[0]!;
    const resolved: AllStreamResolvedEvent = {
      event: {
        streamId: 'plan-1',
        id: 'e0',
        isJson: true,
        revision: 0n,
        type: 'PlanDrafted',
        created: new Date('2025-03-01T09:00:01.000Z'),
        data: { goals: 2 },
        // As the server returns it, with a property of its own beside ours.
        metadata: { ...(sent.metadata as Record<string, string>), '$schema.format': 'Json' },
        position: { commit: 9000n, prepare: 9000n },
      },
    };

    const read = fromResolvedEvent(resolved)!;

    expect(read.metadata).toEqual(sealed!.metadata satisfies RecordedMetadata);
    expect(verifyChain('plan-1', [read])).toEqual({ ok: true, stream: 'plan-1', events: 1 });
  });

  it("reports the server's revision conflict as WrongExpectedRevision of the caller's expectation for that stream", () => {
    const conflict = WrongExpectedVersionError.fromRevisionConflict({ stream: 'episode-1', expectedRevision: '4', actualRevision: '6' });

    const refusal = fromMultiAppendError(conflict, appends);

    expect(refusal).toBeInstanceOf(WrongExpectedRevision);
    expect(refusal).toMatchObject({ stream: 'episode-1', expected: 4, actual: 6 });
  });

  it('reports a conflict on a stream that does not exist as actual no-stream', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'plan-1', expected: 0n, current: NO_STREAM });
    expect(fromMultiAppendError(conflict, appends)).toMatchObject({ stream: 'plan-1', expected: 'no-stream', actual: 'no-stream' });
  });

  it('reports a record the server finds too large as EventTooLarge', () => {
    const tooLarge = new AppendRecordSizeExceededError(fakeServiceError, {
      stream: 'plan-1',
      recordId: 'e9',
      size: 2_000_000,
      maxSize: 1_048_576,
    });

    const refusal = fromMultiAppendError(tooLarge, appends);

    expect(refusal).toBeInstanceOf(EventTooLarge);
    expect(refusal).toMatchObject({ eventId: 'e9', bytes: 2_000_000, limit: 1_048_576 });
  });

  it('tells the operator to upgrade a server without multi-stream append', () => {
    const unimplemented = Object.assign(new Error('12 UNIMPLEMENTED: unknown service'), { code: 12 });

    const refusal = fromMultiAppendError(unimplemented, appends) as Error;

    expect(refusal.message).toMatch(/needs KurrentDB 25\.1 or later .*upgrade the server/);
    expect(refusal.cause).toBe(unimplemented);
  });

  it('passes any other failure through unchanged', () => {
    const unavailable = new Error('14 UNAVAILABLE');
    expect(fromMultiAppendError(unavailable, appends)).toBe(unavailable);
  });
});
