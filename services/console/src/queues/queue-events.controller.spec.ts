// A page's event stream ends when the page goes, even when it goes while the console is still
// opening the event store for the first listener (its 'close' has passed by then).
import { EventEmitter } from 'node:events';
import { expect, it, jest } from '@jest/globals';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Session, Sessions } from '../session/sessions.js';
import { type QueueChanges } from './queue-changes.js';
import { QueueEventsController } from './queue-events.controller.js';

const session = {
  id: 'session-1',
  user: {
    userId: 'supervisor-1',
    role: 'clinical-supervisor',
    sites: ['site-north'],
    siteRoles: { 'site-north': ['clinical-supervisor'] },
  },
} as unknown as Session;

function setUp() {
  let opened!: () => void;
  const starting = new Promise<void>((resolve) => (opened = resolve));
  const listeners = new Set<unknown>();
  const changes = {
    start: () => starting,
    listen: (listener: unknown) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as QueueChanges;
  const sessions = new Sessions({ limits: { idleSeconds: 1800, maxSeconds: 43200 }, signing: { secret: 'x'.repeat(32) } });
  const controller = new QueueEventsController(changes, sessions);
  const request = { raw: Object.assign(new EventEmitter(), { destroyed: false }) };
  const raw = { writeHead: jest.fn(), write: jest.fn(), end: jest.fn() };
  const reply = { raw, hijack: jest.fn() };
  const events = () => controller.events(session, request as unknown as FastifyRequest, reply as unknown as FastifyReply);
  const leave = () => {
    request.raw.destroyed = true;
    request.raw.emit('close');
  };
  return { controller, listeners, raw, opened, events, leave, stop: () => sessions.onApplicationShutdown() };
}

it('opens a stream while the page is there, and ends it when the page goes', async () => {
  const { controller, listeners, raw, opened, events, leave, stop } = setUp();
  opened();
  await events();
  expect(controller.open).toBe(1);
  expect(listeners.size).toBe(1);
  leave();
  expect(controller.open).toBe(0);
  expect(listeners.size).toBe(0);
  expect(raw.end).toHaveBeenCalled();
  stop();
});

it('opens no stream for a page that went while the event store was opening', async () => {
  const { controller, listeners, raw, opened, events, leave, stop } = setUp();
  const answering = events();
  leave();
  opened();
  await answering;
  expect(controller.open).toBe(0);
  expect(listeners.size).toBe(0);
  expect(raw.writeHead).not.toHaveBeenCalled();
  expect(raw.end).toHaveBeenCalled();
  stop();
});
