import {
  type ClientEvent as ConsentClientEvent,
  type ConsentCopy,
  type DisclosureRecord,
  type PublishedRestriction,
  decideDisclosure,
  explainReasons,
  mainReason,
} from '@continuum/consent';
import { type Decider, RuleBroken } from '@continuum/decider';
import { DEFAULT_REFERRAL_CONFIG, type ReferralConfig, type Specialty, type Urgency } from './config.js';
import { consentGate } from './consent-gate.js';
import { dueAt, escalationLevelAt, isMoreUrgent } from './deadlines.js';
import { type ProviderKind, type ReferralEvent, type ReferralSource } from './events.js';
import {
  type Referral,
  type ReferralState,
  type ReferralStatus,
  CLOSED_STATUSES,
  UNANSWERED_STATUSES,
  evolveReferral,
  initialReferralState,
  isOpened,
} from './referral.js';

export type OpenReferral = {
  type: 'OpenReferral';
  data: {
    referralId: string;
    clientId: string;
    siteId: string;
    specialty: Specialty;
    urgency: Urgency;
    conditionCode: string;
    source: ReferralSource;
    sourceEventId: string;
    episodeId?: string;
    /** The client is on a C-SSRS imminent-risk safety hold: the referral is emergent whatever was asked. */
    hasImminentSuicideRisk: boolean;
    /** Intake has an open same-day safety follow-up for the client (PHQ-9 item 9, C-SSRS moderate or high): emergent too. */
    hasSuicideRiskSignal?: boolean;
    /** The screen that found the condition and the severity band it scored in (PHQ-9, GAD-7): the urgency is at least what the network sets for it. */
    severity?: { instrument: string; band: string };
  };
};
export type RaiseUrgency = { type: 'RaiseUrgency'; data: { urgency: Urgency; reasonCode: string } };
/**
 * The provider as the directory describes it, and how many referrals it holds now (sent,
 * accepted or with an appointment); the application looks both up. Without `capacity` the
 * provider takes any number.
 */
export type AssignProvider = {
  type: 'AssignProvider';
  data: {
    provider: {
      providerId: string;
      siteId: string;
      kind: ProviderKind;
      specialties: readonly Specialty[];
      capacity?: number;
      openReferrals?: number;
    };
  };
};
/**
 * The client's consents and the events they may expire on, as this service copied them; whether
 * the provider has a treating provider relationship with the client (42 CFR 2.11: it accepted an
 * earlier referral of theirs that still stands); who sends. The disclosure id is minted by the application.
 */
export type SendReferral = {
  type: 'SendReferral';
  data: {
    consents: readonly ConsentCopy[];
    /** The client's agreed requests for restriction (42 CFR 2.26). */
    restrictions?: readonly PublishedRestriction[];
    events?: readonly ConsentClientEvent[];
    treatingRelationship?: boolean;
    disclosedBy?: { userId: string; role: string };
    disclosureId: string;
  };
};
/**
 * A bona fide medical emergency (42 CFR 2.51): the referral's information goes to medical
 * personnel at once, without consent, and is recorded with what 2.51(c) asks. Never held.
 */
export type DiscloseInEmergency = {
  type: 'DiscloseInEmergency';
  data: {
    disclosureId: string;
    /** The medical personnel: an id when the directory has one, their name and their affiliation (2.51(c)). */
    recipient: { recipientId: string; name: string; affiliation: string };
    natureOfEmergency: string;
    /** 2.51(a): the client's consent could not be obtained. */
    consentObtainable: boolean;
    disclosedBy: { userId: string; role: string };
  };
};
export type AcceptReferral = { type: 'AcceptReferral'; data: Record<string, never> };
export type DeclineReferral = { type: 'DeclineReferral'; data: { reasonCode: string; note?: string } };
export type ScheduleAppointment = { type: 'ScheduleAppointment'; data: { appointmentDate: string } };
export type RecordNoShow = { type: 'RecordNoShow'; data: Record<string, never> };
export type CompleteReferral = {
  type: 'CompleteReferral';
  data: { conditionConfirmed: boolean; recommendationCodes: string[]; note?: string };
};
export type CancelReferral = { type: 'CancelReferral'; data: { reasonCode: string; note?: string } };
/** Issued by the scheduler; safe to repeat: each escalation level is raised once. */
export type MarkOverdue = { type: 'MarkOverdue'; data: Record<string, never> };

