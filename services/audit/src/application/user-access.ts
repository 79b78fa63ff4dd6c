import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { ACCESS_LOG_STREAM_PREFIX } from '../domain/access-records.js';
import { type UserAccessEntry, type UserAccessQuery, userAccessEntry } from '../domain/user-access.js';

/** The most entries one answer lists; `truncated` says when there were more (narrow the period). */
export const USER_ACCESS_LIMIT = 1000;

/** One user's entries in the access log of every service: reads only the access-log streams. */
@Injectable()
export class UserAccess {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(query: UserAccessQuery): Promise<{ userId: string; entries: UserAccessEntry[]; truncated: boolean }> {
    const entries: UserAccessEntry[] = [];
    for await (const event of this.store.readAll({ filter: { streamPrefixes: [ACCESS_LOG_STREAM_PREFIX] } })) {
      const entry = userAccessEntry(event, query);
      if (!entry) continue;
      if (entries.length === USER_ACCESS_LIMIT) return { userId: query.userId, entries, truncated: true };
      entries.push(entry);
    }
    return { userId: query.userId, entries, truncated: false };
  }
}
