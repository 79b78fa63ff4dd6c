import { createHash } from 'node:crypto';
import {
  type EpisodeCommand,
  type LevelOfCare,
  careEpisode,
  clientEpisodes,
  clientEpisodesStream,
  episodeStream,
} from '@continuum/care-episode';
import { consentFileDecider, copyOfPublishedConsent } from '@continuum/consent';
import { type ConsentGrantedV2, type IntegrationEvent } from '@continuum/contracts';
import { type Decider, type DomainEvent, fold } from '@continuum/decider';
import { type EventStore, type NewEvent, type RecordedEvent } from '@continuum/event-store';
import {
  type AftercareCommand,
  aftercareDecider,
  aftercarePlanIdFor,
  aftercarePlanStream,
  consentFileStream,
  checkInDaysOf,
  DEFAULT_CHECK_IN_SCHEDULE,
} from '@continuum/aftercare/domain/index.js';
import {
  type ProviderDetails,
  type ReferralCommand,
  clientFileDecider,
  clientFileStream,
  providerDecider,
  referralDecider,
  referralStream,
  screeningReferralOf,
  DEFAULT_REFERRAL_CONFIG,
} from '@continuum/dual-diagnosis/domain/index.js';
import {
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  examplePhq9WithSelfHarmThoughts,
  exampleTreatmentConsent,
} from '@continuum/intake/api/examples.js';
import {
  type Assessment,
  type ConsentForm,
  type IntakeCommand,
  type ScreeningAnswers,
  clientStream,
  intakeDecider,
} from '@continuum/intake/domain/index.js';
import { toIntegrationEvent as intakeIntegrationEventOf } from '@continuum/intake/messaging/intake-integration-events.js';
import {
  type PlanCommand,
  consentCopiesDecider,
  consentCopiesStream,
  planStream,
  treatmentPlanDecider,
} from '@continuum/treatment-plan/domain/index.js';

// Synthetic clients whose every event is what the owning service would have written: each
// stream's events are decided by that service's own decider (decide + evolve) over the
// commands its staff, its consumers and its scheduler would have sent, so their shapes and
// rules are the services' by construction. For measuring the audit and the console over a
// large store (`npm run audit:seed`, the benches) and for the specs that need a network's
// worth of history. Every person in it is invented; ids derive from the client's number, so
// the same run writes the same streams. Dates are relative to the seed's clock (`now`), so a
// share of the clients is due in each work queue when the store is read at that clock
// (docs/domain/work-queues.md): see `queueShareOf`.

