import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { type Actor, assertSiteAccess } from '@continuum/platform';
import {
  type DisclosureRecorded,
  type ReferralEvent,
  evolveReferral,
  initialReferralState,
  isOpened,
  referralStream,
} from '../domain/index.js';
import { ReferralNotFound } from './dual-diagnosis.commands.js';

/** One referral as it stands, with its disclosure records (date, recipient, what, purpose, consent, notice). */
@Injectable()
export class ReferralQueries {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(referralId: string, actor: Actor) {
    // One read of the stream gives both the folded referral and its disclosure records.
    const recorded = await this.store.readStream(referralStream(referralId));
    const referral = fold(
      evolveReferral,
      initialReferralState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as ReferralEvent),
    );
    if (!isOpened(referral)) throw new ReferralNotFound(referralId);
    assertSiteAccess(actor, referral.siteId);
    const disclosures = recorded
      .filter((event) => event.type === 'DisclosureRecorded')
      .map((event) => event.data as DisclosureRecorded['data']);
    return { ...referral, disclosures };
  }
}
