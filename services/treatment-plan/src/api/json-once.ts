// The plan read answers the same object again while the plan and the day are unchanged
// (PlanQueries keeps it per revision and day). Serializing that object anew on every read was a
// tenth of the read's time, so on Fastify its JSON text is made once, kept beside the object
// for as long as the object lives, and sent again. On another platform it is serialized as usual.

const texts = new WeakMap<object, string>();

function jsonOnce(payload: unknown): string {
  // A problem answered instead (problem-details.filter.ts) arrives as text already.
  if (typeof payload === 'string') return payload;
  if (typeof payload !== 'object' || payload === null) return JSON.stringify(payload);
  let text = texts.get(payload);
  if (text === undefined) {
    text = JSON.stringify(payload);
    texts.set(payload, text);
  }
  return text;
}

type SerializingReply = {
  header(name: string, value: string): SerializingReply;
  serializer(serialize: (payload: unknown) => string): unknown;
};

/**
 * Sends the answer of this request as the JSON text made the first time the same object was
 * sent, with the Content-Type Fastify gives JSON. The answer must never change once made.
 */
export function serializeOnce(reply: unknown): void {
  if (typeof (reply as Partial<SerializingReply> | undefined)?.serializer !== 'function') return;
  (reply as SerializingReply).header('content-type', 'application/json; charset=utf-8').serializer(jsonOnce);
}
