import { TOPICS } from '@continuum/contracts';
import { envelopeCheck, integrationEventCheck } from './message-check.js';
import { CLIENT, EVENT_ID, registered } from './testing/client-registered.js';

describe('what a consumer decides about a message before any handler sees it', () => {
  it('delivers an event that meets its envelope and contract, on its own topic', () =>
    expect(integrationEventCheck(registered(), TOPICS.intake)).toEqual({ verdict: 'deliver' }));

  it('refuses an event id with nothing else, naming what the envelope lacks', () => {
    const verdict = integrationEventCheck({ eventId: EVENT_ID, foo: 1 }, TOPICS.intake);
    expect(verdict).toMatchObject({ verdict: 'refuse' });
    const { reason } = verdict as { reason: string };
    expect(reason).toMatch(/^contract: /);
    expect(reason).toMatch(/type: is required/);
    expect(reason).toMatch(/foo/);
  });

  it('refuses a value that is not JSON, or JSON that is not an object', () => {
    expect(integrationEventCheck('\u0000\u0001 not json', TOPICS.intake)).toEqual({
      verdict: 'refuse',
      reason: 'envelope: the message value is not JSON, not an integration event object',
    });
    expect(integrationEventCheck(Buffer.from([0, 1, 2]), TOPICS.intake)).toMatchObject({ reason: /is not JSON/ });
    expect(integrationEventCheck([1], TOPICS.intake)).toMatchObject({ reason: /a JSON array/ });
    expect(integrationEventCheck(42, TOPICS.intake)).toMatchObject({ reason: /JSON number/ });
    expect(integrationEventCheck(null, TOPICS.intake)).toMatchObject({ reason: /JSON null/ });
  });

  it('refuses an event whose data breaks its contract, naming the field and not its value', () => {
    const verdict = integrationEventCheck(
      registered({ data: { clientId: CLIENT, siteId: 'site-north', registeredAt: 'Jane Doe' } }),
      TOPICS.intake,
    );
    expect(verdict).toMatchObject({ verdict: 'refuse', reason: expect.stringMatching(/data\.registeredAt/) });
    expect(JSON.stringify(verdict)).not.toContain('Jane Doe');
  });

  it("refuses a known producer's event on another producer's topic", () =>
    expect(integrationEventCheck(registered(), TOPICS.aftercare)).toEqual({
      verdict: 'refuse',
      reason: `contract: source: intake does not publish on ${TOPICS.aftercare}`,
    }));

  it('refuses a known type in a version no contract has: it is kept for a replay once the consumer reads it', () =>
    expect(integrationEventCheck(registered({ schemaVersion: 2 }), TOPICS.intake)).toMatchObject({
      verdict: 'refuse',
      reason: expect.stringMatching(/ClientRegistered has no version 2/),
    }));

  it("skips, as unknown, a well-formed event of a type no contract names from the topic's own producer", () =>
    expect(integrationEventCheck(registered({ type: 'ClientMoved', data: { anything: true } }), TOPICS.intake)).toEqual({
      verdict: 'unknown-type',
      type: 'ClientMoved',
      source: 'intake',
    }));

  it('refuses an unknown type from a producer that does not publish on the topic, or with a broken envelope', () => {
    expect(integrationEventCheck(registered({ type: 'ClientMoved', source: 'aftercare' }), TOPICS.intake)).toMatchObject({
      verdict: 'refuse',
    });
    expect(integrationEventCheck(registered({ type: 'ClientMoved', source: 'stranger' }), TOPICS.intake)).toMatchObject({
      verdict: 'refuse',
    });
    expect(integrationEventCheck(registered({ type: 'ClientMoved', clientId: 'not-a-uuid' }), TOPICS.intake)).toMatchObject({
      verdict: 'refuse',
    });
  });

  it('asks only for an event id and a type on a bus of test events', () => {
    expect(envelopeCheck({ eventId: 'e-1', type: 'Anything' }, 'continuum.contract.x.events.v1')).toEqual({ verdict: 'deliver' });
    expect(envelopeCheck({ eventId: 'e-1', foo: 1 }, 'continuum.contract.x.events.v1')).toEqual({
      verdict: 'refuse',
      reason: 'envelope: type: is required',
    });
    expect(envelopeCheck('{not json', 'continuum.contract.x.events.v1')).toMatchObject({ verdict: 'refuse' });
  });
});
