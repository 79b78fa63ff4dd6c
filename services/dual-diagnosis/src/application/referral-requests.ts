import { Inject, Injectable } from '@nestjs/common';
import {
  type ConsentGrantedV1,
  type ConsentGrantedV2,
  type ConsentRevokedV1,
  type ContinuingCareEndedV1,
  type RestrictionAgreedV1,
  type CareTeamChangedV1,
  type EpisodeDischargedV1,
  type CoOccurringConditionIdentifiedV1,
  type DualDiagnosisReferralRequestedV1,
  type IntegrationEvent,
  type SafetyFollowUpCompletedV1,
  type SafetyFollowUpOpenedV1,
  type SafetyHoldPlacedV1,
  type SafetyHoldReleasedV1,
} from '@continuum/contracts';
import { type AnyCommandStep, EVENT_STORE, type EventStore, deterministicEventId, runCommands } from '@continuum/event-store';
import { copyOfPublishedConsent, dischargeOccurredAt } from '@continuum/consent';
import { CLOCK, type Clock, causedByEvent } from '@continuum/platform';
import {
  type ClientCommand,
  type ClientFile,
  type ReferralConfig,
  hasSuicideRiskSignal,
  isClosed,
  isOpened,
  referralForCondition,
  screeningReferralOf,
} from '../domain/index.js';
import { ClientFiles } from './client-files.js';
import { DualDiagnosisCommands, REFERRAL_CONFIG, sendReferral, treatingAmong } from './dual-diagnosis.commands.js';

// The service's reactions to intake and treatment-plan: open referrals (once per condition
// episode, however often an event is delivered), keep the client's consent copies and
// safety-hold flag, and send the referrals that were waiting for a consent that just arrived.
// A reaction that writes the client's file and referrals runs its steps as one (runCommands):
// every step is decided before anything is appended, and all are appended together, so a
// refused step leaves every stream as it was and the redelivery starts from the beginning.
// Each step keeps its own idempotency key (causedByEvent: the event id and the step), so a
// redelivered event decides nothing twice (the inbox is a first line, not the only one).

// A referral's id derives from what asked for it, so a redelivery names the same referral.
const CONDITION_EPISODE_NAMESPACE = 'dual-diagnosis-condition-episode';
const REQUEST_NAMESPACE = 'dual-diagnosis-referral-request';
export const referralIdForConditionEpisode = (clientId: string, conditionCode: string, episode: number) =>
  deterministicEventId(`${clientId}/${conditionCode}`, CONDITION_EPISODE_NAMESPACE, episode);
export const referralIdForRequest = (requestId: string) => deterministicEventId(requestId, REQUEST_NAMESPACE, 0);

type OpeningRequest = {
  conditionCode: string;
  specialty: DualDiagnosisReferralRequestedV1['specialty'];
  urgency: DualDiagnosisReferralRequestedV1['urgency'];
  source: 'intake-screening' | 'treatment-plan';
  episodeId?: string;
  /** The screen's severity band, for a referral opened from intake's finding. */
  severity?: { instrument: string; band: string };
};

