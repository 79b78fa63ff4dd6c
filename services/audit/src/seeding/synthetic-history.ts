import { createHash } from 'node:crypto';
import {
  type EpisodeCommand,
  type LevelOfCare,
  careEpisode,
  clientEpisodes,
  clientEpisodesStream,
  episodeStream,
} from '@continuum/care-episode';
import { type Decider, type DomainEvent, fold } from '@continuum/decider';
import { type EventStore, type NewEvent } from '@continuum/event-store';

// Synthetic clients whose histories have the shape the services write: intake's stream
// (shaped like intake's events; the audit may not import another service), the care-episode
// ledger decided by the real deciders of libs/care-episode, a treatment plan and a
// dual-diagnosis referral. The audit's own fixture, for the specs that read and tamper with a
// store: only the ledger's events are decided by their rules, so the services' relays cannot
// translate the others (intake's stops at the consent). `npm run audit:seed` writes
// tools/seeding's clients instead, every event decided by its service. Every person in it is
// invented; ids are derived from the client's number, so the same run writes the same streams.

const IOP: LevelOfCare = { edition: 3, code: '2.1' };
const PHP: LevelOfCare = { edition: 3, code: '2.5' };
const RESIDENTIAL: LevelOfCare = { edition: 3, code: '3.5' };
const OUTPATIENT: LevelOfCare = { edition: 3, code: '1' };
const SITES = ['site-north', 'site-south', 'site-east', 'site-west'];
const DAY = 86_400_000;
const BASE_DAY = Date.parse('2024-01-01T00:00:00Z');

export type SyntheticHistoryOptions = {
  /** Numbers of the clients to write: `from` inclusive, `to` exclusive. */
  from?: number;
  to: number;
  /** Clients written at once; their appends interleave in the global order as live services' do. Default 64. */
  concurrency?: number;
  onClientWritten?: (clientNumber: number, events: number) => void;
};

/** A deterministic UUID-shaped id for a name, so the same client number always gives the same ids. */
export function syntheticId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const syntheticClientId = (clientNumber: number) => syntheticId(`client-${clientNumber}`);

/** Writes the clients' histories; resolves with the number of events written. */
export async function writeSyntheticHistory(store: EventStore, options: SyntheticHistoryOptions): Promise<number> {
  let next = options.from ?? 0;
  let written = 0;
  const worker = async () => {
    while (next < options.to) {
      const clientNumber = next++;
      const events = await writeClient(store, clientNumber);
      written += events;
      options.onClientWritten?.(clientNumber, events);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 64) }, worker));
  return written;
}

/** The fewest events one synthetic client writes (a client who neither relapses nor moves): N / this many clients give at least N events. */
export const EVENTS_PER_CLIENT = 20;

