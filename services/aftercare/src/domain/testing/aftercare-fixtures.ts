// Builders for aftercare's commands and histories, shared by the domain specs and the
// service's tests. Excluded from the build (`**/testing/**`).
import { type LevelOfCare } from '@continuum/care-episode';
import { type ConsentCopyV2, type ConsentFile, type PublishedRestriction, emptyConsentFile } from '@continuum/consent';
import { fold } from '@continuum/decider';
import { addDays } from '../calendar-days.js';
import {
  type AftercareCommand,
  type ArrangeContinuingTherapy,
  type ArrangeRecoveryResidence,
  type CreateAftercarePlan,
  type EndContinuingCare,
  type LinkPeerSupport,
  type MarkCheckInMissed,
  type RecordCheckIn,
  type RecordPeerSupportAttendance,
  type RecordRelapsePreventionPlan,
  type ReleaseHeldSends,
  type SetStepDownLevel,
  type UpdateCaseManagementNeed,
} from '../commands.js';
import { decide } from '../decide.js';
import { type AftercareEvent, aftercarePlanIdFor } from '../events.js';
import { type OutsideSendContext } from '../outside-sends.js';
import { evolve, initialAftercarePlan } from '../plan.js';
import { type RelapsePreventionPlan } from '../relapse-prevention.js';
import { type AftercareRules, DEFAULT_AFTERCARE_RULES } from '../rules.js';

export const EPISODE_ID = '7d5e0c1a-4b2f-4c3d-9e8f-0a1b2c3d4e5f';
export const PLAN_ID = aftercarePlanIdFor(EPISODE_ID);
export const CLIENT_ID = '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c';
export const SITE_ID = 'site-north';
export const DISCHARGE_DATE = '2026-01-15';

export const IOP: LevelOfCare = { edition: 3, code: '2.1' };
export const OP: LevelOfCare = { edition: 3, code: '1' };
export const PHP: LevelOfCare = { edition: 3, code: '2.5' };

/** The discharge date plus `days`, e.g. `dayAfterDischarge(7)` is the first check-in's due date. */
export const dayAfterDischarge = (days: number) => addDays(DISCHARGE_DATE, days);
/** 10:00 UTC on that day: an instant to decide a command at. */
export const onDay = (days: number) => new Date(`${dayAfterDischarge(days)}T10:00:00.000Z`);

/** The default schedule's due dates for a discharge on DISCHARGE_DATE. */
export const DUE = {
  day7: '2026-01-22',
  day30: '2026-02-14',
  day120: '2026-05-15',
  day210: '2026-08-13',
  day300: '2026-11-11',
} as const;

export const createPlan = (data: Partial<CreateAftercarePlan['data']> = {}): CreateAftercarePlan => ({
  type: 'CreateAftercarePlan',
  planId: aftercarePlanIdFor(data.episodeId ?? EPISODE_ID),
  data: {
    episodeId: EPISODE_ID,
    clientId: CLIENT_ID,
    siteId: SITE_ID,
    dischargeLevel: IOP,
    disposition: 'completed',
    dischargeDate: DISCHARGE_DATE,
    ...data,
  },
});

/** Ten BARC-10 answers (1–6) that add up to `total` (10–60). */
export function barc10Totalling(total: number): number[] {
  if (total < 10 || total > 60) throw new RangeError(`a BARC-10 total lies between 10 and 60, not ${total}`);
  const answers = new Array<number>(10).fill(1);
  let left = total - 10;
  for (let i = 0; i < answers.length && left > 0; i++) {
    const raise = Math.min(5, left);
    answers[i] += raise;
    left -= raise;
  }
  return answers;
}

export const checkIn = (data: Partial<RecordCheckIn['data']> = {}): RecordCheckIn => ({
  type: 'RecordCheckIn',
  planId: PLAN_ID,
  data: { dueDate: DUE.day7, outcome: 'abstinent', barc10: barc10Totalling(50), ...data },
});

export const unreachableAt = (dueDate: string): RecordCheckIn => ({
  type: 'RecordCheckIn',
  planId: PLAN_ID,
  data: { dueDate, outcome: 'unreachable' },
});

export const missed = (dueDate: string): MarkCheckInMissed => ({ type: 'MarkCheckInMissed', planId: PLAN_ID, data: { dueDate } });

export const endContinuingCare = (data: Partial<EndContinuingCare['data']> = {}): EndContinuingCare => ({
  type: 'EndContinuingCare',
  planId: PLAN_ID,
  data: { reason: 'year-completed', ...data },
});

export const relapsePreventionPlanContent = (overrides: Partial<RelapsePreventionPlan> = {}): RelapsePreventionPlan => ({
  triggers: [
    { kind: 'people', description: 'old drinking friends from work' },
    { kind: 'places', description: 'the bar on the way home' },
    { kind: 'emotions', description: 'loneliness on Sunday evenings' },
  ],
  warningSigns: ['skipping meetings', 'sleeping badly'],
  copingStrategies: ['call the sponsor', 'walk for twenty minutes', 'urge surfing'],
  supportContacts: [
    { contactId: 'contact-sponsor', relationship: 'sponsor' },
    { contactId: 'contact-sister', relationship: 'family' },
    { contactId: 'contact-peer', relationship: 'peer-mentor' },
  ],
  actionPlan: { steps: ['leave the situation', 'call the first contact', 'go to a meeting that day'], firstContactId: 'contact-sponsor' },
  ...overrides,
});

