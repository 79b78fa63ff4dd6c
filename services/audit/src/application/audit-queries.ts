import { EPISODE_STREAM_PREFIX, calendarDateOf } from '@continuum/care-episode';
import { type AsOfAnswer, answerAsOf, foldAsOf, startAsOf } from '../domain/as-of.js';
import { type HistoryEntry, type HistoryFilter, historyEntryOf, matchesFilter } from '../domain/client-history.js';
import {
  DISCLOSURE_EVENT_TYPE,
  type DisclosureAccounting,
  answerDisclosureAccounting,
  foldDisclosure,
  startDisclosureAccounting,
} from '../domain/disclosures.js';
import { finishFhirExport, foldFhirExport, startFhirExport } from '../domain/fhir/client-export.js';
import { type FhirResource } from '../domain/fhir/fhir-resource.js';
import { type EpisodeTimeline, episodeTimelines } from '../domain/level-timeline.js';
import { SERVICE_STREAM_PREFIXES } from '../domain/stored-event.js';
import { type ClientIndex } from '../client-index/client-index.js';
import { type ReadOptions, clientEvents } from './client-events.js';

// The auditor's questions about one client, answered from the event store alone
// (never from a service's current state), for the HTTP API and the CLI alike. The client
// index says which streams to read (client-events.ts); the events are the store's own.

type Progress = Pick<ReadOptions, 'onProgress' | 'progressEveryMs' | 'onFinished'>;

/** Every event about the client that passes the filter, oldest first, one at a time. */
export async function* clientHistory(
  index: ClientIndex,
  clientId: string,
  filter: HistoryFilter = {},
  progress: Progress = {},
): AsyncGenerator<HistoryEntry> {
  // Streams are chosen by prefix and events by type as they are read; the time range is the filter's.
  const streamPrefixes = filter.services?.flatMap((service) => [...SERVICE_STREAM_PREFIXES[service]]);
  const readFilter = {
    ...(streamPrefixes?.length ? { streamPrefixes } : {}),
    ...(filter.types?.length ? { eventTypes: [...filter.types] } : {}),
  };
  for await (const event of clientEvents(index, clientId, { ...progress, filter: readFilter })) {
    if (matchesFilter(event, filter)) yield historyEntryOf(event);
  }
}

export async function clientAsOf(index: ClientIndex, clientId: string, at: string, progress: Progress = {}): Promise<AsOfAnswer> {
  let fold = startAsOf(clientId, at);
  for await (const event of clientEvents(index, clientId, progress)) fold = foldAsOf(fold, event);
  return answerAsOf(fold);
}

/** A current segment's authorisation is judged on the day of `now`. */
export async function clientTimeline(index: ClientIndex, clientId: string, now: Date, progress: Progress = {}): Promise<EpisodeTimeline[]> {
  const events = [];
  for await (const event of clientEvents(index, clientId, { ...progress, filter: { streamPrefixes: [EPISODE_STREAM_PREFIX] } }))
    events.push(event);
  return episodeTimelines(events, calendarDateOf(now));
}

/**
 * The accounting of disclosures as of `asOf` (and from the client's shorter period's first day,
 * when given): every DisclosureRecorded of the client, from whichever stream recorded it.
 */
export async function clientDisclosures(
  index: ClientIndex,
  clientId: string,
  asOf: Date,
  progress: Progress = {},
  from?: string,
): Promise<DisclosureAccounting> {
  let fold = startDisclosureAccounting(clientId, asOf, from);
  const filter = { eventTypes: [DISCLOSURE_EVENT_TYPE] };
  for await (const event of clientEvents(index, clientId, { ...progress, filter })) fold = foldDisclosure(fold, event);
  return answerDisclosureAccounting(fold);
}

/**
 * The FHIR export's resources, one at a time, as the store's pages are read: the Patient,
 * each event's Provenance or AuditEvent as it is read, then the resources the whole history
 * decides. A caller that writes them as they come holds one page and the fold's facts.
 */
export async function* clientFhirResources(
  index: ClientIndex,
  clientId: string,
  now: Date,
  progress: Progress = {},
): AsyncGenerator<FhirResource> {
  const { fold, first } = startFhirExport(clientId, now);
  yield* first;
  for await (const event of clientEvents(index, clientId, progress)) yield* foldFhirExport(fold, event);
  yield* finishFhirExport(fold);
}