export type ReferralCommand =
  | OpenReferral
  | RaiseUrgency
  | AssignProvider
  | SendReferral
  | DiscloseInEmergency
  | AcceptReferral
  | DeclineReferral
  | ScheduleAppointment
  | RecordNoShow
  | CompleteReferral
  | CancelReferral
  | MarkOverdue;

// Which states allow each action: the refusal names them, so the caller knows what must happen first.
export const ALLOWED_FROM: Record<
  Exclude<ReferralCommand['type'], 'OpenReferral' | 'RaiseUrgency' | 'MarkOverdue' | 'DiscloseInEmergency'>,
  readonly ReferralStatus[]
> = {
  AssignProvider: ['requested', 'awaiting-consent', 'declined'],
  SendReferral: ['requested', 'awaiting-consent', 'declined'],
  AcceptReferral: ['sent'],
  DeclineReferral: ['sent'],
  ScheduleAppointment: ['accepted', 'no-show'],
  RecordNoShow: ['scheduled'],
  CompleteReferral: ['scheduled'],
  CancelReferral: ['requested', 'awaiting-consent', 'sent', 'accepted', 'declined', 'scheduled', 'no-show'],
};

const ACTION_NAMES: Record<keyof typeof ALLOWED_FROM, string> = {
  AssignProvider: 'assigned a provider',
  SendReferral: 'sent',
  AcceptReferral: 'accepted',
  DeclineReferral: 'declined',
  ScheduleAppointment: 'given an appointment',
  RecordNoShow: 'marked as a no-show',
  CompleteReferral: 'completed',
  CancelReferral: 'cancelled',
};

/** A second missed appointment ends the referral and tells the referring site's clinicians. */
const NO_SHOWS_BEFORE_FAILURE = 2;

export function referralDecider(config: ReferralConfig = DEFAULT_REFERRAL_CONFIG): Decider<ReferralCommand, ReferralEvent, ReferralState> {
  return {
    initialState: initialReferralState,
    evolve: evolveReferral,
    decide: (command, state, now) => decideReferral(command, state, now, config),
  };
}

