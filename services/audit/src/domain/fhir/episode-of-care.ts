import { type SegmentBoundary } from '@continuum/care-episode';
import { type OpenedEpisode } from '../as-of.js';
import { type EpisodeTimeline, type TimelineSegment } from '../level-timeline.js';
import { EXTENSIONS, type Extension, type FhirResource, SYSTEMS, fhirId, levelCoding, periodOf, referenceTo } from './fhir-resource.js';

// One care episode as an EpisodeOfCare: `status` and `statusHistory` say when it was active
// and when it finished; `type` is its clinical level (the current one, or the last before
// discharge). FHIR has no element for a level that changes within an episode, so each
// level segment of the ledger's timeline is a complex extension: level, site, period, why it
// began and ended, and how the payer's authorisation differed from it.

export function episodeOfCareOf(episode: OpenedEpisode, timeline: EpisodeTimeline | undefined): FhirResource {
  const isDischarged = episode.status === 'discharged';
  const end = isDischarged ? episode.dischargeDate : undefined;
  const opened = timeline?.segments[0]?.began;
  const extension: Extension[] = (timeline?.segments ?? []).map(segmentExtension);
  if (episode.previousEpisodeId)
    extension.push({ url: EXTENSIONS.previousEpisode, valueReference: referenceTo('EpisodeOfCare', episode.previousEpisodeId) });
  if (isDischarged)
    extension.push({
      url: EXTENSIONS.dischargeDisposition,
      valueCoding: { system: SYSTEMS.dischargeDisposition, code: episode.disposition },
    });
  return {
    resourceType: 'EpisodeOfCare',
    id: fhirId(episode.episodeId),
    ...(extension.length ? { extension } : {}),
    ...(opened?.kind === 'opened' ? { identifier: [{ system: SYSTEMS.admission, value: opened.admissionId }] } : {}),
    status: isDischarged ? 'finished' : 'active',
    statusHistory: [
      { status: 'active', period: periodOf(episode.startDate, end) },
      ...(isDischarged ? [{ status: 'finished', period: periodOf(episode.dischargeDate) }] : []),
    ],
    type: [{ coding: [levelCoding(episode.level)], text: 'clinical level of care' }],
    patient: referenceTo('Patient', episode.clientId),
    managingOrganization: { identifier: { system: SYSTEMS.site, value: episode.siteId } },
    period: periodOf(episode.startDate, end),
  };
}

function segmentExtension(segment: TimelineSegment): Extension {
  const parts: Extension[] = [
    { url: 'level', valueCoding: levelCoding(segment.level) },
    { url: 'site', valueIdentifier: { system: SYSTEMS.site, value: segment.siteId } },
    { url: 'period', valuePeriod: periodOf(segment.from, segment.to) },
    ...boundaryExtensions('began', segment.began),
    ...(segment.ended ? boundaryExtensions('ended', segment.ended) : []),
    ...segment.authorizationVariance.map((variance) => ({
      url: 'authorizationVariance',
      valueCoding: { system: SYSTEMS.reason, code: variance.kind },
    })),
  ];
  return { url: EXTENSIONS.levelSegment, extension: parts };
}

/** How a segment began or ended: the kind of boundary, its coded reason and the evidence it rested on. */
function boundaryExtensions(name: 'began' | 'ended', boundary: SegmentBoundary): Extension[] {
  const kind = boundary.kind === 'level-changed' ? boundary.direction : boundary.kind;
  const parts: Extension[] = [{ url: name, valueCoding: { system: SYSTEMS.levelBoundary, code: kind } }];
  if (boundary.kind === 'level-changed' || boundary.kind === 'site-transferred') {
    parts.push({ url: `${name}Reason`, valueCoding: { system: SYSTEMS.reason, code: boundary.reason.code } });
  }
  if (boundary.kind === 'level-changed') {
    for (const evidence of boundary.evidence)
      parts.push({ url: `${name}Evidence`, valueIdentifier: { system: `${SYSTEMS.evidence}:${evidence.kind}`, value: evidence.id } });
  }
  if (boundary.kind === 'discharged')
    parts.push({ url: `${name}Disposition`, valueCoding: { system: SYSTEMS.dischargeDisposition, code: boundary.disposition } });
  return parts;
}
