import { type CalendarDate } from './calendar-date.js';
import {
  type DischargeDisposition,
  type EpisodeEvent,
  type EvidenceReference,
  type LevelChangeReasonCode,
  type Reason,
  type SiteTransferReasonCode,
} from './episode.js';
import { type ChangeDirection, type LevelOfCare } from './levels.js';

// The level-of-care timeline an auditor reads: where the client was, at which level, from
// when to when, and why each stretch began and ended. A stretch ends at a level change, a
// site transfer or the discharge, so each segment is one level at one site.

export type SegmentBoundary =
  | { kind: 'opened'; assessmentId: string; admissionId: string; previousEpisodeId?: string }
  | { kind: 'level-changed'; direction: ChangeDirection; reason: Reason<LevelChangeReasonCode>; evidence: EvidenceReference[] }
  | { kind: 'site-transferred'; fromSiteId: string; toSiteId: string; reason: Reason<SiteTransferReasonCode> }
  | { kind: 'discharged'; disposition: DischargeDisposition; dischargeSummaryRef: string };

export type LevelSegment = {
  level: LevelOfCare;
  siteId: string;
  from: CalendarDate;
  /** Absent while the segment is current. */
  to?: CalendarDate;
  began: SegmentBoundary;
  ended?: SegmentBoundary;
};

/**
 * Segments in the order the events were recorded. Authorisations are not segments: they
 * never move the clinical level. Events before EpisodeOpened are ignored, as the ledger
 * itself ignores them.
 */
export function timeline(events: readonly EpisodeEvent[]): LevelSegment[] {
  const segments: LevelSegment[] = [];
  const close = (date: CalendarDate, boundary: SegmentBoundary): LevelSegment | undefined => {
    const current = segments.at(-1);
    if (!current || current.ended) return undefined;
    current.to = date;
    current.ended = boundary;
    return current;
  };
  for (const event of events) {
    switch (event.type) {
      case 'EpisodeOpened': {
        if (segments.length > 0) break;
        const { level, siteId, startDate, assessmentId, admissionId, previousEpisodeId } = event.data;
        const began: SegmentBoundary = {
          kind: 'opened',
          assessmentId,
          admissionId,
          ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }),
        };
        segments.push({ level, siteId, from: startDate, began });
        break;
      }
      case 'LevelOfCareChanged': {
        const { to, direction, reason, evidence, effectiveDate } = event.data;
        const boundary: SegmentBoundary = { kind: 'level-changed', direction, reason, evidence };
        const previous = close(effectiveDate, boundary);
        if (previous) segments.push({ level: to, siteId: previous.siteId, from: effectiveDate, began: boundary });
        break;
      }
      case 'SiteTransferred': {
        const { fromSiteId, toSiteId, reason, effectiveDate } = event.data;
        const boundary: SegmentBoundary = { kind: 'site-transferred', fromSiteId, toSiteId, reason };
        const previous = close(effectiveDate, boundary);
        if (previous) segments.push({ level: previous.level, siteId: toSiteId, from: effectiveDate, began: boundary });
        break;
      }
      case 'EpisodeDischarged': {
        const { disposition, dischargeSummaryRef, date } = event.data;
        close(date, { kind: 'discharged', disposition, dischargeSummaryRef });
        break;
      }
      // Neither an authorisation nor a safety hold moves the level: no segment begins or ends.
      case 'AuthorizedLevelRecorded':
      case 'SafetyHoldNoted':
      case 'SafetyHoldLifted':
        break;
    }
  }
  return segments;
}
