import { Injectable } from '@nestjs/common';
import { type Actor, BreakTheGlass, admittedRoleAt, assertSiteAccess, readableOnly, siteScopeOf } from '@continuum/platform';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import { REFERRAL_LIST, type ReferralListItem } from '../projections/referral-list.js';
import { type ClinicalReadRule, SITE_CLINICAL_ROLES, clinicalReadRule, isOpened } from '../domain/index.js';
import { ClientFiles } from './client-files.js';
import { FoldedReferrals } from './folded-referrals.js';
import { ReferralNotFound } from './dual-diagnosis.commands.js';

/** A client has a handful of referrals, never a page's worth. */
const REFERRALS_READ_AT_ONCE = 200;

/** One referral as it stands, with its disclosure records (date, recipient, what, purpose, consent, notice). */
@Injectable()
export class ReferralQueries {
  constructor(
    private readonly folded: FoldedReferrals,
    private readonly clients: ClientFiles,
    private readonly breakTheGlass: BreakTheGlass,
    private readonly projections: ProjectionRunner,
  ) {}

  async get(referralId: string, actor: Actor) {
    // One read of the stream gives both the folded referral and its disclosure records.
    const { state: referral, disclosures } = await this.folded.read(referralId);
    if (!isOpened(referral)) throw new ReferralNotFound(referralId);
    assertSiteAccess(actor, referral.siteId);
    await this.assertClinicalRead(actor, referral.clientId, referral.siteId, await this.readRuleOf(referral.clientId));
    return { ...referral, disclosures };
  }

  /**
   * A client's referrals at the caller's sites, newest first, each with its disclosure records:
   * the chart's referrals and disclosures. Read under the same rule as one referral, per site:
   * a site whose referrals the caller may not read clinically is left out, and when that is
   * every site that has one, the answer is that rule's 403 (what to do).
   */
  async ofClient(clientId: string, actor: Actor) {
    const scope = siteScopeOf(actor);
    if (!scope) return { clientId, items: [] };
    const rows = await findEvery(await this.projections.collection<ReferralListItem>(REFERRAL_LIST), {
      where: { ...scope, clientId },
      sort: [{ field: 'openedAt', direction: 'desc' }],
      limit: REFERRALS_READ_AT_ONCE,
    });
    if (rows.length === 0) return { clientId, items: [] };
    // One client, one file: its read rule is the same at every site, so the file is read once.
    const rule = await this.readRuleOf(clientId);
    const readableSites = new Set(
      await readableOnly(new Set(rows.map((row) => row.siteId)), (siteId) => this.assertClinicalRead(actor, clientId, siteId, rule)),
    );
    const items = [];
    for (const row of rows.filter((candidate) => readableSites.has(candidate.siteId))) {
      const { state: referral, disclosures } = await this.folded.read(row.referralId);
      if (isOpened(referral)) items.push({ ...referral, disclosures });
    }
    return { clientId, items };
  }

  /** Who reads the client's referrals clinically, from the client's file here. */
  private async readRuleOf(clientId: string): Promise<ClinicalReadRule> {
    return clinicalReadRule(await this.clients.load(clientId));
  }

  /**
   * The referral's condition, urgency and recommendations are clinical detail
   * (docs/domain/dual-diagnosis.md#who-reads-a-referral): before the client's episode the
   * site's clinical staff read it; in an episode its care team, the site's clinical supervisors,
   * auditors, or a break-the-glass grant. Anyone else: 403 saying what to do.
   */
  private async assertClinicalRead(actor: Actor, clientId: string, siteId: string, rule: ClinicalReadRule): Promise<void> {
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
