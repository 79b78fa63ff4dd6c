import { type EpisodeCommand, type EpisodeEvent, careEpisode, clientEpisodesStream } from '@continuum/care-episode';
import { type StoredEvent } from '../stored-event.js';

// A client's history as the store would hold it, for the pure specs: every event gets the
// next global position, its stream's next revision and a recordedAt a minute after the
// previous one. Ledger events come from the real care-episode decider, so their shape is
// the writer's, not a copy.

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const minutes = (n: number) => new Date(T0 + n * 60_000).toISOString();

export type Recorder = {
  readonly events: StoredEvent[];
  record(
    streamId: string,
    type: string,
    data: unknown,
    envelope?: { clientId?: string; siteId?: string; actor?: { userId: string; role: string } },
  ): StoredEvent;
  /** Decides a ledger command on the episode's recorded events and records what it decided. */
  ledger(episodeId: string, clientId: string, command: EpisodeCommand, siteId?: string): EpisodeEvent[];
};

export function recorder(): Recorder {
  const events: StoredEvent[] = [];
  const revisions = new Map<string, number>();
  const record: Recorder['record'] = (streamId, type, data, envelope = {}) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const position = events.length + 1;
    const event: StoredEvent = {
      eventId: `event-${position}`,
      type,
      streamId,
      revision,
      position,
      recordedAt: minutes(position),
      data,
      metadata: {
        ...(envelope.clientId === undefined ? {} : { clientId: envelope.clientId }),
        siteId: envelope.siteId ?? 'site-north',
        actor: envelope.actor ?? { userId: 'user-clinician-1', role: 'clinician' },
        occurredAt: minutes(position),
        correlationId: `correlation-${position}`,
        causationId: `causation-${position}`,
      },
    };
    events.push(event);
    return event;
  };
  return {
    events,
    record,
    ledger(episodeId, clientId, command, siteId) {
      const stream = `care-episode-${episodeId}`;
      const state = events
        .filter((event) => event.streamId === stream)
        .reduce(
          (episode, event) => careEpisode.evolve(episode, { type: event.type, data: event.data } as EpisodeEvent),
          careEpisode.initialState,
        );
      const decided = careEpisode.decide(command, state, decidedAt(command, new Date(T0 + (events.length + 1) * 60_000)));
      for (const event of decided) {
        if (event.type === 'EpisodeOpened') {
          record(
            clientEpisodesStream(clientId),
            'EpisodeStarted',
            { clientId, episodeId, startDate: event.data.startDate },
            { clientId, siteId },
          );
        }
        record(stream, event.type, event.data, { clientId, siteId });
        if (event.type === 'EpisodeDischarged') {
          record(clientEpisodesStream(clientId), 'EpisodeEnded', { clientId, episodeId, endDate: event.data.date }, { clientId, siteId });
        }
      }
      return decided;
    },
  };
}

/**
 * A ledger fact is decided on its own day (libs/care-episode's fact-dates.ts refuses a date
 * after today), while the store's minute clock only orders the records.
 */
function decidedAt(command: EpisodeCommand, recordedAt: Date): Date {
  const day =
    command.type === 'ChangeLevelOfCare' || command.type === 'TransferSite'
      ? command.data.effectiveDate
      : command.type === 'DischargeEpisode'
        ? command.data.date
        : undefined;
  return day === undefined ? recordedAt : new Date(`${day}T12:00:00.000Z`);
}

export const CLIENT = 'client-a';
export const OTHER_CLIENT = 'client-b';
export const EPISODE = 'episode-1';
export const READMISSION = 'episode-2';
export const IOP = { edition: 3, code: '2.1' } as const;
export const RESIDENTIAL = { edition: 3, code: '3.5' } as const;
const clinician = { userId: 'user-clinician-1', role: 'clinician' };

/**
 * One client's care from intake to discharge and readmission, with another client's events
 * interleaved: admitted to IOP, authorised for IOP, stepped up to residential after a
 * relapse (the payer's authorisation still says IOP), a dual-diagnosis referral, a site
 * transfer, a step-down, a discharge and a readmission.
 */
