import { type AuthorizationVariance, type LevelOfCare, type SegmentBoundary, describeLevel } from '@continuum/care-episode';
import { type AsOfAnswer } from '@continuum/audit/domain/as-of.js';
import { type HistoryEntry } from '@continuum/audit/domain/client-history.js';
import { type AccountedDisclosure, type DisclosureAccounting } from '@continuum/audit/domain/disclosures.js';
import { type LastKnownFacts } from '@continuum/audit/domain/last-known-facts.js';
import { type EpisodeTimeline } from '@continuum/audit/domain/level-timeline.js';
import { type EventReference } from '@continuum/audit/domain/stored-event.js';
import { type IntegrityReport } from '@continuum/audit/integrity/verify-store.js';

// The CLI's text output: ids, codes, dates and who acted. Payloads are left to --json: an
// intake payload holds a person's name, and a terminal's scrollback is no place for it.

const level = (value: LevelOfCare) => describeLevel(value);
const eventRef = (event: EventReference) =>
  `#${event.position} ${event.type} ${event.eventId} (${event.streamId} r${event.revision}, recorded ${event.recordedAt})`;

export function historyLine(entry: HistoryEntry): string {
  const parts = [
    `#${entry.position}`,
    entry.recordedAt,
    entry.service.padEnd(14),
    entry.type.padEnd(30),
    `site ${entry.siteId}`,
    `by ${entry.actor.role} ${entry.actor.userId}`,
  ];
  if (entry.reason) parts.push(`reason ${entry.reason.code}${entry.reason.reference ? ` (${entry.reason.reference})` : ''}`);
  if (entry.evidence.length) parts.push(`evidence ${entry.evidence.map((item) => `${item.kind}:${item.id}`).join(', ')}`);
  parts.push(`[${entry.streamId} r${entry.revision}, event ${entry.eventId}]`);
  return parts.join('  ');
}

export function varianceText(variances: AuthorizationVariance[]): string {
  if (variances.length === 0) return 'authorisation covers the clinical level';
  return variances
    .map((variance) => {
      switch (variance.kind) {
        case 'no-authorization':
          return 'no payer authorisation recorded';
        case 'level-differs':
          return `authorised ${level(variance.authorizedLevel)} while the clinical level is ${level(variance.clinicalLevel)}`;
        case 'expired':
          return `authorisation expired after ${variance.throughDate}`;
      }
    })
    .join('; ');
}

const factsLine = (kind: string, facts: LastKnownFacts) =>
  `  ${kind} ${facts.id}${facts.status ? ` ${facts.status}` : ''}: ${facts.events} event(s), last ${facts.lastEvent.type} at ${facts.lastEvent.recordedAt}`;

export function asOfText(answer: AsOfAnswer): string {
  const lines = [`client ${answer.clientId} as of ${answer.at}`];
  if (!answer.lastEventUsed) return [...lines, '  nothing about this client had been recorded by then'].join('\n');
  lines.push(`  level of care: ${answer.levelOfCare ? level(answer.levelOfCare) : 'none (no episode open)'}`);
  const episode = answer.episode;
  if (episode) {
    const since =
      episode.status === 'discharged' ? `discharged ${episode.dischargeDate} (${episode.disposition})` : `open since ${episode.startDate}`;
    lines.push(`  episode ${episode.episodeId}: ${since}, site ${episode.siteId}, programme ${episode.programmeId}`);
    if (episode.authorization) {
      const { level: authorized, amount, throughDate, payerReference } = episode.authorization;
      lines.push(`  authorised: ${level(authorized)}, ${amount.quantity} ${amount.unit} through ${throughDate} (${payerReference})`);
    }
    lines.push(`  variance: ${varianceText(episode.authorizationVariance)}`);
  }
  if (answer.episodes.length > 1) lines.push(`  episodes: ${answer.episodes.map((item) => `${item.episodeId} ${item.status}`).join(', ')}`);
  if (answer.plan) lines.push(factsLine('plan', answer.plan));
  for (const referral of answer.referrals) lines.push(factsLine('referral', referral));
  for (const plan of answer.aftercarePlans) lines.push(factsLine('aftercare plan', plan));
  lines.push(`  site of the last record: ${answer.siteId}`);
  lines.push(`  last event used (${answer.eventsUsed} in all): ${eventRef(answer.lastEventUsed)}`);
  return lines.join('\n');
}

