// A page's event stream ends when the page goes, even when it goes while the console is still
// opening the event store for the first listener (its 'close' has passed by then). It hears of
// its own sites only, and of the supervisors' queue only where it reviews grants.
import { EventEmitter } from 'node:events';
import { expect, it, jest } from '@jest/globals';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Session, Sessions } from '../session/sessions.js';
import { type QueueChange, type QueueChanges } from './queue-changes.js';
import { QueueEventsController } from './queue-events.controller.js';

const supervisor = {
  id: 'session-1',
  user: {
    userId: 'supervisor-1',
    role: 'clinical-supervisor',
    sites: ['site-north'],
    siteRoles: { 'site-north': ['clinical-supervisor'] },
  },
} as unknown as Session;

function setUp(session: Session = supervisor) {
  let opened!: () => void;
  const starting = new Promise<void>((resolve) => (opened = resolve));
  const listeners = new Set<(change: QueueChange) => void>();
  const changes = {
    start: () => starting,
    listen: (listener: (change: QueueChange) => void) => {
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
  return {
    controller,
    listeners,
    raw,
    opened,
    events,
    leave,
    stop: () => {
      controller.onModuleDestroy();
      sessions.onApplicationShutdown();
    },
  };
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

const told = (raw: { write: jest.Mock }) =>
  raw.write.mock.calls
    .map(([text]) => /^data: (.*)$/m.exec(String(text))?.[1])
    .filter((data) => data !== undefined)
    .map((data) => JSON.parse(data) as QueueChange);

it.each([
  ['a clinical supervisor', supervisor, [{ siteId: 'site-north', queues: ['break-the-glass', 'overdue-reviews'] }]],
  [
    'a nurse, who does not review grants',
    { id: 'session-2', user: { userId: 'nurse-1', role: 'nurse', sites: ['site-north'], siteRoles: { 'site-north': ['nurse'] } } },
    [{ siteId: 'site-north', queues: ['overdue-reviews'] }],
  ],
  [
    'an auditor, who reviews grants at every site',
    { id: 'session-3', user: { userId: 'auditor-1', role: 'auditor', sites: [], siteRoles: {} } },
    [
      { siteId: 'site-north', queues: ['break-the-glass', 'overdue-reviews'] },
      { siteId: 'site-south', queues: ['break-the-glass'] },
    ],
  ],
  [
    'a network administrator, who does not',
    { id: 'session-4', user: { userId: 'admin-1', role: 'network-admin', sites: [], siteRoles: {} } },
    [{ siteId: 'site-north', queues: ['overdue-reviews'] }],
  ],
])('tells %s: only the queues it may read', async (_who, session, expected) => {
  const { listeners, raw, opened, events, stop } = setUp(session as unknown as Session);
  opened();
  await events();
  for (const listener of listeners) {
    listener({ siteId: 'site-north', queues: ['break-the-glass', 'overdue-reviews'] });
    listener({ siteId: 'site-south', queues: ['break-the-glass'] });
  }
  expect(told(raw)).toEqual(expected);
  stop();
});
