import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { type Actor, BreakTheGlass, admittedRoleAt, assertSiteAccess } from '@continuum/platform';
import {
  type DisclosureRecorded,
  type ReferralEvent,
  SITE_CLINICAL_ROLES,
  clinicalReadRule,
  evolveReferral,
  initialReferralState,
  isOpened,
  referralStream,
} from '../domain/index.js';
import { ClientFiles } from './client-files.js';
import { ReferralNotFound } from './dual-diagnosis.commands.js';

/** One referral as it stands, with its disclosure records (date, recipient, what, purpose, consent, notice). */
@Injectable()
export class ReferralQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clients: ClientFiles,
    private readonly breakTheGlass: BreakTheGlass,
  ) {}

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
    await this.assertClinicalRead(actor, referral.clientId, referral.siteId);
    const disclosures = recorded
      .filter((event) => event.type === 'DisclosureRecorded')
      .map((event) => event.data as DisclosureRecorded['data']);
    return { ...referral, disclosures };
  }

  /**
   * The referral's condition, urgency and recommendations are clinical detail
   * (docs/domain/dual-diagnosis.md#who-reads-a-referral): before the client's episode the
   * site's clinical staff read it; in an episode its care team, the site's clinical supervisors,
   * auditors, or a break-the-glass grant. Anyone else: 403 saying what to do.
   */
  private async assertClinicalRead(actor: Actor, clientId: string, siteId: string): Promise<void> {
    const rule = clinicalReadRule(await this.clients.load(clientId));
    if (
      rule.stage === 'before-episode' &&
      admittedRoleAt(
        actor,
        SITE_CLINICAL_ROLES.filter((role) => actor.admittedRoles.includes(role)),
        siteId,
      )
    )
      return;
    await this.breakTheGlass.assertClinicalRead(actor, { clientId, siteId, careTeam: rule.stage === 'in-episode' ? rule.careTeam : [] });
  }
}
