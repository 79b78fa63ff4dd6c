import { type Episode, calendarDateOf, evolveEpisode, initialEpisode } from '@continuum/care-episode';
import { type OpenedEpisode } from '../as-of.js';
import { asClientEpisodesEvent, asEpisodeEvent } from '../care-episodes.js';
import { episodeTimelines } from '../level-timeline.js';
import { STREAM_PREFIXES, type StoredEvent, isAboutClient } from '../stored-event.js';
import { isAccessRecord } from '../access-records.js';
import { auditEventOf } from './audit-event.js';
import { type PlanFacts, carePlanOf, evolvePlanFacts } from './care-plan.js';
import { consentsOf } from './consent.js';
import { type ClientConsents, foldClientConsents, startClientConsents } from '../client-consents.js';
import { episodeOfCareOf } from './episode-of-care.js';
import { type FhirBundle, type FhirResource, type Reference, fhirId, referenceTo } from './fhir-resource.js';
import { type GoalFacts, evolveGoalFacts, goalOf } from './goal.js';
import { patientOf } from './patient.js';
import { provenanceOf } from './provenance.js';
import { type ReferralFacts, evolveReferralFacts, serviceRequestOf } from './service-request.js';
import { taskOf } from './task.js';

// The FHIR R4 export of one client, folded from the client's events in global order. It is
// built to stream: the Patient comes first, each event's Provenance (or, for an access
// record, its AuditEvent) as soon as the event is read, and the resources whose state the
// whole history decides (EpisodeOfCare, CarePlan, Goal, ServiceRequest, Task, Consent) at
// the end. The fold keeps those resources' facts, not the events.

const { plan: PLAN_STREAM, referral: REFERRAL_STREAM } = STREAM_PREFIXES;

export type FhirExportFold = {
  clientId: string;
  now: Date;
  /** The episode streams' events: a client has few episodes, and the timeline needs them in order. */
  episodeEvents: StoredEvent[];
  episodes: Map<string, Episode>;
  plans: Map<string, PlanFacts>;
  goals: Map<string, GoalFacts>;
  referrals: Map<string, ReferralFacts>;
  /** The client's consents, restrictions and the events consents expire on (client-consents.ts). */
  consents: ClientConsents;
  eventsRead: number;
};

export function startFhirExport(clientId: string, now: Date): { fold: FhirExportFold; first: FhirResource[] } {
  return {
    fold: {
      clientId,
      now,
      episodeEvents: [],
      episodes: new Map(),
      plans: new Map(),
      goals: new Map(),
      referrals: new Map(),
      consents: startClientConsents(clientId),
      eventsRead: 0,
    },
    first: [patientOf(clientId)],
  };
}

/** Folds one event and returns the resources it completes at once (its Provenance or AuditEvent); nothing for another client's event. */
export function foldFhirExport(fold: FhirExportFold, event: StoredEvent): FhirResource[] {
  if (!isAboutClient(event, fold.clientId)) return [];
  fold.eventsRead += 1;
  if (isAccessRecord(event)) return [auditEventOf(event, fold.clientId)];
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  return [provenanceOf(event, shape(fold, event, data))];
}

/** Folds the event into the facts of the resources it shapes, and names those resources. */
function shape(fold: FhirExportFold, event: StoredEvent, data: Record<string, unknown>): Reference[] {
  // Consents, revocations, restrictions, discharges and the end of aftercare shape the client's Consents.
  const consentId = foldClientConsents(fold.consents, event);
  const episodeEvent = asEpisodeEvent(event);
  if (episodeEvent) {
    fold.episodeEvents.push(event);
    fold.episodes.set(
      episodeEvent.episodeId,
      evolveEpisode(fold.episodes.get(episodeEvent.episodeId) ?? initialEpisode, episodeEvent.event),
    );
    return [referenceTo('EpisodeOfCare', episodeEvent.episodeId)];
  }
  const clientEpisodesEvent = asClientEpisodesEvent(event);
  if (clientEpisodesEvent && fold.episodes.has(clientEpisodesEvent.data.episodeId))
    return [referenceTo('EpisodeOfCare', clientEpisodesEvent.data.episodeId)];
  if (event.streamId.startsWith(PLAN_STREAM)) {
    const planId = event.streamId.slice(PLAN_STREAM.length);
    fold.plans.set(planId, evolvePlanFacts(fold.plans.get(planId), planId, event.type, data));
    const goalId = typeof data.goalId === 'string' ? data.goalId : undefined;
    if (!goalId) return [referenceTo('CarePlan', planId)];
    const goal = evolveGoalFacts(fold.goals.get(goalId), planId, event.type, data);
    if (!goal) return [referenceTo('CarePlan', planId)];
    fold.goals.set(goalId, goal);
    return [referenceTo('CarePlan', planId), referenceTo('Goal', goalId)];
  }
  if (event.streamId.startsWith(REFERRAL_STREAM)) {
    const referralId = event.streamId.slice(REFERRAL_STREAM.length);
    fold.referrals.set(referralId, evolveReferralFacts(fold.referrals.get(referralId), referralId, event.type, data, event.recordedAt));
    return [referenceTo('ServiceRequest', referralId), referenceTo('Task', referralId)];
  }
  if (consentId !== undefined && fold.consents.file.consents.some((c) => c.consentId === consentId))
    return [referenceTo('Consent', consentId)];
  // Everything else about the client (registration, screenings, aftercare…) is about the person.
  return [referenceTo('Patient', fold.clientId)];
}

/** The resources the whole history decides, once every event has been folded. */
export function finishFhirExport(fold: FhirExportFold): FhirResource[] {
  const timelines = new Map(
    episodeTimelines(fold.episodeEvents, calendarDateOf(fold.now)).map((timeline) => [timeline.episodeId, timeline]),
  );
  const opened = [...fold.episodes.values()].filter((episode): episode is OpenedEpisode => episode.status !== 'not-opened');
  return [
    ...opened.map((episode) => episodeOfCareOf(episode, timelines.get(episode.episodeId))),
    ...[...fold.plans.values()].map((plan) => carePlanOf(plan, fold.clientId)),
    ...[...fold.goals.values()].map((goal) => goalOf(goal, fold.clientId)),
    ...[...fold.referrals.values()].flatMap((referral) => [serviceRequestOf(referral, fold.clientId), taskOf(referral, fold.clientId)]),
    ...consentsOf(fold.consents, fold.now),
  ];
}

/** The Bundle around the resources: a collection, stamped with the moment of the export. */
export function bundleHeader(clientId: string, now: Date): Omit<FhirBundle, 'entry'> {
  return { resourceType: 'Bundle', id: fhirId(`export-${clientId}`), type: 'collection', timestamp: now.toISOString() };
}

export const bundleEntry = (resource: FhirResource) => ({ resource });

/** The whole export over events already in hand (the HTTP API holds one client's events; the CLI streams). */
export function fhirExport(clientId: string, now: Date, events: Iterable<StoredEvent>): FhirBundle {
  const { fold, first } = startFhirExport(clientId, now);
  const resources = [...first];
  for (const event of events) resources.push(...foldFhirExport(fold, event));
  resources.push(...finishFhirExport(fold));
  return { ...bundleHeader(clientId, now), entry: resources.map(bundleEntry) };
}