export function decideReferral(command: ReferralCommand, state: ReferralState, now: Date, config: ReferralConfig): ReferralEvent[] {
  const at = now.toISOString();
  if (command.type === 'OpenReferral') return open(command, state, now, config);
  if (!isOpened(state)) {
    throw new RuleBroken(
      'There is no such referral. Check the referral id; referrals are opened by a co-occurring screen at intake or a request from the treatment plan.',
      'referral-not-found',
    );
  }
  const { referralId, clientId } = state;
  switch (command.type) {
    case 'RaiseUrgency': {
      if (!UNANSWERED_STATUSES.includes(state.status) || !isMoreUrgent(command.data.urgency, state.urgency)) return [];
      const due = dueAt(command.data.urgency, new Date(state.openedAt), config);
      return [
        {
          type: 'UrgencyRaised',
          data: {
            referralId,
            clientId,
            from: state.urgency,
            to: command.data.urgency,
            reasonCode: command.data.reasonCode,
            dueAt: due,
            raisedAt: at,
          },
        },
      ];
    }
    case 'AssignProvider': {
      allow(command.type, state);
      const { provider } = command.data;
      if (provider.siteId !== state.siteId) {
        throw new RuleBroken(
          `Provider ${provider.providerId} is in the directory of ${provider.siteId}, not of ${state.siteId} where the referral was opened. Choose one of ${state.siteId}'s providers, or register this one there.`,
          'provider-of-other-site',
          { providerId: provider.providerId, providerSiteId: provider.siteId, referralSiteId: state.siteId },
        );
      }
      if (!provider.specialties.includes(state.specialty)) {
        throw new RuleBroken(
          `Provider ${provider.providerId} does not offer ${state.specialty} (it offers ${provider.specialties.join(', ') || 'nothing yet'}). Choose a provider of that specialty from the site's directory.`,
          'provider-specialty-mismatch',
          { providerId: provider.providerId, specialty: state.specialty, offered: provider.specialties },
        );
      }
      if (state.provider?.providerId === provider.providerId) return [];
      if (provider.capacity !== undefined && (provider.openReferrals ?? 0) >= provider.capacity) {
        throw new RuleBroken(
          `Provider ${provider.providerId} already holds ${provider.openReferrals} open referrals, its capacity of ${provider.capacity}. Choose another provider of ${state.specialty}, or ask the site administrator to raise its capacity.`,
          'provider-at-capacity',
          { providerId: provider.providerId, capacity: provider.capacity, openReferrals: provider.openReferrals },
        );
      }
      return [
        {
          type: 'ProviderAssigned',
          data: { referralId, clientId, providerId: provider.providerId, providerKind: provider.kind, assignedAt: at },
        },
      ];
    }
    case 'SendReferral':
      return send(command, state, now, config);
    case 'DiscloseInEmergency':
      return discloseInEmergency(command, state, now, config);
    case 'AcceptReferral':
      allow(command.type, state);
      return [{ type: 'ReferralAccepted', data: { referralId, clientId, providerId: state.provider!.providerId, acceptedAt: at } }];
    case 'DeclineReferral':
      allow(command.type, state);
      return [
        {
          type: 'ReferralDeclined',
          data: { referralId, clientId, providerId: state.provider!.providerId, ...command.data, declinedAt: at },
        },
      ];
    case 'ScheduleAppointment':
      allow(command.type, state);
      return [
        {
          type: 'AppointmentScheduled',
          data: {
            referralId,
            clientId,
            providerId: state.provider!.providerId,
            appointmentDate: command.data.appointmentDate,
            scheduledAt: at,
          },
        },
      ];
    case 'RecordNoShow': {
      allow(command.type, state);
      const noShowCount = state.noShowCount + 1;
      const missed: ReferralEvent = {
        type: 'AppointmentMissed',
        data: {
          referralId,
          clientId,
          providerId: state.provider!.providerId,
          appointmentDate: state.appointmentDate!,
          noShowCount,
          recordedAt: at,
        },
      };
      if (noShowCount < NO_SHOWS_BEFORE_FAILURE) return [missed];
      return [
        missed,
        { type: 'ReferralFailed', data: { referralId, clientId, reasonCode: 'repeated-no-show', failedAt: at } },
        {
          type: 'ClinicianNotified',
          data: {
            referralId,
            clientId,
            siteId: state.siteId,
            audienceRole: 'clinician',
            reasonCode: 'referral-failed-repeated-no-show',
            notifiedAt: at,
          },
        },
      ];
    }
    case 'CompleteReferral': {
      allow(command.type, state);
      const { conditionConfirmed, recommendationCodes, note } = command.data;
      return [
        {
          type: 'ReferralCompleted',
          data: {
            referralId,
            clientId,
            ...(state.episodeId === undefined ? {} : { episodeId: state.episodeId }),
            specialty: state.specialty,
            conditionCode: state.conditionCode,
            conditionConfirmed,
            recommendationCodes: [...recommendationCodes],
            ...(note === undefined ? {} : { note }),
            completedAt: at,
          },
        },
      ];
    }
    case 'CancelReferral':
      allow(command.type, state);
      return [{ type: 'ReferralCancelled', data: { referralId, clientId, ...command.data, cancelledAt: at } }];
    case 'MarkOverdue': {
      if (!UNANSWERED_STATUSES.includes(state.status)) return [];
      const level = escalationLevelAt(state.dueAt, now, config);
      if (level <= state.escalationLevel) return [];
      return [
        {
          type: 'ReferralOverdue',
          data: { referralId, clientId, siteId: state.siteId, dueAt: state.dueAt, escalationLevel: level, raisedAt: at },
        },
      ];
    }
  }
}

