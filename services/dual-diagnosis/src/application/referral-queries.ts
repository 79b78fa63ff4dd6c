import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#continuum/event-store';
import { type Actor, assertSiteAccess } from '#continuum/platform';
import { type DisclosureRecorded, isOpened, referralStream } from '../domain/index.js';
import { ReferralCommands, ReferralNotFound } from './referral-commands.js';

/** One referral as it stands, with its disclosure records (date, recipient, what, purpose, consent, notice). */
@Injectable()
export class ReferralQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly referrals: ReferralCommands,
  ) {}

  async get(referralId: string, actor: Actor) {
    const referral = await this.referrals.load(referralId);
    if (!isOpened(referral)) throw new ReferralNotFound(referralId);
    assertSiteAccess(actor, referral.siteId);
    const recorded = await this.store.readStream(referralStream(referralId));
    const disclosures = recorded.filter((event) => event.type === 'DisclosureRecorded').map((event) => event.data as DisclosureRecorded['data']);
    return { ...referral, disclosures };
  }
}