export function journeyOfOneClient() {
  const history = recorder();
  const about = (clientId: string, siteId = 'site-north') => ({ clientId, siteId });
  history.record(
    `intake-client-${CLIENT}`,
    'ReferralReceived',
    { clientId: CLIENT, referralId: 'intake-referral-1', source: 'self', reasonCode: 'alcohol-use' },
    about(CLIENT),
  );
  history.record(
    `intake-client-${OTHER_CLIENT}`,
    'ReferralReceived',
    { clientId: OTHER_CLIENT, referralId: 'intake-referral-2', source: 'court', reasonCode: 'opioid-use' },
    about(OTHER_CLIENT),
  );
  history.record(
    `intake-client-${CLIENT}`,
    'CoOccurringConditionIdentified',
    { clientId: CLIENT, condition: 'depression', instrument: 'PHQ-9', score: 14, evidenceId: 'screening-1' },
    about(CLIENT),
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ClientAdmitted',
    { clientId: CLIENT, admissionId: 'admission-1', assessmentId: 'assessment-1', placementId: 'placement-1', level: IOP },
    about(CLIENT),
  );
  const opened = { openedBy: clinician, programmeId: 'iop-adult', assessmentId: 'assessment-1' };
  history.ledger(EPISODE, CLIENT, {
    type: 'OpenEpisode',
    data: {
      ...opened,
      episodeId: EPISODE,
      clientId: CLIENT,
      level: IOP,
      siteId: 'site-north',
      admissionId: 'admission-1',
      startDate: '2026-03-02',
    },
  });
  history.record(`treatment-plan-${EPISODE}`, 'PlanDrafted', { planId: EPISODE, clientId: CLIENT, status: 'draft' }, about(CLIENT));
  history.ledger(EPISODE, CLIENT, {
    type: 'RecordAuthorizedLevel',
    data: {
      level: IOP,
      amount: { quantity: 30, unit: 'days' },
      throughDate: '2026-03-31',
      payerReference: 'payer-auth-1',
      recordedBy: clinician,
    },
  });
  history.record(`treatment-plan-${EPISODE}`, 'PlanSigned', { planId: EPISODE, status: 'active', signedOn: '2026-03-03' }, about(CLIENT));
  history.record(
    `intake-client-${OTHER_CLIENT}`,
    'ClientRegistered',
    { clientId: OTHER_CLIENT, siteId: 'site-south' },
    about(OTHER_CLIENT, 'site-south'),
  );
  history.record(
    `treatment-plan-${EPISODE}`,
    'RelapseRecorded',
    { planId: EPISODE, relapseId: 'relapse-1', substanceCodes: ['alcohol'], evidence: [{ kind: 'drug-test', id: 'drug-test-9' }] },
    about(CLIENT),
  );
  history.ledger(EPISODE, CLIENT, {
    type: 'ChangeLevelOfCare',
    data: {
      from: IOP,
      to: RESIDENTIAL,
      reason: { code: 'relapse', reference: 'note-3' },
      evidence: [{ kind: 'drug-test', id: 'drug-test-9' }],
      decidedBy: clinician,
      effectiveDate: '2026-03-10',
    },
  });
  history.record(
    'referral-referral-7',
    'ReferralOpened',
    {
      referralId: 'referral-7',
      clientId: CLIENT,
      specialty: 'psychiatric-evaluation',
      urgency: 'urgent',
      dueDate: '2026-03-13',
      episodeId: EPISODE,
    },
    about(CLIENT),
  );
  history.record(
    'referral-referral-7',
    'ReferralSent',
    { referralId: 'referral-7', providerId: 'provider-3', consentId: 'consent-1', disclosureId: 'disclosure-1' },
    about(CLIENT),
  );
  history.ledger(
    EPISODE,
    CLIENT,
    {
      type: 'TransferSite',
      data: { toSiteId: 'site-south', reason: { code: 'programme-availability' }, decidedBy: clinician, effectiveDate: '2026-03-20' },
    },
    'site-south',
  );
  history.record(
    'referral-referral-7',
    'ReferralCompleted',
    { referralId: 'referral-7', conditionConfirmed: true, recommendationCodes: ['ssri'] },
    about(CLIENT, 'site-south'),
  );
  history.ledger(
    EPISODE,
    CLIENT,
    {
      type: 'ChangeLevelOfCare',
      data: {
        from: RESIDENTIAL,
        to: IOP,
        reason: { code: 'clinical-progress' },
        evidence: [{ kind: 'review', id: 'review-2' }],
        decidedBy: clinician,
        effectiveDate: '2026-04-06',
      },
    },
    'site-south',
  );
  history.ledger(
    EPISODE,
    CLIENT,
    {
      type: 'DischargeEpisode',
      data: { disposition: 'completed', dischargeSummaryRef: 'summary-1', dischargedBy: clinician, date: '2026-05-01' },
    },
    'site-south',
  );
  history.record(
    `aftercare-${EPISODE}`,
    'AftercarePlanCreated',
    { planId: EPISODE, clientId: CLIENT, stepDownLevel: { edition: 3, code: '1' } },
    about(CLIENT, 'site-south'),
  );
  history.ledger(
    READMISSION,
    CLIENT,
    {
      type: 'OpenEpisode',
      data: {
        ...opened,
        episodeId: READMISSION,
        clientId: CLIENT,
        level: IOP,
        siteId: 'site-south',
        admissionId: 'admission-2',
        startDate: '2026-06-01',
        previousEpisodeId: EPISODE,
      },
    },
    'site-south',
  );
  return history;
}

/** The first recorded event of this type about the client (the specs ask "as of just after it"). */
export function firstOf(events: readonly StoredEvent[], type: string, clientId = CLIENT): StoredEvent {
  const found = events.find((event) => event.type === type && event.metadata.clientId === clientId);
  if (!found) throw new Error(`the journey holds no ${type} of ${clientId}`);
  return found;
}