function open(command: OpenReferral, state: ReferralState, now: Date, config: ReferralConfig): ReferralEvent[] {
  // However often the request is delivered, the referral is opened once.
  if (isOpened(state)) return [];
  const { hasImminentSuicideRisk, hasSuicideRiskSignal = false, severity, episodeId, ...requested } = command.data;
  const { urgency, reasonCode } = openingUrgency(requested.urgency, { hasImminentSuicideRisk, hasSuicideRiskSignal, severity }, config);
  return [
    {
      type: 'ReferralOpened',
      data: {
        ...requested,
        urgency,
        ...(reasonCode === undefined ? {} : { urgencyReasonCode: reasonCode }),
        ...(episodeId === undefined ? {} : { episodeId }),
        dueAt: dueAt(urgency, now, config),
        openedAt: now.toISOString(),
      },
    },
  ];
}

/**
 * The urgency a referral opens with: what was asked, raised by the screen's severity band
 * (`symptom-severity`) and by any suicide-risk signal (`imminent-suicide-risk` for a safety
 * hold, `suicide-risk-signal` for an open same-day follow-up: emergent, the same day); never
 * lowered. The reason names the strongest raise, when there is one.
 */
export function openingUrgency(
  requested: Urgency,
  risk: { hasImminentSuicideRisk: boolean; hasSuicideRiskSignal?: boolean; severity?: { instrument: string; band: string } },
  config: ReferralConfig,
): { urgency: Urgency; reasonCode?: string } {
  if (risk.hasImminentSuicideRisk)
    return requested === 'emergent' ? { urgency: requested } : { urgency: 'emergent', reasonCode: 'imminent-suicide-risk' };
  if (risk.hasSuicideRiskSignal)
    return requested === 'emergent' ? { urgency: requested } : { urgency: 'emergent', reasonCode: 'suicide-risk-signal' };
  const bySeverity = risk.severity ? config.urgencyForSeverity[risk.severity.instrument]?.[risk.severity.band] : undefined;
  if (bySeverity !== undefined && isMoreUrgent(bySeverity, requested)) return { urgency: bySeverity, reasonCode: 'symptom-severity' };
  return { urgency: requested };
}

function send(command: SendReferral, state: Referral, now: Date, config: ReferralConfig): ReferralEvent[] {
  allow(command.type, state);
  const { referralId, clientId, provider } = state;
  if (!provider) {
    const after = state.status === 'declined' ? 'The provider declined it: assign another provider' : 'Assign a provider';
    throw new RuleBroken(
      `The referral names no recipient yet. ${after} (POST /api/v1/referrals/${referralId}/provider), then send it.`,
      'no-provider',
      { status: state.status },
    );
  }
  const at = now.toISOString();
  if (provider.kind === 'internal') {
    // Within the programme: no disclosure under Part 2 (42 CFR 2.12(c)(3)), so no consent is needed.
    return [{ type: 'ReferralSent', data: { referralId, clientId, providerId: provider.providerId, sentAt: at } }];
  }
  const { disclosureId, consents, restrictions = [], events = [], treatingRelationship = false, disclosedBy = SERVICE } = command.data;
  // The network's one consent rule (@continuum/consent): which consent covers this send, or why none does.
  const gate = consentGate(
    { disclosureId, clientId, providerId: provider.providerId, treatingRelationship, consents, restrictions, events, disclosedBy, at: now },
    config.disclosure,
  );
  if (gate.outcome === 'refuse') {
    throw new RuleBroken(`The referral cannot go to ${provider.providerId}: ${explainReasons(gate.reasons)}`, 'disclosure-refused', {
      reasons: gate.reasons,
    });
  }
  if (gate.outcome === 'hold-awaiting-consent') {
    const main = mainReason(gate.reasons);
    const waiting = state.awaitingConsent;
    if (state.status === 'awaiting-consent' && waiting?.providerId === provider.providerId && waiting.reasonCode === main.code) return [];
    return [
      {
        type: 'ReferralAwaitingConsent',
        data: {
          referralId,
          clientId,
          providerId: provider.providerId,
          reasonCode: main.code,
          explanation: explainReasons(gate.reasons),
          citation: main.citation,
          since: at,
        },
      },
    ];
  }
  const consentId = gate.record.basis.kind === 'consent' ? gate.record.basis.consentId : undefined;
  return [
    disclosureOf(gate.record, state),
    {
      type: 'ReferralSent',
      data: {
        referralId,
        clientId,
        providerId: provider.providerId,
        ...(consentId === undefined ? {} : { consentId }),
        disclosureId,
        sentAt: at,
      },
    },
  ];
}

