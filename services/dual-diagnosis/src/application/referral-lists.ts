import { Injectable } from '@nestjs/common';
import { type FindQuery, ProjectionRunner, findEvery } from '@continuum/read-store';
import { type Actor, assertSiteAccess, countedListPage } from '@continuum/platform';
import { PROVIDER_LIST, type ProviderListItem } from '../projections/provider-list.js';
import { REFERRAL_LIST, type ReferralListItem } from '../projections/referral-list.js';

export const DEFAULT_PAGE_SIZE = 25;
const PROVIDERS_PER_READ = 500;

export type ReferralListName = 'open' | 'overdue' | 'awaiting-consent';
export type Paging = { limit?: number; after?: string };

const LIST_FILTERS: Record<ReferralListName, NonNullable<FindQuery['where']>> = {
  open: { isOpen: true },
  overdue: { isOverdue: true },
  'awaiting-consent': { isAwaitingConsent: true },
};

// Lists answer from the projections (docs/architecture/read-side.md#read-models-are-disposable),
// a moment behind the
// event store. A caller sees a site's lists only with a role this route admits there.

@Injectable()
export class ReferralLists {
  constructor(private readonly projections: ProjectionRunner) {}

  /** The site's referrals of one list, soonest due first: the order a coordinator works them. */
  async atSite(siteId: string, list: ReferralListName, paging: Paging, actor: Actor) {
    assertSiteAccess(actor, siteId);
    const referrals = await this.projections.collection<ReferralListItem>(REFERRAL_LIST);
    const page = await countedListPage(referrals, {
      where: { siteId, ...LIST_FILTERS[list] },
      sort: [{ field: 'dueAt', direction: 'asc' }],
      limit: paging.limit ?? DEFAULT_PAGE_SIZE,
      ...(paging.after ? { after: paging.after } : {}),
    });
    return { ...page, items: page.items.map(withoutFold) };
  }

  /** How many referrals the provider holds now (sent, accepted, with an appointment), as the list shows it: a moment behind the store. */
  async openReferralsOf(providerId: string): Promise<number> {
    const referrals = await this.projections.collection<ReferralListItem>(REFERRAL_LIST);
    return referrals.count({ providerId, holdsProviderCapacity: true });
  }

  /**
   * The site's providers with the referrals each holds now against its capacity. Whole, not
   * paged: a site's directory is what a coordinator chooses a recipient from, and it is small.
   */
  async providersAtSite(siteId: string, actor: Actor) {
    assertSiteAccess(actor, siteId);
    const providers = await this.projections.collection<ProviderListItem>(PROVIDER_LIST);
    const directory = await findEvery(providers, {
      where: { siteId },
      sort: [{ field: 'providerId', direction: 'asc' }],
      limit: PROVIDERS_PER_READ,
    });
    const items = [];
    for (const provider of directory) {
      const openReferrals = await this.openReferralsOf(provider.providerId);
      items.push({ ...provider, load: { openReferrals, capacity: provider.capacity, isAtCapacity: openReferrals >= provider.capacity } });
    }
    return { items };
  }
}

function withoutFold(item: ReferralListItem) {
  const { referral: _fold, isUnanswered: _internal, ...row } = item;
  return row;
}
