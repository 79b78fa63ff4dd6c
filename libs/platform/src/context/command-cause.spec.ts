import { type Actor } from '../auth/roles.js';
import { newId } from '@continuum/event-store';
import {
  type CommandCause,
  causedByEvent,
  commandEnvelopeOf,
  commandEnvelopesOf,
  followUp,
  idFromCause,
  idempotencyKeyOf,
  serviceActor,
  withIdempotencyKey,
} from './command-cause.js';

const AFTERCARE = serviceActor('aftercare');
const caseManager: Actor = {
  userId: 'case-manager-3',
  roles: [],
  sites: { 'site-north': ['case-manager'] },
  role: 'case-manager',
  admittedRoles: ['case-manager', 'clinician'],
};
const where = { clientId: 'client-1', siteId: 'site-north' };

describe('the envelope of a command', () => {
  it("records a request as its caller under the role admitting them at the record's site, with the request's correlation and causation", () => {
    const cause: CommandCause = {
      kind: 'request',
      actor: caseManager,
      request: { requestId: 'request-1', correlationId: 'correlation-1', causationId: 'request-1', idempotencyKey: 'key-1' },
    };
    expect(commandEnvelopeOf(cause, where, AFTERCARE)).toEqual({
      clientId: 'client-1',
      siteId: 'site-north',
      actor: { userId: 'case-manager-3', role: 'case-manager' },
      correlationId: 'correlation-1',
      causationId: 'request-1',
    });
    expect(idempotencyKeyOf(cause)).toBe('key-1');
  });

  it('refuses a caller with no admitted role at the site (403)', () => {
    const cause: CommandCause = {
      kind: 'request',
      actor: caseManager,
      request: { requestId: 'request-1', correlationId: 'correlation-1', causationId: 'request-1' },
    };
    expect(() => commandEnvelopeOf(cause, { ...where, siteId: 'site-south' }, AFTERCARE)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("records a reaction to another service's event as the service, caused by that event, in its correlation", () => {
    const cause: CommandCause = { kind: 'event', eventId: 'event-9', correlationId: 'correlation-9', idempotencyKey: 'event-9:create' };
    expect(commandEnvelopeOf(cause, where, AFTERCARE)).toEqual({
      ...where,
      actor: { userId: 'aftercare', role: 'system' },
      correlationId: 'correlation-9',
      causationId: 'event-9',
    });
    expect(idempotencyKeyOf(cause)).toBe('event-9:create');
  });

  it('keys each step of a reaction by the event it answers, so a redelivery finds every step done', () => {
    const cause = causedByEvent({ eventId: 'event-9', correlationId: 'correlation-9' }, 'create');
    expect(cause).toEqual({ kind: 'event', eventId: 'event-9', correlationId: 'correlation-9', idempotencyKey: 'event-9:create' });
    expect(idempotencyKeyOf(causedByEvent({ eventId: 'event-9', correlationId: 'correlation-9' }, 'close'))).toBe('event-9:close');
  });

  it("records a scheduler's command as the service, caused by the deadline it fires", () => {
    const cause: CommandCause = {
      kind: 'schedule',
      idempotencyKey: 'scheduler:plan-1:year-completed:2027-10-16',
      correlationId: 'scheduler:plan-1:year-completed:2027-10-16',
    };
    expect(commandEnvelopeOf(cause, where, AFTERCARE)).toMatchObject({
      actor: { userId: 'aftercare', role: 'system' },
      causationId: 'scheduler:plan-1:year-completed:2027-10-16',
    });
  });

  it('takes only the client and the site from what the command concerns, and no client for a site-wide record', () => {
    const cause: CommandCause = { kind: 'schedule', idempotencyKey: 'key', correlationId: 'correlation' };
    const episode = { ...where, status: 'open', programmeId: 'site-north/3-2.1/evening' };
    expect(Object.keys(commandEnvelopeOf(cause, episode, AFTERCARE)).sort()).toEqual([
      'actor',
      'causationId',
      'clientId',
      'correlationId',
      'siteId',
    ]);
    expect(commandEnvelopeOf(cause, { siteId: 'site-north' }, AFTERCARE)).not.toHaveProperty('clientId');
  });
});

const request: CommandCause = {
  kind: 'request',
  actor: caseManager,
  request: { requestId: 'request-1', correlationId: 'correlation-1', causationId: 'request-1', idempotencyKey: 'key-1' },
};
const reaction = causedByEvent({ eventId: 'event-9', correlationId: 'correlation-9' }, 'create');

describe("a service's command envelopes", () => {
  it('names the service as its own actor and builds the same envelopes as commandEnvelopeOf with that actor', () => {
    const { actor, envelopeOf } = commandEnvelopesOf('aftercare');
    expect(actor).toEqual(AFTERCARE);
    expect(envelopeOf(reaction, where)).toEqual(commandEnvelopeOf(reaction, where, AFTERCARE));
    expect(envelopeOf(request, where)).toEqual(commandEnvelopeOf(request, where, AFTERCARE));
    expect(() => envelopeOf(request, { ...where, siteId: 'site-south' })).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe('deriving causes and ids from a cause', () => {
  const deadline: CommandCause = { kind: 'schedule', idempotencyKey: 'scheduler:plan-1:review', correlationId: 'scheduler:plan-1:review' };

  it('keeps who and why under another idempotency key, for a request, a reaction and a deadline alike', () => {
    expect(withIdempotencyKey(request, 'key-2')).toEqual({ ...request, request: { ...request.request, idempotencyKey: 'key-2' } });
    expect(withIdempotencyKey(reaction, 'key-2')).toEqual({ ...reaction, idempotencyKey: 'key-2' });
    expect(withIdempotencyKey(deadline, 'key-2')).toEqual({ ...deadline, idempotencyKey: 'key-2' });
    expect(request).toMatchObject({ request: { idempotencyKey: 'key-1' } });
  });

  it('keys a follow-up by the event that caused it and its step, so hearing that event back repeats nothing', () => {
    expect(idempotencyKeyOf(followUp(request, 'ledger-event-1', 'plan'))).toBe('ledger-event-1:plan');
    expect(followUp(reaction, 'ledger-event-1', 'end-claim')).toEqual({ ...reaction, idempotencyKey: 'ledger-event-1:end-claim' });
  });

  it('derives the id of what a command creates from its idempotency key, so a retry names the same thing', () => {
    expect(idFromCause(request, 'disclosure:referral-1')).toBe(newId('key-1', 'disclosure:referral-1'));
    expect(idFromCause(request, 'disclosure:referral-1')).toBe(idFromCause(request, 'disclosure:referral-1'));
    expect(idFromCause(request, 'disclosure:referral-2')).not.toBe(idFromCause(request, 'disclosure:referral-1'));
    expect(idFromCause(reaction, 'disclosure:referral-1')).toBe(newId('event-9:create', 'disclosure:referral-1'));
  });

  it('draws a fresh id for a request without an Idempotency-Key', () => {
    const keyless: CommandCause = {
      kind: 'request',
      actor: caseManager,
      request: { requestId: 'request-1', correlationId: 'correlation-1', causationId: 'request-1' },
    };
    expect(idFromCause(keyless, 'consent')).not.toBe(idFromCause(keyless, 'consent'));
  });
});