/** A service acting on its own (a consent arrived and a waiting referral went out). */
const SERVICE = { userId: 'dual-diagnosis', role: 'system' };

function discloseInEmergency(command: DiscloseInEmergency, state: Referral, now: Date, config: ReferralConfig): ReferralEvent[] {
  if (CLOSED_STATUSES.includes(state.status)) {
    throw new RuleBroken(
      `This referral is ${state.status}: record the emergency disclosure on an open referral of the client, or as its own record.`,
      'illegal-transition',
      { status: state.status },
    );
  }
  const { disclosureId, recipient, natureOfEmergency, consentObtainable, disclosedBy } = command.data;
  if (state.disclosureIds.includes(disclosureId)) return [];
  // 42 CFR 2.51: to medical personnel, when consent cannot be obtained; the rule refuses an incomplete record, never holds.
  const decision = decideDisclosure(
    {
      requestId: disclosureId,
      clientId: state.clientId,
      at: now.toISOString(),
      recipient: { recipientId: recipient.recipientId, kind: 'provider' },
      purpose: 'ETREAT',
      categories: [...config.disclosure.categories],
      disclosedBy,
      basis: {
        kind: 'medical-emergency',
        recipientName: recipient.name,
        affiliation: recipient.affiliation,
        natureOfEmergency,
        consentObtainable,
      },
    },
    [],
    [],
    { events: [], policy: config.disclosure.policy },
  );
  if (decision.outcome !== 'allow') {
    throw new RuleBroken(
      `The emergency disclosure cannot be recorded: ${explainReasons(decision.reasons)}`,
      'emergency-disclosure-refused',
      {
        problems: decision.reasons.map((reason) => ({ field: reason.code, message: `${reason.citation}: ${reason.explanation}` })),
      },
    );
  }
  return [disclosureOf(decision.record, state)];
}

/** The DisclosureRecorded of a record the rule allowed: the fields the audit has always read, and the rule's record. */
function disclosureOf(record: DisclosureRecord, state: Referral): ReferralEvent {
  return {
    type: 'DisclosureRecorded',
    data: {
      disclosureId: record.disclosureId,
      referralId: state.referralId,
      clientId: state.clientId,
      recipientId: record.recipient.recipientId,
      information: [
        'dual-diagnosis-referral',
        `condition:${state.conditionCode}`,
        `specialty:${state.specialty}`,
        `urgency:${state.urgency}`,
      ],
      purpose: record.purpose,
      ...(record.basis.kind === 'consent' ? { consentId: record.basis.consentId } : {}),
      disclosedAt: record.disclosedAt,
      redisclosureNotice: record.notice,
      categories: [...record.categories],
      basis: record.basis,
      ...(record.consentCopy === undefined ? {} : { consentCopy: record.consentCopy }),
      disclosedBy: record.disclosedBy,
    },
  };
}

function allow(action: keyof typeof ALLOWED_FROM, state: Referral): void {
  const allowed = ALLOWED_FROM[action];
  if (allowed.includes(state.status)) return;
  throw new RuleBroken(
    `A referral can be ${ACTION_NAMES[action]} only while it is ${allowed.join(', ')}; this one is ${state.status}.`,
    'illegal-transition',
    { status: state.status, allowedStates: allowed },
  );
}
