import { Inject, Injectable } from '@nestjs/common';
import { type FindQuery, ProjectionRunner } from '@continuum/read-store';
import { listPage, siteScopeOf } from '@continuum/platform';
import { type Actor, CLOCK, type Clock, assertSiteAccess } from '@continuum/platform';
import { ACTIVE_CONSENTS, type ActiveConsents, consentsInForce } from '../projections/active-consents.js';
import { CLIENT_LIST, type ClientFlag, type ClientListItem, FLAG_FIELDS } from '../projections/client-list.js';
import { ClientNotFound } from './intake.commands.js';

export type ClientListFilters = {
  status?: string;
  level?: string;
  recommendedLevel?: string;
  flag?: ClientFlag;
  limit?: number;
  after?: string;
};

export const DEFAULT_PAGE_SIZE = 25;

// Lists answer from the projections (docs/architecture/read-side.md#read-models-are-disposable):
// a moment behind the
// event store, never a replay of it. A caller sees only the sites where a role this route
// admits is theirs; a network-wide role (the auditor's) sees every site.

@Injectable()
export class ClientLists {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async atSite(siteId: string, filters: ClientListFilters, actor: Actor) {
    assertSiteAccess(actor, siteId);
    return this.page({ siteId }, filters);
  }

  async acrossSites(filters: ClientListFilters, actor: Actor) {
    const scope = siteScopeOf(actor);
    return scope ? this.page(scope, filters) : { items: [] };
  }

  /** For other services' consent checks: the consents in force now, with recipients and purposes, without names. */
  async activeConsents(clientId: string, actor: Actor) {
    const consents = await this.projections.collection<ActiveConsents>(ACTIVE_CONSENTS);
    const stored = await consents.get(clientId);
    if (!stored) throw new ClientNotFound(clientId);
    assertSiteAccess(actor, stored.document.siteId);
    const now = this.clock.now();
    return { clientId, siteId: stored.document.siteId, asOf: now.toISOString(), consents: consentsInForce(stored.document, now) };
  }

  private async page(scope: NonNullable<FindQuery['where']>, filters: ClientListFilters) {
    const where: NonNullable<FindQuery['where']> = { ...scope };
    if (filters.status) where.status = filters.status;
    if (filters.level) where['decidedLevel.code'] = filters.level;
    if (filters.recommendedLevel) where['recommendedLevel.code'] = filters.recommendedLevel;
    if (filters.flag) where[FLAG_FIELDS[filters.flag]] = true;
    const clients = await this.projections.collection<ClientListItem>(CLIENT_LIST);
    return listPage(clients, {
      where,
      // Newest registrations first: a coordinator's list starts with who just arrived.
      sort: [{ field: 'registeredAt', direction: 'desc' }],
      limit: filters.limit ?? DEFAULT_PAGE_SIZE,
      ...(filters.after ? { after: filters.after } : {}),
    });
  }
}
