import { type AllFilter } from './event-store.js';

// The port's filter applied to an event in memory, as the SQL adapters apply it in their
// queries: an event passes when its stream starts with one of the prefixes (if any are given)
// and its type is one of the types (if any are given). An empty list restricts nothing.

export function passesFilter(event: { streamId: string; type: string }, filter: AllFilter | undefined): boolean {
  const prefixes = filter?.streamPrefixes;
  if (prefixes && prefixes.length > 0 && !prefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  const types = filter?.eventTypes;
  if (types && types.length > 0 && !types.includes(event.type)) return false;
  return true;
}

/**
 * One filter that lets through at least every event one of `filters` lets through (often
 * more): what a reader feeding several consumers asks the store for, each consumer then
 * applying its own filter with passesFilter.
 */
export function unionOfFilters(filters: ReadonlyArray<AllFilter | undefined>): AllFilter | undefined {
  const isSet = (list: string[] | undefined): list is string[] => list !== undefined && list.length > 0;
  const streamPrefixes = filters.every((filter) => isSet(filter?.streamPrefixes))
    ? [...new Set(filters.flatMap((filter) => filter!.streamPrefixes!))]
    : undefined;
  const eventTypes = filters.every((filter) => isSet(filter?.eventTypes))
    ? [...new Set(filters.flatMap((filter) => filter!.eventTypes!))]
    : undefined;
  if (!streamPrefixes && !eventTypes) return undefined;
  return { ...(streamPrefixes ? { streamPrefixes } : {}), ...(eventTypes ? { eventTypes } : {}) };
}