const IOP: LevelOfCare = { edition: 3, code: '2.1' };
const PHP: LevelOfCare = { edition: 3, code: '2.5' };
const RESIDENTIAL: LevelOfCare = { edition: 3, code: '3.5' };
export const SYNTHETIC_SITES = ['site-north', 'site-south', 'site-east', 'site-west'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** How far back admissions spread: client n was admitted `(n * 53) % ADMISSION_SPREAD_DAYS` days before the seed's clock (53 is prime to 150, so a few clients already spread over every age). */
const ADMISSION_SPREAD_DAYS = 150;
/** Open episodes are discharged on their 100th day (an administrative discharge: the synthetic clients record no sober-day evidence). */
const STAY_DAYS = 100;
const PLAN_REVIEW_INTERVAL_DAYS = 30;

const intake = intakeDecider();
const plans = treatmentPlanDecider();
const referrals = referralDecider();
const aftercare = aftercareDecider();

export type SyntheticClientsOptions = {
  /** Numbers of the clients to write: `from` inclusive, `to` exclusive. */
  from?: number;
  to: number;
  /** The seed's clock: the latest instant any event is decided at. Default: now. */
  now?: Date;
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

/** The fewest events one synthetic client writes: N / this many clients give at least N events. */
export const EVENTS_PER_CLIENT = 22;

/**
 * Which work queues client n is due in at the seed's clock (docs/domain/work-queues.md), by
 * construction of its history: a share of each, spread over the sites (each share's modulus is
 * prime to the four sites', so every site gets its part).
 */
export function queueShareOf(clientNumber: number) {
  const age = (clientNumber * 53) % ADMISSION_SPREAD_DAYS;
  const open = age < STAY_DAYS;
  return {
    siteId: SYNTHETIC_SITES[clientNumber % SYNTHETIC_SITES.length]!,
    /** Days since admission (the episode's start). */
    age,
    open,
    /** A PHQ-9 with item 9 above 0 two hours before the clock (due) or ten (overdue): a same-day safety follow-up. */
    safetyFollowUp: open && clientNumber % 25 === 3 ? (clientNumber % 50 === 3 ? 'due' : 'overdue') : undefined,
    /** Never reviewed since the plan was signed on day 1: overdue from day 32. */
    skipsReviews: clientNumber % 5 === 0,
    /** The dual-diagnosis referral goes to an outside provider the client's consent does not name. */
    outsideReferral: clientNumber % 7 === 0,
    /** The provider inside the programme never answers: overdue from the 14th day after the referral opened. */
    unansweredReferral: clientNumber % 7 !== 0 && clientNumber % 9 === 2,
    /** Misses every aftercare check-in after the discharge: marked missed once the grace days are over. */
    missesCheckIns: clientNumber % 5 === 1,
  };
}

/** The synthetic providers of a site: one inside the programme, one outside it. */
function providersOf(siteId: string): ProviderDetails[] {
  return [
    {
      providerId: `synthetic-psychiatry-${siteId}`,
      siteId,
      name: `Synthetic Psychiatry ${siteId}`,
      kind: 'internal',
      specialties: ['psychiatric-evaluation'],
      capacity: 100_000,
    },
    {
      providerId: `synthetic-clinic-${siteId}`,
      siteId,
      name: `Synthetic Outside Clinic ${siteId}`,
      kind: 'external',
      specialties: ['psychiatric-evaluation'],
      capacity: 100_000,
    },
  ];
}

/** Writes the sites' providers (first call only) and the clients' histories; resolves with the number of events written. */
export async function writeSyntheticClients(store: EventStore, options: SyntheticClientsOptions): Promise<number> {
  const now = options.now ?? new Date();
  let written = (options.from ?? 0) === 0 ? await writeProviders(store, now) : 0;
  let next = options.from ?? 0;
  const worker = async () => {
    while (next < options.to) {
      const clientNumber = next++;
      const events = await writeClient(store, clientNumber, now);
      written += events;
      options.onClientWritten?.(clientNumber, events);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 64) }, worker));
  return written;
}

const providerRegisteredAt = (now: Date) => new Date(now.getTime() - (ADMISSION_SPREAD_DAYS + 5) * DAY);

async function writeProviders(store: EventStore, now: Date): Promise<number> {
  let count = 0;
  const at = providerRegisteredAt(now);
  const admin = { userId: 'site-admin-1', role: 'site-admin' };
  for (const siteId of SYNTHETIC_SITES)
    for (const provider of providersOf(siteId)) {
      const stream = `dual-diagnosis-provider-${provider.providerId}`;
      const events = providerDecider.decide({ type: 'RegisterProvider', data: provider }, providerDecider.initialState, at);
      const correlationId = syntheticId(`correlation-${stream}`);
      await store.appendToStream(
        stream,
        events.map((event, index) => ({
          eventId: syntheticId(`${stream}-${index}`),
          type: event.type,
          data: event.data,
          metadata: { schemaVersion: 1, siteId, actor: admin, occurredAt: at.toISOString(), correlationId, causationId: correlationId },
        })),
        { expectedRevision: 'any' },
      );
      count += events.length;
    }
  return count;
}

type Actor = { userId: string; role: string };