export const recordRelapsePreventionPlan = (overrides: Partial<RelapsePreventionPlan> = {}): RecordRelapsePreventionPlan => ({
  type: 'RecordRelapsePreventionPlan',
  planId: PLAN_ID,
  data: relapsePreventionPlanContent(overrides),
});

export const CASE_MANAGER = { userId: 'user-case-manager-1', role: 'case-manager' };

/** What the application adds to a send: the client's consent file as read (none by default), who sends, the send's id. */
export const sendContext = (file: Partial<ConsentFile> = {}, sendId = 'send-1'): OutsideSendContext => ({
  sendId,
  file: { ...emptyConsentFile, ...file },
  disclosedBy: CASE_MANAGER,
});

/** A consent copy on the 2024 form naming `recipientId` for treatment, covering what a step-down carries, signed before discharge. */
export const consentNaming = (recipientId: string, changes: Partial<ConsentCopyV2> = {}): ConsentCopyV2 => ({
  consentId: `consent-${recipientId}`,
  recipients: [{ kind: 'named', recipientId }],
  purposes: ['TREAT'],
  categories: ['demographics', 'diagnosis', 'level-of-care', 'discharge-summary'],
  expiry: { kind: 'date', expiresOn: '2027-01-01' },
  signedOn: '2026-01-10',
  clientIsMinor: false,
  grantedAt: '2026-01-10T10:00:00.000Z',
  ...changes,
});

/** A restriction the client asked for and the programme agreed to (42 CFR 2.26), before the discharge. */
export const restrictionOn = (scope: Extract<PublishedRestriction['request'], { kind: 'requested' }>['scope']): PublishedRestriction => ({
  restrictionId: 'restriction-1',
  clientId: CLIENT_ID,
  request: { kind: 'requested', scope },
  required: false,
  agreedAt: '2026-01-12T09:00:00.000Z',
});

/** A consent was copied: the plan's waiting sends are decided again under the file. */
export const releaseHeldSends = (file: Partial<ConsentFile>): ReleaseHeldSends => ({
  type: 'ReleaseHeldSends',
  planId: PLAN_ID,
  data: { file: sendContext(file).file },
});

export const setStepDown = (data: Partial<SetStepDownLevel['data']> = {}, send = sendContext()): SetStepDownLevel => ({
  type: 'SetStepDownLevel',
  planId: PLAN_ID,
  data: { level: OP, providerId: 'provider-riverside-op', startDate: dayAfterDischarge(3), ...data },
  send,
});

export const arrangeResidence = (data: Partial<ArrangeRecoveryResidence['data']> = {}, send = sendContext()): ArrangeRecoveryResidence => ({
  type: 'ArrangeRecoveryResidence',
  planId: PLAN_ID,
  data: { kind: 'sober-living-home', residenceId: 'residence-oak-house', narrLevel: 'II', moveInDate: DISCHARGE_DATE, ...data },
  send,
});

export const linkPeerSupport = (data: Partial<LinkPeerSupport['data']> = {}, send = sendContext()): LinkPeerSupport => ({
  type: 'LinkPeerSupport',
  planId: PLAN_ID,
  data: { linkageId: 'linkage-aa', programme: 'AA', groupId: 'group-tuesday-aa', linkedOn: DISCHARGE_DATE, ...data },
  send,
});

export const attendance = (data: Partial<RecordPeerSupportAttendance['data']> = {}): RecordPeerSupportAttendance => ({
  type: 'RecordPeerSupportAttendance',
  planId: PLAN_ID,
  data: { linkageId: 'linkage-aa', meetingDate: DISCHARGE_DATE, attended: true, ...data },
});

export const arrangeTherapy = (data: Partial<ArrangeContinuingTherapy['data']> = {}): ArrangeContinuingTherapy => ({
  type: 'ArrangeContinuingTherapy',
  planId: PLAN_ID,
  data: {
    therapyId: 'therapy-1',
    kind: 'individual-therapy',
    providerId: 'provider-riverside-op',
    sessionsPerMonth: 4,
    startDate: dayAfterDischarge(7),
    ...data,
  },
});

export const updateNeed = (data: Partial<UpdateCaseManagementNeed['data']> = {}): UpdateCaseManagementNeed => ({
  type: 'UpdateCaseManagementNeed',
  planId: PLAN_ID,
  data: { need: 'food-bank', status: 'identified', ...data },
});

/** A step of a history: a command, decided at the discharge day's morning unless given an instant. */
export type HistoryStep = AftercareCommand | [AftercareCommand, Date];

/**
 * The events the given commands produce, one after the other, so a spec's `given` can say
 * what happened in the case manager's words ("created, checked in at day 7, missed day 30…").
 */
export function historyOf(steps: HistoryStep[], rules: AftercareRules = DEFAULT_AFTERCARE_RULES): AftercareEvent[] {
  const events: AftercareEvent[] = [];
  for (const step of steps) {
    const [command, now] = Array.isArray(step) ? step : [step, onDay(0)];
    events.push(...decide(command, fold(evolve, initialAftercarePlan, events), now, rules));
  }
  return events;
}

/** The plan as the history leaves it. */
export const planAfter = (steps: HistoryStep[], rules: AftercareRules = DEFAULT_AFTERCARE_RULES) =>
  fold(evolve, initialAftercarePlan, historyOf(steps, rules));
