// The level-of-care timeline as the demo prints it: per episode, one line per stretch at one
// level and one site, from when to when, why it began and why it ended. Ids and codes only.
import { type EpisodeSummary, type TimelineSegment } from './journey.js';

type Boundary = TimelineSegment['began'];

export function whyItBegan(boundary: Boundary): string {
  switch (boundary.kind) {
    case 'opened':
      return boundary.previousEpisodeId ? `admitted (readmission after ${boundary.previousEpisodeId.slice(0, 8)})` : 'admitted';
    case 'level-changed':
      return `${boundary.direction}, reason ${boundary.reason?.code}${evidenceOf(boundary)}`;
    case 'site-transferred':
      return `site transfer, reason ${boundary.reason?.code}`;
    default:
      return boundary.kind;
  }
}

export function whyItEnded(boundary: Boundary | undefined): string {
  if (!boundary) return 'current';
  if (boundary.kind === 'discharged') return `discharged, ${boundary.disposition}`;
  return whyItBegan(boundary);
}

function evidenceOf(boundary: Boundary): string {
  const evidence = boundary.evidence ?? [];
  return evidence.length ? ` (evidence ${evidence.map((item) => `${item.kind} ${item.id.slice(0, 8)}`).join(', ')})` : '';
}

export function timelineLines(episodes: readonly EpisodeSummary[]): string[] {
  const lines: string[] = [];
  for (const episode of episodes) {
    const link = episode.previousEpisodeId ? `, follows ${episode.previousEpisodeId}` : '';
    const closing = episode.status === 'discharged' ? `discharged ${episode.dischargeDate} (${episode.disposition})` : 'open';
    lines.push(`episode ${episode.episodeId} from ${episode.startDate}, ${closing}${link}`);
    for (const segment of episode.timeline) {
      const level = `ASAM ${segment.level.edition} ${segment.level.code}`.padEnd(11);
      const span = `${segment.from} → ${segment.to ?? '…'.padEnd(10)}`;
      lines.push(
        `  ${level} ${segment.siteId.padEnd(12)} ${span}  began: ${whyItBegan(segment.began)}; ended: ${whyItEnded(segment.ended)}`,
      );
    }
  }
  return lines;
}
