import { JsonValueDeserializer } from './json-value-deserializer.js';

const deserializer = new JsonValueDeserializer();
const fromTopic = (value: unknown) => deserializer.deserialize({ value }, { channel: 'continuum.intake.events.v1' });

describe('the payload an event handler receives from Kafka', () => {
  it('routes the message to the handler of its topic', () =>
    expect(fromTopic({ eventId: 'e-1' }).pattern).toBe('continuum.intake.events.v1'));

  it('is the object Nest already parsed, untouched', () =>
    expect(fromTopic({ eventId: 'e-1', data: { clientId: 'c-1' } }).data).toEqual({ eventId: 'e-1', data: { clientId: 'c-1' } }));

  it('is parsed JSON for values Nest leaves as text, such as a quoted string or a number', () => {
    expect(fromTopic('"ClientAdmitted"').data).toBe('ClientAdmitted');
    expect(fromTopic('42').data).toBe(42);
  });

  it('is the raw text of a value that is not JSON, so the reliability layer can dead-letter it', () =>
    expect(fromTopic('{not json').data).toBe('{not json'));

  it('is the text of bytes Nest left as a Buffer (a first byte of 0), so they too reach the dead letters as not JSON', () =>
    expect(fromTopic(Buffer.from('\u0000\u0001 not json')).data).toBe('\u0000\u0001 not json'));
});