async function writeClient(store: EventStore, n: number, now: Date): Promise<number> {
  const share = queueShareOf(n);
  const { siteId, age } = share;
  const clientId = syntheticClientId(n);
  const id = (name: string) => syntheticId(`${name}-${n}`);
  const episodeId = id('episode');
  const admissionId = id('admission');
  const assessmentId = id('assessment');
  const consentId = id('consent');
  const correlationId = id('correlation');
  // Day 0 is the admission (the episode's start); intake saw the client the two days before.
  const todayStart = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const start = todayStart - age * DAY;
  const day = (offset: number) => new Date(start + offset * DAY).toISOString().slice(0, 10);
  /** An instant of day `offset` (09:00 + minute), never after the seed's clock. */
  const at = (offset: number, minute = 0) => new Date(Math.min(start + offset * DAY + (9 * 60 + minute) * 60_000, now.getTime()));
  const coordinator: Actor = { userId: `coordinator-${n % 17}`, role: 'intake-coordinator' };
  const clinician: Actor = { userId: `clinician-${n % 23}`, role: 'clinician' };
  const system = (service: string): Actor => ({ userId: service, role: 'system' });
  let count = 0;

  /** Decides each command on the stream's state with the service's decider and appends what it decided, as the service would. */
  const decided = async <Command, Event extends DomainEvent, State>(
    stream: string,
    decider: Decider<Command, Event, State>,
    state: State,
    steps: Array<{ command: Command; when: Date; actor: Actor; site?: string }>,
  ): Promise<{ state: State; events: NewEvent[] }> => {
    const appended: NewEvent[] = [];
    for (const { command, when, actor, site } of steps) {
      const events = decider.decide(command, state, when);
      state = fold(decider.evolve, state, events);
      const newEvents = events.map((event, index) => ({
        eventId: syntheticId(`${stream}-${count + index}`),
        type: event.type,
        data: event.data,
        metadata: {
          schemaVersion: 1,
          clientId,
          siteId: site ?? siteId,
          actor,
          occurredAt: when.toISOString(),
          correlationId,
          causationId: correlationId,
        },
      }));
      count += newEvents.length;
      appended.push(...newEvents);
    }
    // One append per run of commands on a stream: the same events, fewer transactions.
    if (appended.length > 0) await store.appendToStream(stream, appended, { expectedRevision: 'any' });
    return { state, events: appended };
  };

  // ── Intake: referral, registration, the Part 2 consent on the 2024 form, a PHQ-9 of 14
  // (depression identified), a negative C-SSRS the day before the assessment, the placement and the admission.
  const consent = { ...exampleTreatmentConsent(day(-2)), clientName: `Synthetic Client ${n}`, consentId } as ConsentForm;
  const intakeCommand = (type: IntakeCommand['type'], data: unknown) => ({ type, clientId, data }) as IntakeCommand;
  const intakeStream = clientStream(clientId);
  const { state: intakeState, events: intakeEvents } = await decided(intakeStream, intake, intake.initialState, [
    {
      command: intakeCommand('ReceiveReferral', { referralId: id('intake-referral'), source: 'self', reasonCode: 'alcohol-use' }),
      when: at(-2),
      actor: coordinator,
    },
    {
      command: intakeCommand('RegisterClient', {
        siteId,
        person: { givenName: 'Synthetic', familyName: `Client ${n}`, dateOfBirth: '1990-01-01', contact: {} },
        possibleDuplicateOf: [],
      }),
      when: at(-2, 1),
      actor: coordinator,
    },
    { command: intakeCommand('GrantConsent', consent), when: at(-2, 2), actor: coordinator },
    {
      command: intakeCommand('RecordScreening', {
        screeningId: id('screening'),
        answers: examplePhq9Of14 as ScreeningAnswers,
        followUpId: id('follow-up'),
      }),
      when: at(-2, 3),
      actor: clinician,
    },
    {
      command: intakeCommand('RecordScreening', {
        screeningId: id('cssrs'),
        answers: exampleCssrsNegative as ScreeningAnswers,
        followUpId: id('cssrs-follow-up'),
      }),
      when: at(-1),
      actor: clinician,
    },
    {
      command: intakeCommand('RecordAssessment', {
        ...(exampleAssessmentForIop as unknown as Assessment),
        assessmentId,
        clinicianId: clinician.userId,
      }),
      when: at(-1, 2),
      actor: clinician,
    },
    {
      command: intakeCommand('DecidePlacement', { placementId: id('placement'), level: IOP, clinicianId: clinician.userId }),
      when: at(-1, 5),
      actor: clinician,
    },
    {
      command: intakeCommand('AdmitClient', { admissionId, level: IOP, siteId, track: 'evening', startDate: day(0) }),
      when: at(-1, 10),
      actor: coordinator,
    },
  ]);
  const conditionEvent = intakeEvents.find((event) => event.type === 'CoOccurringConditionIdentified')!;
  const consentEvent = intakeEvents.find((event) => event.type === 'ConsentGranted')!;

  // ── Treatment-plan, reacting to the admission: the claim, the episode and its draft plan.
  const claimed = await decided(clientEpisodesStream(clientId), clientEpisodes, clientEpisodes.initialState, [
    {
      command: { type: 'StartEpisode', data: { clientId, episodeId, startDate: day(0) } },
      when: at(-1, 11),
      actor: system('treatment-plan'),
    },
  ]);
  let episode = await decided(episodeStream(episodeId), careEpisode, careEpisode.initialState, [
    {
      command: {
        type: 'OpenEpisode',
        data: {
          episodeId,
          clientId,
          level: IOP,
          siteId,
          programmeId: 'iop-adult',
          track: 'evening',
          openedBy: system('treatment-plan'),
          assessmentId,
          admissionId,
          startDate: day(0),
        },
      } satisfies EpisodeCommand,
      when: at(-1, 11),
      actor: system('treatment-plan'),
    },
  ]);
  const planSteps: Array<{ command: PlanCommand; when: Date; actor: Actor; site?: string }> = [
    {
      command: {
        type: 'CreatePlan',
        data: {
          planId: episodeId,
          episodeId,
          clientId,
          siteId,
          level: IOP,
          population: 'adult',
          startDate: day(0),
          programmeId: 'iop-adult',
        },
      },
      when: at(-1, 11),
      actor: system('treatment-plan'),
    },
    {
      command: { type: 'AddProblem', data: { problemId: id('problem'), code: 'alcohol-use-disorder', dimension: 5 } },
      when: at(0, 30),
      actor: clinician,
    },
    {
      command: {
        type: 'AddGoal',
        data: { goalId: id('goal'), problemId: id('problem'), code: 'abstinence', targetDate: day(STAY_DAYS - 10) },
      },
      when: at(0, 31),
      actor: clinician,
    },
    { command: { type: 'SignPlan', data: { signer: 'clinician', signedBy: clinician.userId } }, when: at(1, 30), actor: clinician },
    { command: { type: 'SignPlan', data: { signer: 'client', signedBy: clinician.userId } }, when: at(1, 31), actor: clinician },
  ];
  let plan = await decided(planStream(episodeId), plans, plans.initialState, planSteps.splice(0));

  // The payer's authorisation, renewed each month: the last runs out within the month ahead.
  const authorisedThrough = PLAN_REVIEW_INTERVAL_DAYS * (Math.floor(Math.min(age, STAY_DAYS) / PLAN_REVIEW_INTERVAL_DAYS) + 1);
  episode = await decided(episodeStream(episodeId), careEpisode, episode.state, [
    {
      command: {
        type: 'RecordAuthorizedLevel',
        data: {
          level: IOP,
          amount: { quantity: authorisedThrough, unit: 'days' },
          throughDate: day(authorisedThrough),
          payerReference: id('payer'),
          recordedBy: clinician,
        },
      },
      when: at(1),
      actor: clinician,
    },
  ]);

  // ── Dual-diagnosis, reacting to the depression intake identified: a referral, a provider, the send.
  const condition = conditionEvent.data as { condition: string };
  const referralId = id('referral');
  const { specialty, urgency } = screeningReferralOf(condition.condition, DEFAULT_REFERRAL_CONFIG);
  const provider = providersOf(siteId)[share.outsideReferral ? 1 : 0]!;
  // Its copy of the client's consent (from intake's ConsentGranted, as the relay publishes it) and the referral's link.
  const consentCopy = copyOfPublishedConsent(
    intakeIntegrationEventOf(recordedOf(intakeStream, consentEvent)) as IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2>,
  );
  // Treatment-plan and aftercare copy the consent too, into the files their outside sends are decided on.
  const copyConsent = {
    command: {
      type: 'CopyConsent' as const,
      data: { clientId, consent: consentCopy, copiedAt: at(-2, 3).toISOString(), sourceEventId: consentEvent.eventId },
    },
    when: at(-2, 3),
  };
  await decided(consentCopiesStream(clientId), consentCopiesDecider, consentCopiesDecider.initialState, [
    { ...copyConsent, actor: system('treatment-plan') },
  ]);
  await decided(consentFileStream(clientId), consentFileDecider, consentFileDecider.initialState, [
    { ...copyConsent, actor: system('aftercare') },
  ]);
  const file = await decided(clientFileStream(clientId), clientFileDecider, clientFileDecider.initialState, [
    { ...copyConsent, actor: system('dual-diagnosis') },
    {
      command: {
        type: 'LinkReferral',
        data: {
          clientId,
          referralId,
          conditionCode: condition.condition,
          source: 'intake-screening',
          sourceEventId: conditionEvent.eventId,
        },
      },
      when: at(-2, 4),
      actor: system('dual-diagnosis'),
    },
  ]);
  const referralSteps: Array<{ command: ReferralCommand; when: Date; actor: Actor }> = [
    {
      command: {
        type: 'OpenReferral',
        data: {
          referralId,
          clientId,
          siteId,
          specialty,
          urgency,
          conditionCode: condition.condition,
          source: 'intake-screening',
          sourceEventId: conditionEvent.eventId,
          episodeId,
          hasImminentSuicideRisk: false,
          severity: { instrument: 'PHQ-9', band: 'moderate' },
        },
      },
      when: at(-2, 4),
      actor: system('dual-diagnosis'),
    },
    {
      command: { type: 'AssignProvider', data: { provider: { ...provider, openReferrals: 0 } } },
      when: at(0, 40),
      actor: clinician,
    },
    {
      command: {
        type: 'SendReferral',
        data: {
          consents: file.state.consents,
          restrictions: file.state.restrictions ?? [],
          events: file.state.events ?? [],
          treatingRelationship: false,
          disclosedBy: clinician,
          disclosureId: id('disclosure'),
        },
      },
      when: at(0, 41),
      actor: clinician,
    },
  ];
  if (!share.outsideReferral && !share.unansweredReferral && age >= 12) {
    referralSteps.push({ command: { type: 'AcceptReferral', data: {} }, when: at(3), actor: clinician });
    referralSteps.push({ command: { type: 'ScheduleAppointment', data: { appointmentDate: day(10) } }, when: at(3, 5), actor: clinician });
    referralSteps.push({
      command: { type: 'CompleteReferral', data: { conditionConfirmed: true, recommendationCodes: ['ssri-trial'] } },
      when: at(12),
      actor: clinician,
    });
  }
  if (share.unansweredReferral && age >= 12) {
    // The service's overdue scheduler at the due instant (routine: 14 days after opening), and at its last run before the clock.
    referralSteps.push({ command: { type: 'MarkOverdue', data: {} }, when: at(12, 5), actor: system('dual-diagnosis') });
    referralSteps.push({
      command: { type: 'MarkOverdue', data: {} },
      when: new Date(now.getTime() - HOUR),
      actor: system('dual-diagnosis'),
    });
  }
  await decided(referralStream(referralId), referrals, referrals.initialState, referralSteps);

  // ── Plan reviews every 30 days (the overdue share never reviews), relapses and step-downs.
  for (
    let due = 1 + PLAN_REVIEW_INTERVAL_DAYS;
    due <= Math.min(age, STAY_DAYS - 1) && !share.skipsReviews;
    due += PLAN_REVIEW_INTERVAL_DAYS
  )
    plan = await decided(planStream(episodeId), plans, plan.state, [
      {
        command: { type: 'ReviewPlan', data: { reviewedBy: clinician.userId, outcomeCode: 'continue', reviewedOn: day(due) } },
        when: at(due, 15),
        actor: clinician,
      },
    ]);
  if (n % 3 === 0 && age >= 45) {
    for (const [from, to, reason, on] of [
      [IOP, RESIDENTIAL, 'relapse', 20],
      [RESIDENTIAL, PHP, 'clinical-progress', 41],
    ] as const) {
      episode = await decided(episodeStream(episodeId), careEpisode, episode.state, [
        {
          command: {
            type: 'ChangeLevelOfCare',
            data: {
              from,
              to,
              reason: { code: reason },
              evidence: [{ kind: reason === 'relapse' ? 'drug-test' : 'review', id: id(`evidence-${on}`) }],
              decidedBy: clinician,
              effectiveDate: day(on),
            },
          },
          when: at(on),
          actor: clinician,
        },
      ]);
      plan = await decided(planStream(episodeId), plans, plan.state, [
        { command: { type: 'RecordLevelChange', data: { to, effectiveDate: day(on) } }, when: at(on), actor: clinician },
      ]);
    }
  }

  // ── A safety screen today: a PHQ-9 with item 9 above 0 opens a same-day follow-up (due 8 h after).
  if (share.safetyFollowUp !== undefined) {
    const when = new Date(now.getTime() - (share.safetyFollowUp === 'due' ? 2 : 10) * HOUR);
    const screened = await decided(intakeStream, intake, intakeState, [
      {
        command: intakeCommand('RecordScreening', {
          screeningId: id('safety-screening'),
          answers: examplePhq9WithSelfHarmThoughts as ScreeningAnswers,
          followUpId: id('safety-follow-up'),
        }),
        when,
        actor: clinician,
      },
      // Intake's scheduler flags it once its due instant (8 hours after the screen) has passed.
      ...(share.safetyFollowUp === 'overdue'
        ? [
            {
              command: intakeCommand('FlagOverdueSafetyFollowUp', { followUpId: id('safety-follow-up') }),
              when: new Date(when.getTime() + 8 * HOUR + 60_000),
              actor: system('intake'),
            },
          ]
        : []),
    ]);
    // Dual-diagnosis notes the open follow-up on the client's file: a suicide-risk signal (a later referral is emergent).
    const opened = screened.events.find((event) => event.type === 'SafetyFollowUpOpened')!;
    await decided(clientFileStream(clientId), clientFileDecider, file.state, [
      {
        command: {
          type: 'FlagSuicideRiskSignal',
          data: { clientId, followUpId: id('safety-follow-up'), openedAt: when.toISOString(), sourceEventId: opened.eventId },
        },
        when,
        actor: system('dual-diagnosis'),
      },
    ]);
  }

  // ── The discharge on day 100, the claim's end, the plan's closing, and aftercare's plan with its check-ins.
  if (!share.open) {
    const level = episode.state.status === 'open' ? episode.state.level : IOP;
    episode = await decided(episodeStream(episodeId), careEpisode, episode.state, [
      {
        command: {
          type: 'DischargeEpisode',
          data: { disposition: 'administrative', dischargeSummaryRef: id('summary'), dischargedBy: clinician, date: day(STAY_DAYS) },
        },
        when: at(STAY_DAYS),
        actor: clinician,
      },
    ]);
    await decided(clientEpisodesStream(clientId), clientEpisodes, claimed.state, [
      { command: { type: 'EndEpisode', data: { clientId, episodeId, endDate: day(STAY_DAYS) } }, when: at(STAY_DAYS), actor: clinician },
    ]);
    await decided(planStream(episodeId), plans, plan.state, [
      {
        command: { type: 'CloseForDischarge', data: { disposition: 'administrative', date: day(STAY_DAYS) } },
        when: at(STAY_DAYS),
        actor: clinician,
      },
    ]);
    const planId = aftercarePlanIdFor(episodeId);
    const aftercareSteps: Array<{ command: AftercareCommand; when: Date; actor: Actor }> = [
      {
        command: {
          type: 'CreateAftercarePlan',
          planId,
          data: { episodeId, clientId, siteId, dischargeLevel: level, disposition: 'administrative', dischargeDate: day(STAY_DAYS) },
        },
        when: at(STAY_DAYS, 5),
        actor: system('aftercare'),
      },
    ];
    // Check-ins recorded on their due day, but by the clients who miss them.
    for (const dueDay of checkInDaysOf(DEFAULT_CHECK_IN_SCHEDULE))
      if (STAY_DAYS + dueDay < age && !share.missesCheckIns)
        aftercareSteps.push({
          command: {
            type: 'RecordCheckIn',
            planId,
            data: { dueDate: day(STAY_DAYS + dueDay), outcome: 'abstinent', barc10: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] },
          },
          when: at(STAY_DAYS + dueDay, 20),
          actor: clinician,
        });
    // Aftercare's scheduler marks a check-in missed once its grace days (7) are over.
    for (const dueDay of checkInDaysOf(DEFAULT_CHECK_IN_SCHEDULE))
      if (STAY_DAYS + dueDay + 8 <= age && share.missesCheckIns)
        aftercareSteps.push({
          command: { type: 'MarkCheckInMissed', planId, data: { dueDate: day(STAY_DAYS + dueDay) } },
          when: at(STAY_DAYS + dueDay + 8, 1),
          actor: system('aftercare'),
        });
    aftercareSteps.sort((a, b) => a.when.getTime() - b.when.getTime());
    await decided(aftercarePlanStream(planId), aftercare, aftercare.initialState, aftercareSteps);
  }
  return count;
}

/** A just-decided event as the store would hand it to a relay, to translate it as the relay would. */
function recordedOf(streamId: string, event: NewEvent): RecordedEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    streamId,
    revision: 0,
    position: 0,
    recordedAt: (event.metadata as { occurredAt: string }).occurredAt,
    data: event.data,
    metadata: event.metadata as RecordedEvent['metadata'],
  };
}
