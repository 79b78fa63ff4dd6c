import { createHash } from 'node:crypto';
import { prepareAppend } from './append-preparation.js';
import { type EventEnvelope } from './event-store.js';
import {
  GENESIS_HASH,
  type HashedContent,
  canonicalJson,
  chainHash,
  chainHashOfParts,
  hashedText,
  referenceCanonicalJson,
} from './hash-chain.js';

// The recorded hashes are a legal record: a faster serialiser must give exactly the bytes
// the reference definition gives, for every value an event can carry.

/** A small deterministic generator, so a failure names a value that can be reproduced. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const awkwardKeys = [
  'a',
  'B',
  'b',
  'é',
  'ä',
  '😀',
  '',
  ' ',
  'Z',
  '_id',
  'toString',
  'constructor',
  'key with spaces',
  'ｆｕｌｌ',
  '\u0000',
  '"quoted"',
];
const awkwardStrings = [
  '',
  'plain',
  'ünïcødé',
  '患者',
  'مرحبا',
  'e\u0301',
  '😀👍🏽',
  'line\nbreak',
  'tab\t',
  'quote"back\\slash',
  '\u2028\u2029',
  '\ud800 lone surrogate',
];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const kind = depth > 3 ? Math.floor(random() * 5) : Math.floor(random() * 8);
  switch (kind) {
    case 0:
      return pick(awkwardStrings);
    case 1:
      return pick([0, -0, 1, -1, 3.14, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity]);
    case 2:
      return pick([true, false]);
    case 3:
      return null;
    case 4:
      return pick(['2025-03-01T09:00:00.000Z', 'site-north']);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => (random() < 0.1 ? undefined : randomValue(random, depth + 1)));
    default: {
      const object: Record<string, unknown> = random() < 0.1 ? (Object.create(null) as Record<string, unknown>) : {};
      for (let i = Math.floor(random() * 6); i > 0; i -= 1)
        object[pick(awkwardKeys)] = random() < 0.1 ? undefined : randomValue(random, depth + 1);
      return object;
    }
  }
}

describe('canonical JSON', () => {
  it('gives exactly the reference bytes for thousands of generated event payloads', () => {
    const random = generator(20250301);
    for (let i = 0; i < 5000; i += 1) {
      const value = randomValue(random, 0);
      expect([value, canonicalJson(value)]).toEqual([value, referenceCanonicalJson(value)]);
    }
  });

  it.each([
    ['keys that look like array indexes', { 10: 'x', 2: 'y', b: 1, a: 2, '01': 3 }],
    ['a Date, which serialises through toJSON', { at: new Date('2025-03-01T09:00:00Z'), nested: [new Date(0)] }],
    ['an object with its own toJSON', { value: { toJSON: () => ({ z: 1, a: 2 }) } }],
    [
      'a class instance',
      {
        level: new (class Level {
          constructor(
            readonly code = '2.1',
            readonly edition = 3,
          ) {}
        })(),
      },
    ],
    [
      'a request DTO (class instance, keys unsorted, a getter and a method on its prototype)',
      {
        person: Object.assign(
          new (class PersonDto {
            get fullName() {
              return 'never serialised';
            }
            greet() {
              return 'hello';
            }
          })(),
          { givenName: 'Ada', familyName: 'Byron', contact: { phone: '555-0100', email: null } },
        ),
      },
    ],
    [
      'a class whose prototype has toJSON',
      {
        code: new (class Code {
          constructor(readonly value = 'F10.20') {}
          toJSON() {
            return { z: this.value, a: 1 };
          }
        })(),
      },
    ],
    [
      'an Error, a typed array and an Array subclass',
      { error: new Error('x'), bytes: new Uint8Array([3, 1]), list: new (class List extends Array {})() },
    ],
    ['boxed primitives', { text: new String('ab'), count: new Number(3), flag: new Boolean(false) }],
    ['functions and symbols', { run: () => 1, tag: Symbol('x'), list: [() => 1, Symbol('y')] }],
    ['undefined at the top', undefined],
    ['a Map and a Set', { map: new Map([['a', 1]]), set: new Set([1]) }],
    ['a __proto__ key, as JSON.parse creates it', JSON.parse('{"b":1,"__proto__":{"z":1,"a":2}}') as unknown],
    ['a deeply nested value', JSON.parse(`${'{"a":['.repeat(80)}1${']}'.repeat(80)}`) as unknown],
  ])('gives the reference bytes for %s', (_name, value) => {
    expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
  });

  it('refuses a circular value exactly as the reference does', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const thrownBy = (serialise: (value: unknown) => string): unknown => {
      try {
        serialise(circular);
      } catch (error) {
        return (error as Error).constructor;
      }
      return 'nothing thrown';
    };
    expect(thrownBy(canonicalJson)).toBe(thrownBy(referenceCanonicalJson));
    expect(thrownBy(canonicalJson)).not.toBe('nothing thrown');
  });
});

describe('the chain hash', () => {
  it('still gives the hash recorded for a known event (the first definition of the chain)', () => {
    const hash = chainHash(GENESIS_HASH, {
      eventId: '6f1c2b8e-0d3a-4b7e-9c1f-2a5d8e4b7c90',
      type: 'LevelOfCareChanged',
      streamId: 'care-episode-7a0c',
      revision: 3,
      data: {
        from: { code: '2.1', edition: 3 },
        to: { code: '3.5', edition: 3 },
        reason: 'relapse after IOP — ünïcødé 😀',
        evidence: [{ kind: 'assessment', id: 'a-1' }],
      },
      metadata: {
        schemaVersion: 1,
        clientId: 'client-1',
        siteId: 'site-north',
        actor: { userId: 'user-1', role: 'clinician' },
        occurredAt: '2025-03-01T09:00:00.000Z',
        correlationId: 'corr-1',
        causationId: 'cause-1',
      },
    });
    expect(hash).toBe('a6c0533b977da5ecc4d91324ef7a59560a096342d747cf0823a554762c98bdad');
  });

  /** The first definition of the chain, written out: the reference canonical JSON of the whole content. */
  function firstDefinition(prevHash: string, content: HashedContent): string {
    const { prevHash: _p, hash: _h, ...envelope } = content.metadata as EventEnvelope & { prevHash?: string; hash?: string };
    const { eventId, type, streamId, revision, data } = content;
    return createHash('sha256')
      .update(prevHash)
      .update('\n')
      .update(referenceCanonicalJson({ eventId, type, streamId, revision, data, metadata: envelope }))
      .digest('hex');
  }

  const envelopeOf = (random: () => number, i: number) =>
    ({
      schemaVersion: 1,
      clientId: `client-${i}`,
      siteId: 'site-north',
      actor: { userId: 'user-1', role: 'clinician' },
      occurredAt: '2025-03-01T09:00:00.000Z',
      correlationId: 'corr-1',
      extra: randomValue(random, 1),
      ...(i % 3 === 0 ? { prevHash: 'p'.repeat(64), hash: 'h'.repeat(64) } : {}),
    }) as unknown as EventEnvelope;

  it('hashes exactly as its first definition for thousands of generated events: nested, unicode, numbers, null, arrays', () => {
    const random = generator(20261202);
    for (let i = 0; i < 3000; i += 1) {
      const content: HashedContent = {
        eventId: `event-${i}-${awkwardStrings[i % awkwardStrings.length]}`,
        type: i % 2 ? 'LevelOfCareChanged' : 'Ünïcødé"Type',
        streamId: `care-episode-${i}`,
        revision: i % 7 === 0 ? 0 : i * 31,
        data: i % 50 === 0 ? undefined : randomValue(random, 0),
        metadata: envelopeOf(random, i),
      };
      expect([content, chainHash(GENESIS_HASH, content)]).toEqual([content, firstDefinition(GENESIS_HASH, content)]);
    }
  });

  it('hashes the texts an append stores as the event they came from, without parsing them', () => {
    const random = generator(7);
    for (let i = 0; i < 1000; i += 1) {
      const data = randomValue(random, 0);
      const metadata = envelopeOf(random, 3 * i + 1); // no prevHash/hash: an append's envelope
      const { events } = prepareAppend('care-episode-1', [{ eventId: `e-${i}`, type: 'LevelOfCareChanged', data, metadata }], 'any', 1e9);
      const [{ dataJson, metadataJson }] = events;
      // The same content, in canonical form.
      expect(JSON.parse(dataJson)).toEqual(JSON.parse(JSON.stringify(data ?? null)));
      expect(dataJson).toBe(canonicalJson(data ?? null));
      expect(metadataJson).toBe(canonicalJson(metadata));
      const parts = { eventId: `e-${i}`, type: 'LevelOfCareChanged', streamId: 'care-episode-1', revision: i, dataJson, metadataJson };
      expect(hashedText(parts)).toBe(
        canonicalJson({ eventId: `e-${i}`, type: 'LevelOfCareChanged', streamId: 'care-episode-1', revision: i, data, metadata }),
      );
      expect(chainHashOfParts(GENESIS_HASH, parts)).toBe(
        firstDefinition(GENESIS_HASH, {
          eventId: `e-${i}`,
          type: 'LevelOfCareChanged',
          streamId: 'care-episode-1',
          revision: i,
          data,
          metadata,
        }),
      );
    }
  });

  it('stores data and envelope sorted at every depth: the same content as the caller gave', () => {
    const { events } = prepareAppend(
      'care-episode-1',
      [
        {
          eventId: 'e-1',
          type: 'T',
          data: { z: [{ b: 1, a: null }], a: 'é' },
          metadata: { siteId: 's', actor: { userId: 'u', role: 'r' } } as unknown as EventEnvelope,
        },
      ],
      'any',
      1e6,
    );
    expect(events[0]!.dataJson).toBe('{"a":"é","z":[{"a":null,"b":1}]}');
    expect(events[0]!.metadataJson).toBe('{"actor":{"role":"r","userId":"u"},"siteId":"s"}');
  });
});