async function writeClient(store: EventStore, n: number): Promise<number> {
  const clientId = syntheticClientId(n);
  const episodeId = syntheticId(`episode-${n}`);
  const admissionId = syntheticId(`admission-${n}`);
  const assessmentId = syntheticId(`assessment-${n}`);
  const referralId = syntheticId(`referral-${n}`);
  const siteId = SITES[n % SITES.length]!;
  const otherSite = SITES[(n + 1) % SITES.length]!;
  const start = BASE_DAY + (n % 700) * DAY;
  const day = (offset: number) => new Date(start + offset * DAY).toISOString().slice(0, 10);
  const at = (offset: number, minute = 0) => new Date(start + offset * DAY + (9 * 60 + minute) * 60_000);
  const coordinator = { userId: `coordinator-${n % 17}`, role: 'intake-coordinator' };
  const clinician = { userId: `clinician-${n % 23}`, role: 'clinician' };
  const correlationId = syntheticId(`correlation-${n}`);
  const envelope = (actor: { userId: string; role: string }, when: Date, site = siteId) => ({
    schemaVersion: 1,
    clientId,
    siteId: site,
    actor,
    occurredAt: when.toISOString(),
    correlationId,
    causationId: correlationId,
  });
  let count = 0;
  const append = async (
    stream: string,
    events: Array<{ type: string; data: unknown; actor: { userId: string; role: string }; when: Date; site?: string }>,
  ) => {
    const newEvents: NewEvent[] = events.map((event, index) => ({
      eventId: syntheticId(`${stream}-${count + index}`),
      type: event.type,
      data: event.data,
      metadata: envelope(event.actor, event.when, event.site),
    }));
    await store.appendToStream(stream, newEvents, { expectedRevision: 'any' });
    count += newEvents.length;
  };

  const screeningId = syntheticId(`screening-${n}`);
  const placementId = syntheticId(`placement-${n}`);
  const consentId = syntheticId(`consent-${n}`);
  await append(`intake-client-${clientId}`, [
    {
      type: 'ReferralReceived',
      data: {
        clientId,
        referralId: syntheticId(`intake-referral-${n}`),
        source: 'self',
        reasonCode: 'alcohol-use',
        receivedAt: at(0).toISOString(),
      },
      actor: coordinator,
      when: at(0),
    },
    {
      type: 'ClientRegistered',
      data: {
        clientId,
        siteId,
        person: { givenName: 'Synthetic', familyName: `Client ${n}`, dateOfBirth: '1990-01-01', contact: {} },
        possibleDuplicateOf: [],
        registeredAt: at(0, 1).toISOString(),
      },
      actor: coordinator,
      when: at(0, 1),
    },
    {
      type: 'ConsentGranted',
      data: {
        clientId,
        consent: { consentId, recipients: [{ kind: 'treating-providers' }], purposes: ['treatment'] },
        grantedAt: at(0, 2).toISOString(),
      },
      actor: coordinator,
      when: at(0, 2),
    },
    {
      type: 'ScreeningRecorded',
      data: {
        clientId,
        screeningId,
        answers: { instrument: 'PHQ-9', items: [2, 2, 2, 2, 2, 2, 1, 1, 0] },
        outcome: { instrument: 'PHQ-9', score: 14, positive: true },
        recordedAt: at(0, 3).toISOString(),
      },
      actor: clinician,
      when: at(0, 3),
    },
    {
      type: 'CoOccurringConditionIdentified',
      data: {
        clientId,
        condition: 'depression',
        instrument: 'PHQ-9',
        score: 14,
        evidenceId: screeningId,
        identifiedAt: at(0, 3).toISOString(),
      },
      actor: clinician,
      when: at(0, 3),
    },
    {
      type: 'AssessmentRecorded',
      data: {
        clientId,
        assessment: {
          assessmentId,
          ratings: { withdrawal: 1, biomedical: 0, emotionalBehavioural: 2, readiness: 1, relapseRisk: 2, recoveryEnvironment: 1 },
        },
        recordedAt: at(1).toISOString(),
      },
      actor: clinician,
      when: at(1),
    },
    {
      type: 'PlacementDecided',
      data: {
        clientId,
        placementId,
        assessmentId,
        level: IOP,
        recommendedLevel: IOP,
        clinicianId: clinician.userId,
        decidedAt: at(1, 5).toISOString(),
      },
      actor: clinician,
      when: at(1, 5),
    },
    {
      type: 'ClientAdmitted',
      data: {
        clientId,
        admissionId,
        level: IOP,
        siteId,
        track: 'evening',
        startDate: day(2),
        assessmentId,
        placementId,
        referralId: syntheticId(`intake-referral-${n}`),
        admittedAt: at(1, 10).toISOString(),
      },
      actor: coordinator,
      when: at(1, 10),
    },
  ]);

  // The ledger, decided by the real deciders as treatment-plan decides it.
  const ledger = async <Command, Event extends DomainEvent, State>(
    stream: string,
    decider: Decider<Command, Event, State>,
    steps: Array<[Command, Date, string?]>,
    initial: State = decider.initialState,
  ): Promise<State> => {
    let state = initial;
    for (const [command, when, site] of steps) {
      const decided = decider.decide(command, state, when);
      state = fold(decider.evolve, state, decided);
      await append(
        stream,
        decided.map((event) => ({ type: event.type, data: event.data, actor: clinician, when, site })),
      );
    }
    return state;
  };
  const claimed = await ledger(clientEpisodesStream(clientId), clientEpisodes, [
    [{ type: 'StartEpisode', data: { clientId, episodeId, startDate: day(2) } }, at(2)],
  ]);
  const relapses = n % 3 === 0;
  const transfers = n % 4 === 1;
  const steps: Array<[EpisodeCommand, Date, string?]> = [
    [
      {
        type: 'OpenEpisode',
        data: {
          episodeId,
          clientId,
          level: IOP,
          siteId,
          programmeId: 'iop-adult',
          track: 'evening',
          openedBy: clinician,
          assessmentId,
          admissionId,
          startDate: day(2),
        },
      },
      at(2),
    ],
    [
      {
        type: 'RecordAuthorizedLevel',
        data: {
          level: IOP,
          amount: { quantity: 30, unit: 'days' },
          throughDate: day(32),
          payerReference: syntheticId(`payer-${n}`),
          recordedBy: clinician,
        },
      },
      at(3),
    ],
  ];
  const opened = await ledger(episodeStream(episodeId), careEpisode, steps.splice(0));
  // Appended in the order of the days they happened, as live services would.
  await appendPlanAndReferral();
  let level = IOP;
  if (relapses) {
    steps.push([
      {
        type: 'ChangeLevelOfCare',
        data: {
          from: IOP,
          to: RESIDENTIAL,
          reason: { code: 'relapse' },
          evidence: [{ kind: 'drug-test', id: syntheticId(`drug-test-${n}`) }],
          decidedBy: clinician,
          effectiveDate: day(20),
        },
      },
      at(20),
    ]);
    steps.push([
      {
        type: 'ChangeLevelOfCare',
        data: {
          from: RESIDENTIAL,
          to: PHP,
          reason: { code: 'clinical-progress' },
          evidence: [{ kind: 'review', id: syntheticId(`review-${n}`) }],
          decidedBy: clinician,
          effectiveDate: day(41),
        },
      },
      at(41),
    ]);
    level = PHP;
  }
  let site = siteId;
  if (transfers) {
    steps.push([
      {
        type: 'TransferSite',
        data: { toSiteId: otherSite, reason: { code: 'client-relocated' }, decidedBy: clinician, effectiveDate: day(50) },
      },
      at(50),
      otherSite,
    ]);
    site = otherSite;
  }
  steps.push([
    {
      type: 'ChangeLevelOfCare',
      data: {
        from: level,
        to: OUTPATIENT,
        reason: { code: 'treatment-goals-met' },
        evidence: [{ kind: 'review', id: syntheticId(`review-final-${n}`) }],
        decidedBy: clinician,
        effectiveDate: day(70),
      },
    },
    at(70),
    site,
  ]);
  steps.push([
    {
      type: 'DischargeEpisode',
      data: { disposition: 'completed', dischargeSummaryRef: syntheticId(`summary-${n}`), dischargedBy: clinician, date: day(90) },
    },
    at(90),
    site,
  ]);
  await ledger(episodeStream(episodeId), careEpisode, steps, opened);
  await ledger(
    clientEpisodesStream(clientId),
    clientEpisodes,
    [[{ type: 'EndEpisode', data: { clientId, episodeId, endDate: day(90) } }, at(90), site]],
    claimed,
  );
  return count;

  async function appendPlanAndReferral() {
    await append(`treatment-plan-${episodeId}`, [
      { type: 'PlanDrafted', data: { planId: episodeId, episodeId, clientId, status: 'draft' }, actor: clinician, when: at(2, 30) },
      { type: 'PlanSigned', data: { planId: episodeId, status: 'active', signedOn: day(3) }, actor: clinician, when: at(3, 30) },
      {
        type: 'GoalAdded',
        data: { planId: episodeId, goalId: syntheticId(`goal-${n}`), problemCode: 'alcohol-use', status: 'active', targetDate: day(60) },
        actor: clinician,
        when: at(3, 31),
      },
    ]);
    await append(`referral-${referralId}`, [
      {
        type: 'ReferralOpened',
        data: {
          referralId,
          clientId,
          siteId,
          specialty: 'psychiatric-evaluation',
          urgency: 'routine',
          dueDate: day(16),
          source: 'intake-screening',
          conditionCode: 'depression',
          episodeId,
        },
        actor: clinician,
        when: at(2, 40),
      },
      {
        type: 'ReferralSent',
        data: {
          referralId,
          clientId,
          providerId: `provider-${n % 11}`,
          consentId,
          disclosureId: syntheticId(`disclosure-${n}`),
          sentAt: at(3, 40).toISOString(),
        },
        actor: clinician,
        when: at(3, 40),
      },
      {
        type: 'ReferralCompleted',
        data: {
          referralId,
          clientId,
          episodeId,
          specialty: 'psychiatric-evaluation',
          conditionCode: 'depression',
          conditionConfirmed: true,
          recommendationCodes: ['ssri'],
          completedAt: at(14).toISOString(),
        },
        actor: clinician,
        when: at(14),
      },
    ]);
  }
}
