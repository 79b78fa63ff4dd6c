import { expect } from '@jest/globals';
import { type INestApplication } from '@nestjs/common';
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { ACCESS_REFUSED, AccessLog } from '@continuum/platform';
import { type StoreSnapshot, appendedSince, storeSnapshot } from './store-snapshot.js';

// storeSnapshot and appendedSince with the access log written first. A refused request writes
// nothing at all, not even an access-log record (only a read that was answered is recorded),
// but the access log reaches the store in batches, on a timer: the record of a read answered
// before a snapshot may land after it, and look like a write of the refused request. Flushed
// before the snapshot and again before the comparison, any append in between, an access record
// included, is the refused request's doing. Several apps sharing one store (a system journey)
// are flushed together; the store is the first one's.
//
// One record a refusal does leave, by design: a 401 or 403 is a security event in the access
// log (`AccessRefused`: who, what, why; docs/architecture/security.md#refused-requests). It is not
// a write of the request, so appendedSinceFlushed leaves it out; refusalsSinceFlushed lists it.

type WithAccessLog = { readonly app: INestApplication; store(): EventStore };

async function flushAccessLogs(services: readonly WithAccessLog[]): Promise<void> {
  for (const service of services) await service.app.get(AccessLog).flush();
}

const listOf = (services: WithAccessLog | readonly WithAccessLog[]): readonly WithAccessLog[] =>
  Array.isArray(services) ? (services as readonly WithAccessLog[]) : [services as WithAccessLog];

/** storeSnapshot once every app's access log has written the records it held. */
export async function flushedSnapshot(
  services: WithAccessLog | readonly WithAccessLog[],
  streams: readonly string[] = [],
): Promise<StoreSnapshot> {
  const all = listOf(services);
  await flushAccessLogs(all);
  return storeSnapshot(all[0]!.store(), streams);
}

/** What was appended since the snapshot once every app's access log has written: access records count, refusals' security events do not. */
export async function appendedSinceFlushed(
  services: WithAccessLog | readonly WithAccessLog[],
  snapshot: StoreSnapshot,
): Promise<RecordedEvent[]> {
  return (await everythingSince(services, snapshot)).filter((event) => event.type !== ACCESS_REFUSED);
}

/** The security events of the 401s and 403s answered since the snapshot. */
export async function refusalsSinceFlushed(
  services: WithAccessLog | readonly WithAccessLog[],
  snapshot: StoreSnapshot,
): Promise<RecordedEvent[]> {
  return (await everythingSince(services, snapshot)).filter((event) => event.type === ACCESS_REFUSED);
}

async function everythingSince(services: WithAccessLog | readonly WithAccessLog[], snapshot: StoreSnapshot): Promise<RecordedEvent[]> {
  const all = listOf(services);
  await flushAccessLogs(all);
  return appendedSince(all[0]!.store(), snapshot);
}

/** A refused request's answer and the security events it left (an `AccessRefused` for a 401 or 403, none otherwise). */
export type Refusal<Response> = { readonly response: Response; readonly refusals: RecordedEvent[] };

/**
 * Sends a request the service must refuse with `status`, and holds it to the rule the whole
 * product keeps: nothing appended anywhere, in any stream, not even an access record; a 401 or
 * 403 leaves exactly its security event, any other refusal none.
 */
export async function refusedWritingNothing<Response extends { status: number }>(
  services: WithAccessLog | readonly WithAccessLog[],
  send: () => PromiseLike<Response>,
  status: number,
): Promise<Refusal<Response>> {
  const before = await flushedSnapshot(services);
  const response = await send();
  expect(response.status).toBe(status);
  const everything = await everythingSince(services, before);
  expect(everything.filter((event) => event.type !== ACCESS_REFUSED)).toEqual([]);
  const refusals = everything.filter((event) => event.type === ACCESS_REFUSED);
  expect(refusals).toHaveLength(status === 401 || status === 403 ? 1 : 0);
  return { response, refusals };
}