@Injectable()
export class ReferralRequests {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly clients: ClientFiles,
    private readonly referrals: DualDiagnosisCommands,
    @Inject(REFERRAL_CONFIG) private readonly config: ReferralConfig,
  ) {}

  /** Links the finding in the client's file and, unless it joins the open referral of its condition, opens the referral: both or neither. */
  async conditionIdentified(event: IntegrationEvent<'CoOccurringConditionIdentified', CoOccurringConditionIdentifiedV1>): Promise<string> {
    const { clientId, condition, instrument, band } = event.data;
    const file = await this.clients.load(clientId);
    const linkedForCondition = [...new Set(file.links.filter((link) => link.conditionCode === condition).map((link) => link.referralId))];
    const closed = new Set<string>();
    for (const referralId of linkedForCondition) if (isClosed(await this.referrals.load(referralId))) closed.add(referralId);

    const decision = referralForCondition(file, condition, event.eventId, (referralId) => !closed.has(referralId));
    const referralId =
      decision.kind === 'new-episode' ? referralIdForConditionEpisode(clientId, condition, decision.episode) : decision.referralId;
    const link = this.clients.step(
      clientId,
      event.siteId,
      {
        type: 'LinkReferral',
        data: { clientId, referralId, conditionCode: condition, source: 'intake-screening', sourceEventId: event.eventId },
      },
      causedByEvent(event, 'link'),
    );
    // A second finding joins the open referral; the first (or a redelivery of it) opens it.
    if (decision.kind === 'joins-open') await this.run([link]);
    else {
      const severity = band === undefined ? undefined : { instrument, band };
      await this.run([
        link,
        this.open(referralId, event, file, {
          conditionCode: condition,
          ...screeningReferralOf(condition, this.config),
          source: 'intake-screening',
          severity,
        }),
      ]);
    }
    return referralId;
  }

  /** Links the clinician's request in the client's file and opens its referral: both or neither. */
  async referralRequested(event: IntegrationEvent<'DualDiagnosisReferralRequested', DualDiagnosisReferralRequestedV1>): Promise<string> {
    const { requestId, clientId, siteId, specialty, urgency, conditionCode, episodeId } = event.data;
    const referralId = referralIdForRequest(requestId);
    const file = await this.clients.load(clientId);
    await this.run([
      this.clients.step(
        clientId,
        siteId,
        { type: 'LinkReferral', data: { clientId, referralId, conditionCode, source: 'treatment-plan', sourceEventId: event.eventId } },
        causedByEvent(event, 'link'),
      ),
      this.open(referralId, { ...event, siteId }, file, { conditionCode, specialty, urgency, source: 'treatment-plan', episodeId }),
    ]);
    return referralId;
  }

  /**
   * Copies the consent and sends every referral of the client that was waiting for one (the
   * gate decides whether this one covers it), with its disclosure record: all or nothing.
   */
  async consentGranted(
    event: IntegrationEvent<'ConsentGranted', ConsentGrantedV1, 1> | IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2>,
  ): Promise<void> {
    const { clientId } = event.data;
    const consent = copyOfPublishedConsent(event);
    // Which referrals wait: read before the run (a referral linked in between waits for the next consent event).
    // Each referral stream is read once: the same reads say which wait and whom the client is treated by.
    const file = await this.clients.load(clientId);
    const linked = await this.referrals.linkedTo(file);
    const referrals = linked.map(({ referral }) => referral);
    const waiting = linked.flatMap(({ referralId, referral }) =>
      referral.status === 'awaiting-consent' ? [{ referralId, treating: treatingAmong(referrals, referral.provider?.providerId) }] : [],
    );
    await this.run([
      this.clients.step(
        clientId,
        event.siteId,
        { type: 'CopyConsent', data: { clientId, consent, copiedAt: this.clock.now().toISOString(), sourceEventId: event.eventId } },
        causedByEvent(event, 'copy'),
      ),
      ...waiting.map(({ referralId, treating }) => {
        const cause = causedByEvent(event, `send:${referralId}`);
        // Under the consents and events of the file as this attempt read it, this one copied: on
        // a redelivery the copy replays, and a revocation or discharge copied since still counts.
        return this.referrals.step(
          referralId,
          (_referral, [copied]) => sendReferral(referralId, copied!.current as ClientFile, treating, cause),
          cause,
        );
      }),
    ]);
  }

  /** Later sends consult the copy: from `effectiveAt` no disclosure relies on the consent. */
  async consentRevoked(event: IntegrationEvent<'ConsentRevoked', ConsentRevokedV1>): Promise<void> {
    const { consentId, clientId, revokedOn, effectiveAt } = event.data;
    await this.clients.execute(
      clientId,
      event.siteId,
      { type: 'CopyRevocation', data: { clientId, consentId, revokedOn, effectiveAt, sourceEventId: event.eventId } },
      causedByEvent(event, 'copy'),
    );
  }

  /** From `agreedAt` no send may break the client's agreed restriction (42 CFR 2.26; the gate reads it). */
  async restrictionAgreed(event: IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1>): Promise<void> {
    const { clientId } = event.data;
    await this.clients.execute(
      clientId,
      event.siteId,
      { type: 'CopyRestriction', data: { clientId, restriction: structuredClone(event.data), sourceEventId: event.eventId } },
      causedByEvent(event, 'copy'),
    );
  }

  /**
   * A discharge (treatment-plan) or the end of aftercare (aftercare): consents that expire on it
   * stop from when it happened (42 CFR 2.31(a)(7); @continuum/consent's consentStateAt).
   */
  async episodeDischarged(event: IntegrationEvent<'EpisodeDischarged', EpisodeDischargedV1>): Promise<void> {
    const { clientId, episodeId, dischargeDate, dischargedAt } = event.data;
    await this.noteClientEvent(event, {
      clientId,
      event: 'discharge',
      occurredAt: dischargeOccurredAt(dischargeDate, dischargedAt),
      episodeId,
    });
  }

  async continuingCareEnded(event: IntegrationEvent<'ContinuingCareEnded', ContinuingCareEndedV1>): Promise<void> {
    const { clientId, endedAt } = event.data;
    await this.noteClientEvent(event, { clientId, event: 'end-of-aftercare', occurredAt: endedAt });
  }

  /** Treatment-plan's care team of the client's episode: who reads the client's referrals in it (domain/referral-views.ts). */
  async careTeamChanged(event: IntegrationEvent<'CareTeamChanged', CareTeamChangedV1>): Promise<void> {
    const { clientId, episodeId, siteId, members, changedAt } = event.data;
    await this.clients.execute(
      clientId,
      siteId,
      {
        type: 'NoteCareTeam',
        data: { clientId, episodeId, siteId, members: members.map((member) => ({ ...member })), changedAt, sourceEventId: event.eventId },
      },
      causedByEvent(event, 'care-team'),
    );
  }

  private async noteClientEvent(
    event: IntegrationEvent,
    happened: { clientId: string; event: 'discharge' | 'end-of-aftercare'; occurredAt: string; episodeId?: string },
  ): Promise<void> {
    await this.clients.execute(
      happened.clientId,
      event.siteId,
      { type: 'NoteClientEvent', data: { ...happened, sourceEventId: event.eventId } },
      causedByEvent(event, 'note'),
    );
  }

  /**
   * Imminent suicide risk (C-SSRS): the client's waiting referrals become emergent, and so do
   * later ones while the hold lasts. The flag and every raised urgency, or none of them.
   */
  async safetyHoldPlaced(event: IntegrationEvent<'SafetyHoldPlaced', SafetyHoldPlacedV1>): Promise<void> {
    const { clientId, screeningId, placedAt } = event.data;
    await this.flagRiskAndRaise(
      event,
      { type: 'FlagImminentRisk', data: { clientId, screeningId, placedAt, sourceEventId: event.eventId } },
      'imminent-suicide-risk',
    );
  }

  async safetyHoldReleased(event: IntegrationEvent<'SafetyHoldReleased', SafetyHoldReleasedV1>): Promise<void> {
    const { clientId, releasedAt } = event.data;
    await this.clients.execute(
      clientId,
      event.siteId,
      { type: 'ClearImminentRisk', data: { clientId, releasedAt, sourceEventId: event.eventId } },
      causedByEvent(event, 'clear'),
    );
  }

  /**
   * Any suicide-risk signal at intake (a same-day safety follow-up: PHQ-9 item 9, a C-SSRS of
   * moderate or high risk) makes the client's waiting referrals emergent, due the same day, and
   * later ones too until a clinician records the follow-up. The flag and every raised urgency,
   * or none of them.
   */
  async safetyFollowUpOpened(event: IntegrationEvent<'SafetyFollowUpOpened', SafetyFollowUpOpenedV1>): Promise<void> {
    const { clientId, followUpId, openedAt } = event.data;
    await this.flagRiskAndRaise(
      event,
      { type: 'FlagSuicideRiskSignal', data: { clientId, followUpId, openedAt, sourceEventId: event.eventId } },
      'suicide-risk-signal',
    );
  }

  /** The risk flagged in the client's file and each opened referral raised to emergent, as one (runCommands). */
  private async flagRiskAndRaise(event: IntegrationEvent, flag: ClientCommand, reasonCode: string): Promise<void> {
    const { clientId } = event;
    // The referrals linked when the risk was flagged: a redelivered event leaves referrals opened after it was cleared alone.
    const file = await this.clients.loadAsOf(clientId, event.eventId);
    const opened = (await this.referrals.linkedTo(file)).filter(({ referral }) => isOpened(referral)).map(({ referralId }) => referralId);
    await this.run([
      this.clients.step(clientId, event.siteId, flag, causedByEvent(event, 'flag')),
      ...opened.map((referralId) =>
        this.referrals.step(
          referralId,
          { type: 'RaiseUrgency', data: { urgency: 'emergent', reasonCode } },
          causedByEvent(event, `urgency:${referralId}`),
        ),
      ),
    ]);
  }

  async safetyFollowUpCompleted(event: IntegrationEvent<'SafetyFollowUpCompleted', SafetyFollowUpCompletedV1>): Promise<void> {
    const { clientId, followUpId, completedAt } = event.data;
    await this.clients.execute(
      clientId,
      event.siteId,
      { type: 'ClearSuicideRiskSignal', data: { clientId, followUpId, completedAt, sourceEventId: event.eventId } },
      causedByEvent(event, 'clear'),
    );
  }

  private open(referralId: string, event: IntegrationEvent, file: ClientFile, request: OpeningRequest) {
    const { episodeId, severity, ...rest } = request;
    return this.referrals.step(
      referralId,
      {
        type: 'OpenReferral',
        data: {
          referralId,
          clientId: event.clientId,
          siteId: event.siteId,
          ...rest,
          sourceEventId: event.eventId,
          ...(episodeId === undefined ? {} : { episodeId }),
          hasImminentSuicideRisk: file.hasImminentSuicideRisk,
          hasSuicideRiskSignal: hasSuicideRiskSignal(file),
          ...(severity === undefined ? {} : { severity }),
        },
      },
      causedByEvent(event, 'open'),
    );
  }

  /** Every step decided before the first append, then all appended at once (libs/event-store runCommands). */
  private async run(steps: AnyCommandStep[]): Promise<void> {
    await runCommands({ store: this.store, now: this.clock.now(), steps });
  }
}
