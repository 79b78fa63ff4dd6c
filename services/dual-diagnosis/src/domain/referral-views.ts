// Minimum necessary (45 CFR 164.502(b), 164.514(d)): who reads the clinical detail of one
// client's referral (the condition, its urgency and the specialist's recommendations),
// read the way intake reads its record (docs/domain/dual-diagnosis.md#who-reads-a-referral).
// Pure: the application hands in the client's file; break-the-glass (libs/platform) checks
// the actor against the team this returns.
import { type ClientFile } from './client.js';

/**
 * The site's clinical staff: before a client has an episode there is no care team, so these
 * read a referral's clinical detail at the client's site. `clinical-supervisor` oversees the
 * site's care teams in an episode as well.
 */
export const SITE_CLINICAL_ROLES = ['clinician', 'nurse', 'prescriber', 'case-manager', 'clinical-supervisor'] as const;

/**
 * Whose reads of the client's clinical detail are decided how:
 * - `before-episode`: the site's clinical staff read it (with the site's supervisors and
 *   auditors); no care team exists yet;
 * - `in-episode`: only the care team (`careTeam`, staff user ids), the site's clinical
 *   supervisors, auditors, or an unexpired break-the-glass grant.
 * In an episode whose team treatment-plan has not told yet, the team is empty: the safer
 * reading (supervisors, auditors and grants only).
 */
export type ClinicalReadRule = { stage: 'before-episode' } | { stage: 'in-episode'; episodeId: string; careTeam: string[] };

/**
 * The client is in an episode from the first care team treatment-plan tells for it until the
 * episode's discharge (EpisodeDischarged). A client discharged is before their next episode.
 */
export function clinicalReadRule(file: Pick<ClientFile, 'careTeam' | 'dischargedEpisodes'>): ClinicalReadRule {
  const team = file.careTeam;
  if (!team || file.dischargedEpisodes.includes(team.episodeId)) return { stage: 'before-episode' };
  return { stage: 'in-episode', episodeId: team.episodeId, careTeam: team.members.map((member) => member.userId) };
}
