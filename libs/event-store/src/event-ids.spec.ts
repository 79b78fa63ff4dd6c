import { deterministicEventId, newId } from './event-ids.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministicEventId', () => {
  it('gives a version-5 UUID that any UUID column accepts', () => {
    expect(deterministicEventId('key-1', 'care-episode-42', 0)).toMatch(UUID_V5);
  });

  it('follows the RFC 9562 version-5 construction, so other tools can recompute it', () => {
    // Reference value from Python: uuid.uuid5(UUID('5b0f6c1e-8d3a-4f47-9a52-3c7e2d91b6a4'), '["key-1","s",0]')
    expect(deterministicEventId('key-1', 's', 0)).toBe('0fda18f9-5a0a-5691-8adc-aad049c98ed6');
  });

  it('gives the same id when the same request is retried', () => {
    expect(deterministicEventId('key-1', 'care-episode-42', 3)).toBe(deterministicEventId('key-1', 'care-episode-42', 3));
  });

  it('gives a different id for another key, another stream or another event of the same command', () => {
    const ids = new Set([
      deterministicEventId('key-1', 'care-episode-42', 0),
      deterministicEventId('key-2', 'care-episode-42', 0),
      deterministicEventId('key-1', 'care-episode-43', 0),
      deterministicEventId('key-1', 'care-episode-42', 1),
    ]);
    expect(ids.size).toBe(4);
  });

  it('does not confuse where the key ends and the stream begins', () => {
    expect(deterministicEventId('a-b', 'c', 0)).not.toBe(deterministicEventId('a', 'b-c', 0));
  });

  it('refuses a negative or fractional event index', () => {
    expect(() => deterministicEventId('key-1', 'care-episode-42', -1)).toThrow(/non-negative integer/);
    expect(() => deterministicEventId('key-1', 'care-episode-42', 1.5)).toThrow(/non-negative integer/);
  });
});

describe('newId', () => {
  it('names the same thing again for a retried request, and something else for another purpose', () => {
    expect(newId('key-1', 'goal')).toBe(newId('key-1', 'goal'));
    expect(newId('key-1', 'goal')).not.toBe(newId('key-1', 'problem'));
  });

  it('is new each time without an Idempotency-Key', () => {
    expect(newId(undefined, 'goal')).not.toBe(newId(undefined, 'goal'));
  });
});
