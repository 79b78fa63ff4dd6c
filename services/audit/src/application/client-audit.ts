import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { calendarDateOf } from '@continuum/care-episode';
import { type RecordedEvent } from '@continuum/event-store';
import { type Actor, CLOCK, type Clock, assertSiteAccess } from '@continuum/platform';
import { isInAccessLog } from '../domain/access-records.js';
import { type AsOfAnswer, asOf } from '../domain/as-of.js';
import { type HistoryEntry, type HistoryFilter, historyEntryOf, matchesFilter } from '../domain/client-history.js';
import { type DisclosureAccounting, accountingOfDisclosures } from '../domain/disclosures.js';
import { fhirExport } from '../domain/fhir/client-export.js';
import { type FhirBundle } from '../domain/fhir/fhir-resource.js';
import { type EpisodeTimeline, episodeTimelines } from '../domain/level-timeline.js';
import { ClientIndex } from '../client-index/client-index.js';
import { clientEvents } from './client-events.js';

export class ClientNotInTheStore extends NotFoundException {
  constructor(clientId: string) {
    super(
      `No event about client ${clientId} is recorded in the event store. Check the id: it is the clientId intake gave at registration.`,
    );
  }
}

/**
 * The HTTP API's answers about one client. Each reads the client's events from the store
 * once, through the client index (one client's events fit in memory; the store's do not), then checks the caller may
 * see the client: an auditor everywhere, a site administrator where the client's latest
 * record belongs (every record belongs to one site at a time).
 */
@Injectable()
export class ClientAudit {
  constructor(
    private readonly index: ClientIndex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async history(
    clientId: string,
    filter: HistoryFilter,
    actor: Actor,
  ): Promise<{ clientId: string; siteId: string; events: HistoryEntry[] }> {
    const { events, siteId } = await this.eventsOf(clientId, actor);
    return { clientId, siteId, events: events.filter((event) => matchesFilter(event, filter)).map(historyEntryOf) };
  }

  async asOf(clientId: string, at: string, actor: Actor): Promise<AsOfAnswer> {
    const { events } = await this.eventsOf(clientId, actor);
    return asOf(clientId, at, events);
  }

  async timeline(clientId: string, actor: Actor): Promise<{ clientId: string; episodes: EpisodeTimeline[] }> {
    const { events } = await this.eventsOf(clientId, actor);
    return { clientId, episodes: episodeTimelines(events, calendarDateOf(this.clock.now())) };
  }

  /** As of `asOf` (default: now), which is also where the 3- and 6-year periods end; `from`: a shorter period the client chose. */
  async disclosures(clientId: string, query: { asOf?: string; from?: string }, actor: Actor): Promise<DisclosureAccounting> {
    const { events } = await this.eventsOf(clientId, actor);
    const asOf = query.asOf === undefined ? this.clock.now() : new Date(query.asOf);
    try {
      return accountingOfDisclosures(clientId, asOf, events, query.from === undefined ? {} : { from: query.from });
    } catch (error) {
      if (error instanceof RangeError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  async fhir(clientId: string, actor: Actor): Promise<FhirBundle> {
    const { events } = await this.eventsOf(clientId, actor);
    return fhirExport(clientId, this.clock.now(), events);
  }

  private async eventsOf(clientId: string, actor: Actor): Promise<{ events: RecordedEvent[]; siteId: string }> {
    const events: RecordedEvent[] = [];
    for await (const event of clientEvents(this.index, clientId)) events.push(event);
    // The client's site is that of their latest record; a read of it says where the reader was.
    const latest = events.findLast((event) => !isInAccessLog(event));
    if (!latest) throw new ClientNotInTheStore(clientId);
    assertSiteAccess(actor, latest.metadata.siteId);
    return { events, siteId: latest.metadata.siteId };
  }
}
