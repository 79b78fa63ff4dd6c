import Fastify from 'fastify';
import { serializeOnce } from './json-once.js';

// The plan read's kept answer leaves as the JSON text made the first time; anything else the
// reply ends up sending (a problem answered instead) leaves as it was given.

/** A Fastify server on a free local port answering GET /answer with `route`; `get` reads the answer over HTTP. */
async function serverAnswering(route: (reply: unknown) => unknown) {
  const server = Fastify();
  server.get('/answer', async (_request, reply) => route(reply));
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  const get = async () => {
    const response = await fetch(`${address}/answer`);
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  };
  return { server, get };
}

describe('an answer serialized once', () => {
  it('is the same JSON, with the JSON content type, every time the same object is sent; made once', async () => {
    let serialized = 0;
    const kept = {
      planId: 'plan-1',
      sessions: [{ date: '2026-01-12', hours: 3 }],
      toJSON() {
        serialized += 1;
        return { planId: this.planId, sessions: this.sessions };
      },
    };
    const { server, get } = await serverAnswering((reply) => {
      serializeOnce(reply);
      return kept;
    });
    const first = await get();
    const second = await get();
    expect(first.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(first.body)).toEqual({ planId: 'plan-1', sessions: [{ date: '2026-01-12', hours: 3 }] });
    expect(second.body).toBe(first.body);
    expect(serialized).toBe(1);
    await server.close();
  });

  it('sends a problem answered instead as the text and content type it was given', async () => {
    const problem = JSON.stringify({ status: 503, title: 'Service Unavailable' });
    const { server, get } = await serverAnswering(async (reply) => {
      serializeOnce(reply);
      const fastifyReply = reply as {
        code(status: number): typeof fastifyReply;
        header(name: string, value: string): typeof fastifyReply;
        send(body: string): unknown;
      };
      return fastifyReply.code(503).header('Content-Type', 'application/problem+json; charset=utf-8').send(problem);
    });
    const answered = await get();
    expect(answered.status).toBe(503);
    expect(answered.contentType).toBe('application/problem+json; charset=utf-8');
    expect(answered.body).toBe(problem);
    await server.close();
  });

  it('leaves a reply that cannot take a serializer (another HTTP platform) as it was', () => {
    const reply = { headers: {} };
    serializeOnce(reply);
    expect(reply).toEqual({ headers: {} });
  });
});