function boundaryText(boundary: SegmentBoundary): string {
  switch (boundary.kind) {
    case 'opened':
      return `admitted (admission ${boundary.admissionId}, assessment ${boundary.assessmentId}${boundary.previousEpisodeId ? `, readmission after ${boundary.previousEpisodeId}` : ''})`;
    case 'level-changed':
      return `${boundary.direction}, reason ${boundary.reason.code}${boundary.evidence.length ? `, evidence ${boundary.evidence.map((item) => `${item.kind}:${item.id}`).join(', ')}` : ''}`;
    case 'site-transferred':
      return `transferred ${boundary.fromSiteId} → ${boundary.toSiteId}, reason ${boundary.reason.code}`;
    case 'discharged':
      return `discharged (${boundary.disposition}, summary ${boundary.dischargeSummaryRef})`;
  }
}

export function timelineText(clientId: string, timelines: EpisodeTimeline[]): string {
  if (timelines.length === 0) return `client ${clientId}: no care episode recorded`;
  const lines: string[] = [];
  for (const episode of timelines) {
    lines.push(`episode ${episode.episodeId} (${episode.status}${episode.disposition ? `, ${episode.disposition}` : ''})`);
    for (const segment of episode.segments) {
      lines.push(`  ${segment.from} → ${segment.to ?? 'now'}  ${level(segment.level)} at ${segment.siteId}`);
      lines.push(`      began: ${boundaryText(segment.began)}`);
      if (segment.ended) lines.push(`      ended: ${boundaryText(segment.ended)}`);
      lines.push(`      payer: ${varianceText(segment.authorizationVariance)}`);
    }
    lines.push(`  last event: ${eventRef(episode.lastEvent)}`);
  }
  return lines.join('\n');
}

export function integrityText(report: IntegrityReport): string {
  const seconds = (report.elapsedMs / 1000).toFixed(1);
  const lines = [
    `verified ${report.eventsChecked} events in ${report.streamsChecked} streams up to position ${report.headPosition} in ${seconds} s: ${report.eventsPerSecond} events/s`,
  ];
  if (report.ok) return [...lines, 'OK: every hash chain holds and the global order has no gap or inversion'].join('\n');
  lines.push(`NOT OK: ${report.findingsTotal} finding(s), in global order:`);
  for (const finding of report.findings) {
    const where = finding.eventId === undefined ? '' : ` ${finding.streamId} r${finding.revision} event ${finding.eventId}:`;
    lines.push(`  #${finding.position} ${finding.kind}:${where} ${finding.detail}`);
  }
  if (report.findingsTotal > report.findings.length)
    lines.push(`  … and ${report.findingsTotal - report.findings.length} more (--json lists up to the same number)`);
  for (const verdict of report.storeVerdicts) {
    lines.push(
      verdict.ok
        ? `  the store's own check of ${verdict.stream}: chain holds (${verdict.events} events)`
        : `  the store's own check of ${verdict.stream}: revision ${verdict.firstBroken.revision}, event ${verdict.firstBroken.eventId}: ${verdict.firstBroken.reason}`,
    );
  }
  return lines.join('\n');
}

const basisText = (basis: AccountedDisclosure['basis']) =>
  basis.kind === 'not-recorded'
    ? 'basis not recorded'
    : `${basis.kind}${basis.kind === 'consent' ? ` ${basis.consentId}` : basis.kind === 'court-order' ? ` ${basis.orderId}` : ''} (${basis.citation})`;

const disclosureLine = (disclosure: AccountedDisclosure) =>
  `  ${disclosure.date}  to ${disclosure.recipient.recipientId}${disclosure.recipient.kind ? ` (${disclosure.recipient.kind})` : ''}  purpose ${disclosure.purpose}  basis ${basisText(disclosure.basis)}  what ${[...disclosure.categories, ...(disclosure.information ?? [])].join(', ')}  by ${disclosure.disclosedBy.role} ${disclosure.disclosedBy.userId} at ${disclosure.siteId}  [${disclosure.carriedBy.kind} ${disclosure.carriedBy.id}, disclosure ${disclosure.disclosureId}]`;

const partText = (label: string, part: DisclosureAccounting['part2']) => [
  `${label} (${part.citation}), from ${part.period.from} to ${part.period.to}, both inclusive: ${part.disclosures.length}`,
  ...part.disclosures.map(disclosureLine),
];

export function disclosuresText(accounting: DisclosureAccounting): string {
  return [
    `accounting of disclosures of client ${accounting.clientId} as of ${accounting.asOf}${accounting.from ? `, from ${accounting.from} as the client chose` : ''}`,
    ...partText('Part 2: disclosures of the 3 years before the request', accounting.part2),
    ...partText('HIPAA: disclosures of the 6 years before the request', accounting.hipaa),
  ].join('\n');
}
