import {
  describeLevel,
  factDateProblems,
  findLevel,
  isAtOrAbove,
  isCalendarDate,
  isSameLevel,
  lateEntryOf,
  siteToday,
} from '@continuum/care-episode';
import { type Decider, RuleBroken } from '@continuum/decider';
import { validateAssessment, withSeverities } from './assessment.js';
import {
  type IntakeClient,
  type SafetyFollowUp,
  evolve,
  initialState,
  isOnSafetyHold,
  isRegistered,
  lastAdmission,
  openSafetyFollowUp,
} from './client.js';
import {
  type AdmitClient,
  type DecidePlacement,
  type FlagOverdueSafetyFollowUp,
  type GrantConsent,
  type IntakeCommand,
  type ReceiveReferral,
  type RecordAssessment,
  type RecordSafetyFollowUp,
  type RecordSafetyPlan,
  type RecordScreening,
  type RegisterClient,
  type RevokeConsent,
} from './commands.js';
import { type IntakeConfig, defaultIntakeConfig } from './config.js';
import { validateConsent } from '@continuum/consent';
import { type ConsentForm, REVOCATION_CHANNELS } from './consent.js';
import { ADMISSION_TRACKS, type IntakeEvent, REFERRAL_SOURCES, type ScreeningWorsened } from './events.js';
import { bandOf, previousOf, worseningReasons } from './measurement.js';
import { populationOn, validatePerson } from './person.js';
import { recommendPlacement } from './placement.js';
import { decideRestriction } from './restrictions.js';
import { isCssrsRecent, latestCssrs, validateSuicideRiskAssessment } from './safety.js';
import { followUpDueAt, suicideRiskSignalOf, validateSafetyFollowUpRecord } from './safety-follow-up.js';
import {
  type CoOccurringCondition,
  type ScreeningRecord,
  conditionsSuggestedBy,
  scoreScreening,
  validateScreeningAnswers,
} from './screening.js';
import { markScreeningEnteredInError } from './screening-corrections.js';
import { type ValidationProblem, isBlank, refuseInvalid, startOfDate } from './validation.js';

// The only place intake's rules live. Pure: the clock is `now`, config is data, and every
// refusal is a RuleBroken whose message says what to do next (the API answers 422).

export function decide(command: IntakeCommand, state: IntakeClient, now: Date, config: IntakeConfig = defaultIntakeConfig): IntakeEvent[] {
  if (state.clientId !== undefined && command.clientId !== state.clientId) {
    throw new RuleBroken(
      `this stream belongs to client ${state.clientId}, not ${command.clientId}: send the command to the client's own stream`,
      'wrong-client',
    );
  }
  switch (command.type) {
    case 'ReceiveReferral':
      return receiveReferral(command, state, now);
    case 'RegisterClient':
      return registerClient(command, state, now);
    case 'GrantConsent':
      return grantConsent(command, state, now, config);
    case 'RevokeConsent':
      return revokeConsent(command, state, now);
    case 'RequestRestriction':
    case 'AgreeToRestriction':
    case 'RefuseRestriction':
      requireRegistered(state, 'record a request for restriction');
      return decideRestriction(command, state.restrictions ?? {}, now);
    case 'RecordScreening':
      return recordScreening(command, state, now, config);
    case 'MarkScreeningEnteredInError':
      return markScreeningEnteredInError(command, state, now);
    case 'RecordSafetyPlan':
      return recordSafetyPlan(command, state, now);
    case 'RecordSafetyFollowUp':
      return recordSafetyFollowUp(command, state, now);
    case 'FlagOverdueSafetyFollowUp':
      return flagOverdueSafetyFollowUp(command, state, now);
    case 'RecordAssessment':
      return recordAssessment(command, state, now, config);
    case 'DecidePlacement':
      return decidePlacement(command, state, now, config);
    case 'AdmitClient':
      return admitClient(command, state, now, config);
  }
}

/** The intake decider, with a network's or site's config (defaults otherwise). */
export function intakeDecider(config: IntakeConfig = defaultIntakeConfig): Decider<IntakeCommand, IntakeEvent, IntakeClient> {
  return { decide: (command, state, now) => decide(command, state, now, config), evolve, initialState };
}

function requireRegistered(state: IntakeClient, action: string): void {
  if (state.status === 'none') throw new RuleBroken(`record the client's referral and register them before you ${action}`, 'not-referred');
  if (!isRegistered(state)) throw new RuleBroken(`register the client at a site before you ${action}`, 'not-registered');
}

function requireIntakeOpen(state: IntakeClient, action: string): void {
  if (state.status === 'admitted') {
    throw new RuleBroken(`the client is already admitted; to ${action} for a readmission, record a new referral first`, 'already-admitted');
  }
}

function receiveReferral(command: ReceiveReferral, state: IntakeClient, now: Date): IntakeEvent[] {
  const { referralId, source, reasonCode, previousEpisodeId } = command.data;
  if (state.status !== 'none' && state.status !== 'admitted') {
    throw new RuleBroken(
      `the client already has an intake in progress (status: ${state.status}, referral ${state.referral?.referralId}): continue that intake instead of opening another referral`,
      'intake-in-progress',
    );
  }
  const problems: ValidationProblem[] = [];
  if (isBlank(referralId)) problems.push({ field: 'referralId', message: 'give the referral an id' });
  if (!(REFERRAL_SOURCES as readonly string[]).includes(source)) {
    problems.push({ field: 'source', message: `give the referral source as one of ${REFERRAL_SOURCES.join(', ')}` });
  }
  if (isBlank(reasonCode)) problems.push({ field: 'reasonCode', message: 'give the referral reason code' });
  if (source === 'aftercare-re-entry' && isBlank(previousEpisodeId)) {
    problems.push({
      field: 'previousEpisodeId',
      message: 'an aftercare re-entry follows an earlier care episode: give its previousEpisodeId',
    });
  }
  if (problems.length > 0) refuseInvalid('the referral cannot be recorded', 'invalid-referral', problems);
  return [
    {
      type: 'ReferralReceived',
      data: {
        clientId: command.clientId,
        referralId,
        source,
        reasonCode,
        ...(previousEpisodeId ? { previousEpisodeId } : {}),
        receivedAt: now.toISOString(),
      },
    },
  ];
}

function registerClient(command: RegisterClient, state: IntakeClient, now: Date): IntakeEvent[] {
  if (state.status === 'none') throw new RuleBroken('record the referral before registering the client', 'not-referred');
  if (state.status !== 'referred') {
    throw new RuleBroken(
      `the client is already registered at site ${state.registration?.siteId} for this intake; carry on with consent and screening`,
      'already-registered',
    );
  }
  const { siteId, person, possibleDuplicateOf } = command.data;
  const problems = validatePerson(person, now);
  if (isBlank(siteId)) problems.unshift({ field: 'siteId', message: 'give the site at which the client registers' });
  if (!Array.isArray(possibleDuplicateOf) || possibleDuplicateOf.some((id) => isBlank(id))) {
    problems.push({
      field: 'possibleDuplicateOf',
      message: 'give the ids of possible duplicates found by the lookup (an empty list when none)',
    });
  }
  if (problems.length > 0) refuseInvalid('the client cannot be registered', 'invalid-registration', problems);
  // Possible duplicates are recorded for a person to review, never merged here.
  const duplicates = [...new Set(possibleDuplicateOf)].filter((id) => id !== command.clientId);
  return [
    {
      type: 'ClientRegistered',
      data: { clientId: command.clientId, siteId, person, possibleDuplicateOf: duplicates, registeredAt: now.toISOString() },
    },
  ];
}

function grantConsent(command: GrantConsent, state: IntakeClient, now: Date, config: IntakeConfig): IntakeEvent[] {
  requireRegistered(state, 'record a consent');
  const form: ConsentForm = { ...command.data, clientId: command.clientId };
  if (isBlank(form?.consentId)) throw new RuleBroken('give the consent an id', 'invalid-consent', { problems: [] });
  if (state.consents.some((consent) => consent.form.consentId === form.consentId)) {
    throw new RuleBroken(`consent ${form.consentId} is already recorded: give a new consent a new id`, 'consent-exists');
  }
  // The network's one consent rule (@continuum/consent): every element and statement of
  // 42 CFR 2.31 as amended in 2024, with 2.14 (minors) and 2.35 (criminal justice). A consent
  // missing any is not a consent; name every problem at once, each with its section.
  const problems = validateConsent(form, config.consent, now);
  if (problems.length > 0) {
    throw new RuleBroken(
      `the consent is not valid under 42 CFR Part 2; complete these elements: ${problems.map((p) => `${p.element} (${p.citation}: ${p.message})`).join('; ')}`,
      'invalid-consent',
      // Each problem names its element and, in its message, the section it answers to.
      { problems: problems.map(({ element, citation, message }) => ({ element, citation, message: `${citation}: ${message}` })) },
    );
  }
  return [{ type: 'ConsentGranted', data: { clientId: command.clientId, consent: form, grantedAt: now.toISOString() } }];
}

function revokeConsent(command: RevokeConsent, state: IntakeClient, now: Date): IntakeEvent[] {
  const { consentId, receivedVia, revokedOn } = command.data;
  const receivedAt = command.data.receivedAt ?? now.toISOString();
  const consent = state.consents.find((c) => c.form.consentId === consentId);
  if (!consent) throw new RuleBroken(`there is no consent ${consentId} for this client: check the consent id`, 'unknown-consent');
  if (consent.revocation) {
    throw new RuleBroken(
      `consent ${consentId} was already revoked: the revocation was received ${consent.revocation.receivedAt}; nothing more to do`,
      'consent-already-revoked',
    );
  }
  const problems: ValidationProblem[] = [];
  if (!(REVOCATION_CHANNELS as readonly string[]).includes(receivedVia)) {
    // 42 CFR 2.31(a)(6): the client is told they may revoke in writing.
    problems.push({
      field: 'receivedVia',
      message: `a revocation is made in writing: record how it was received (${REVOCATION_CHANNELS.join(', ')}), or ask the client to put it in writing`,
    });
  }
  // 42 CFR 2.31(a)(6): effective on receipt; the instant it reached the programme is what stops later disclosures.
  const received = Date.parse(receivedAt);
  if (typeof receivedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(receivedAt) || Number.isNaN(received)) {
    problems.push({
      field: 'receivedAt',
      message: 'give when the written revocation was received as an ISO 8601 instant, e.g. 2026-12-01T09:30:00Z',
    });
  } else if (received > now.getTime()) {
    problems.push({
      field: 'receivedAt',
      message: 'the revocation cannot have been received in the future: use when it reached the programme',
    });
  } else if (received < startOfDate(consent.form.signedOn)) {
    problems.push({
      field: 'receivedAt',
      message: `the revocation was received before the consent was signed (${consent.form.signedOn}): check the date`,
    });
  }
  if (revokedOn !== undefined && (!isCalendarDate(revokedOn) || startOfDate(revokedOn) > now.getTime())) {
    problems.push({ field: 'revokedOn', message: 'give the date written on the revocation as YYYY-MM-DD, not in the future' });
  }
  if (problems.length > 0) refuseInvalid('the revocation cannot be recorded', 'invalid-revocation', problems);
  return [
    {
      type: 'ConsentRevoked',
      data: {
        clientId: command.clientId,
        consentId,
        receivedAt: new Date(received).toISOString(),
        ...(revokedOn === undefined ? {} : { revokedOn }),
        receivedVia,
        recordedAt: now.toISOString(),
      },
    },
  ];
}

// Screening is open at intake and all through treatment (measurement-based care,
// docs/domain/screening.md#measurement-during-treatment): each screening keeps the day it was
// given, and during treatment one scored worse than the one before it is told to the plan.
function recordScreening(command: RecordScreening, state: IntakeClient, now: Date, config: IntakeConfig): IntakeEvent[] {
  requireRegistered(state, 'record a screening');
  const { screeningId, answers, followUpId, lateEntryReason } = command.data;
  if (isBlank(screeningId)) throw new RuleBroken('give the screening an id', 'invalid-screening-answers', { problems: [] });
  if (
    state.screenings.some((s) => s.screeningId === screeningId) ||
    (state.screeningsEnteredInError ?? []).some((s) => s.screeningId === screeningId)
  ) {
    throw new RuleBroken(`screening ${screeningId} is already recorded: give a new screening a new id`, 'screening-exists');
  }
  const siteId = state.registration!.siteId;
  const today = siteToday(now, siteId, config.factDates);
  const administeredOn = command.data.administeredOn ?? today;
  const problems = [
    ...validateScreeningAnswers(answers),
    ...factDateProblems(
      { date: administeredOn, ...(lateEntryReason === undefined ? {} : { lateEntryReason }) },
      { today, policy: config.factDates, field: 'administeredOn', what: 'the screening' },
    ),
  ];
  if (problems.length > 0)
    refuseInvalid(`the ${answers?.instrument ?? 'screening'} answers cannot be scored`, 'invalid-screening-answers', problems);

  const outcome = scoreScreening(answers, config.screening);
  const at = now.toISOString();
  const clientId = command.clientId;
  const lateEntry = lateEntryOf({ date: administeredOn, ...(lateEntryReason === undefined ? {} : { lateEntryReason }) }, today);
  const events: IntakeEvent[] = [
    { type: 'ScreeningRecorded', data: { clientId, screeningId, answers, outcome, administeredOn, ...lateEntry, recordedAt: at } },
  ];
  if (outcome.hasImminentSuicideRisk && !isOnSafetyHold(state)) {
    events.push({ type: 'SafetyHoldPlaced', data: { clientId, screeningId, instrument: 'C-SSRS', riskCategory: 'high', placedAt: at } });
  }
  // A suicide-risk signal is a clinician's work today. One follow-up at a time: a further signal
  // while one is open is evidence for it, not a second task.
  const signal = suicideRiskSignalOf(outcome);
  if (signal && !openSafetyFollowUp(state)) {
    if (isBlank(followUpId))
      throw new RuleBroken('give the id a safety follow-up opened by this screen takes', 'invalid-screening-answers', { problems: [] });
    events.push({
      type: 'SafetyFollowUpOpened',
      data: {
        clientId,
        followUpId,
        siteId: state.registration!.siteId,
        screeningId,
        instrument: outcome.instrument as 'PHQ-9' | 'C-SSRS',
        signal,
        ownerRole: config.safety.followUpOwnerRole,
        dueAt: followUpDueAt(now, config.safety),
        openedAt: at,
      },
    });
  }
  if (state.status === 'admitted') {
    const worsened = worseningOf({ screeningId, outcome, recordedAt: at, administeredOn }, state, config);
    if (worsened) events.push({ type: 'ScreeningWorsened', data: { clientId, siteId, ...worsened } });
  }
  for (const condition of newConditions(state, conditionsSuggestedBy(outcome))) {
    events.push({
      type: 'CoOccurringConditionIdentified',
      data: {
        clientId,
        condition,
        instrument: outcome.instrument,
        score: outcome.score,
        ...(outcome.band === undefined ? {} : { band: outcome.band }),
        evidenceId: screeningId,
        identifiedAt: at,
      },
    });
  }
  return events;
}

// Against the screening of the same instrument given before it in the episode (intake's own
// counts: the first is the baseline); none when nothing worsened.
function worseningOf(
  current: ScreeningRecord,
  state: IntakeClient,
  config: IntakeConfig,
): Omit<ScreeningWorsened['data'], 'clientId' | 'siteId'> | undefined {
  const previous = previousOf(state.screenings, current);
  const reasons = worseningReasons(current.outcome, previous?.outcome, config.measurement);
  if (reasons.length === 0) return undefined;
  const band = bandOf(current.outcome);
  const previousBand = previous ? bandOf(previous.outcome) : undefined;
  return {
    screeningId: current.screeningId,
    instrument: current.outcome.instrument,
    score: current.outcome.score,
    ...(band === undefined ? {} : { band }),
    ...(previous ? { previousScore: previous.outcome.score } : {}),
    ...(previousBand === undefined ? {} : { previousBand }),
    reasons,
    recordedAt: current.recordedAt,
  };
}

// Once per condition per episode of care: a repeat positive screen is evidence, not a new referral.
function newConditions(state: IntakeClient, suggested: CoOccurringCondition[]): CoOccurringCondition[] {
  return suggested.filter((condition) => !state.conditionsIdentified.includes(condition));
}

// A safety hold ends only here: a clinician's suicide-risk assessment and the safety plan made
// with the client, recorded together (docs/domain/screening.md#safety-hold). Placing or admitting
// the client at any level never ends it.
function recordSafetyPlan(command: RecordSafetyPlan, state: IntakeClient, now: Date): IntakeEvent[] {
  if (!isOnSafetyHold(state)) throw new RuleBroken('the client is not on a safety hold: there is nothing to release', 'no-safety-hold');
  const { safetyPlanId, clinicianId, suicideRiskAssessment } = command.data;
  const problems: ValidationProblem[] = [];
  if (isBlank(safetyPlanId)) problems.push({ field: 'safetyPlanId', message: 'give the id of the safety plan document' });
  if (isBlank(clinicianId)) problems.push({ field: 'clinicianId', message: 'record which clinician made the safety plan' });
  problems.push(...validateSuicideRiskAssessment(suicideRiskAssessment));
  if (problems.length > 0) refuseInvalid('the safety hold cannot end yet', 'invalid-safety-plan', problems);
  // Safer reading: a safety plan does not answer imminent risk; while the clinician still finds
  // high risk the hold stays, and with it admission at the safety level or above.
  if (suicideRiskAssessment.riskLevel === 'high') {
    throw new RuleBroken(
      'the suicide-risk assessment finds high (imminent) risk, so the safety hold stays: admit the client at the safety level or above, and record a new assessment and safety plan when the risk has come down',
      'suicide-risk-still-high',
      { problems: [{ field: 'suicideRiskAssessment.riskLevel', message: 'high risk keeps the hold' }] },
    );
  }
  return [
    {
      type: 'SafetyHoldReleased',
      data: {
        clientId: command.clientId,
        reason: 'safety-plan-recorded',
        safetyPlanId,
        clinicianId,
        suicideRiskAssessmentId: suicideRiskAssessment.assessmentId,
        assessmentMethod: suicideRiskAssessment.method,
        assessedRiskLevel: suicideRiskAssessment.riskLevel,
        releasedAt: now.toISOString(),
      },
    },
  ];
}

function findSafetyFollowUp(state: IntakeClient, followUpId: string): SafetyFollowUp {
  const followUp = state.safetyFollowUps.find((candidate) => candidate.followUpId === followUpId);
  if (!followUp)
    throw new RuleBroken(
      `there is no safety follow-up ${followUpId} for this client: check its id in the safety follow-up list`,
      'unknown-safety-follow-up',
    );
  return followUp;
}

function recordSafetyFollowUp(command: RecordSafetyFollowUp, state: IntakeClient, now: Date): IntakeEvent[] {
  const { followUpId, clinicianId, outcome, escalation, safetyPlanId } = command.data;
  const followUp = findSafetyFollowUp(state, followUpId);
  const problems = validateSafetyFollowUpRecord(command.data);
  if (isBlank(clinicianId)) problems.push({ field: 'clinicianId', message: 'record which clinician did the follow-up' });
  if (problems.length > 0) refuseInvalid('the safety follow-up cannot be recorded', 'invalid-safety-follow-up', problems);
  if (followUp.completion) {
    // The same record again (a resent form) changes nothing; a different one would rewrite what was done.
    if (followUp.completion.outcome === outcome) return [];
    throw new RuleBroken(
      `safety follow-up ${followUpId} was already recorded as ${followUp.completion.outcome} at ${followUp.completion.completedAt}: a new suicide-risk signal opens a new follow-up`,
      'safety-follow-up-already-recorded',
    );
  }
  let cssrsScreeningId: string | undefined;
  if (outcome === 'cssrs-completed') {
    // The screener the clinician did for this follow-up: recorded after the screen that opened it
    // (all of the current intake's, when that screen belongs to an earlier one).
    const openedBy = state.screenings.findIndex((s) => s.screeningId === followUp.screeningId);
    const cssrs = latestCssrs(state.screenings.slice(openedBy + 1));
    if (!cssrs) {
      throw new RuleBroken(
        'no C-SSRS screener is recorded since the follow-up opened: record the screener (POST the C-SSRS answers as a screening) first, then the follow-up',
        'cssrs-not-recorded',
        { problems: [{ field: 'outcome', message: 'record the C-SSRS screener before naming it as the follow-up' }] },
      );
    }
    // Safer reading: a screener that finds moderate or high risk is the start of the work, not its end.
    if (cssrs.outcome.category === 'moderate' || cssrs.outcome.category === 'high') {
      throw new RuleBroken(
        `the C-SSRS screener recorded since (${cssrs.screeningId}) found ${cssrs.outcome.category} risk: record a safety plan made with the client, or an escalation, as the follow-up`,
        'suicide-risk-needs-plan-or-escalation',
        { problems: [{ field: 'outcome', message: `${cssrs.outcome.category} risk needs safety-plan-made or escalated` }] },
      );
    }
    cssrsScreeningId = cssrs.screeningId;
  }
  return [
    {
      type: 'SafetyFollowUpCompleted',
      data: {
        clientId: command.clientId,
        followUpId,
        outcome,
        ...(cssrsScreeningId === undefined ? {} : { cssrsScreeningId }),
        ...(outcome === 'safety-plan-made' ? { safetyPlanId } : {}),
        ...(outcome === 'escalated' ? { escalation: { to: escalation!.to, reason: escalation!.reason.trim() } } : {}),
        clinicianId,
        completedAt: now.toISOString(),
      },
    },
  ];
}

// Once, when the due time has passed with nothing recorded; a tick before it, after it was
// recorded or after it was flagged decides nothing (docs/architecture/time.md#deadlines).
function flagOverdueSafetyFollowUp(command: FlagOverdueSafetyFollowUp, state: IntakeClient, now: Date): IntakeEvent[] {
  const followUp = findSafetyFollowUp(state, command.data.followUpId);
  if (followUp.completion || followUp.overdueFlaggedAt || now.getTime() < Date.parse(followUp.dueAt)) return [];
  return [
    {
      type: 'SafetyFollowUpOverdue',
      data: {
        clientId: command.clientId,
        followUpId: followUp.followUpId,
        siteId: followUp.siteId,
        dueAt: followUp.dueAt,
        flaggedAt: now.toISOString(),
      },
    },
  ];
}

function recordAssessment(command: RecordAssessment, state: IntakeClient, now: Date, config: IntakeConfig): IntakeEvent[] {
  requireRegistered(state, 'record an assessment');
  requireIntakeOpen(state, 'assess the client');
  requireRecentCssrs(state, now, config);
  const problems = validateAssessment(command.data);
  if (problems.length > 0) refuseInvalid('the assessment cannot be recorded', 'invalid-assessment', problems);
  // Recorded as the rules read it: a substance given by its DSM-5 criteria count carries the severity the count makes.
  const assessment = withSeverities(command.data);

  const at = now.toISOString();
  const clientId = command.clientId;
  const recommendation = recommendPlacement({ assessment, isOnSafetyHold: isOnSafetyHold(state) }, config);
  const events: IntakeEvent[] = [
    { type: 'AssessmentRecorded', data: { clientId, assessment, recordedAt: at } },
    { type: 'PlacementRecommended', data: { clientId, assessmentId: assessment.assessmentId, ...recommendation, recommendedAt: at } },
  ];
  if (assessment.reportsTrauma) {
    for (const condition of newConditions(state, ['trauma'])) {
      events.push({
        type: 'CoOccurringConditionIdentified',
        data: { clientId, condition, instrument: 'assessment', score: null, evidenceId: assessment.assessmentId, identifiedAt: at },
      });
    }
  }
  return events;
}

// Posner et al. 2011 (the Columbia Lighthouse Project's screener with triage): suicide risk is
// screened before a level of care is chosen, and again when it may be out of date.
function requireRecentCssrs(state: IntakeClient, now: Date, config: IntakeConfig): void {
  const window = config.safety.cssrsValidForHours;
  const cssrs = latestCssrs(state.screenings);
  if (!cssrs) {
    throw new RuleBroken(
      `record a C-SSRS screener before the assessment: none is recorded for this intake, and the assessment needs one from the ${window} hours before it`,
      'cssrs-required',
      {
        cssrsValidForHours: window,
        problems: [{ field: 'C-SSRS', message: `record a C-SSRS screener within ${window} hours before the assessment` }],
      },
    );
  }
  if (!isCssrsRecent(cssrs, now, config.safety)) {
    throw new RuleBroken(
      `record the C-SSRS screener again before the assessment: the last one (${cssrs.recordedAt}) is more than ${window} hours old`,
      'cssrs-required',
      {
        cssrsValidForHours: window,
        lastCssrsAt: cssrs.recordedAt,
        problems: [{ field: 'C-SSRS', message: `the last C-SSRS screener is more than ${window} hours old` }],
      },
    );
  }
}

function decidePlacement(command: DecidePlacement, state: IntakeClient, now: Date, config: IntakeConfig): IntakeEvent[] {
  requireIntakeOpen(state, 'decide a placement');
  if (state.status !== 'assessed' && state.status !== 'placed') {
    throw new RuleBroken('record the assessment before deciding the placement: the recommendation comes from it', 'not-assessed');
  }
  const { placementId, level, clinicianId, varianceReason } = command.data;
  const recommendation = state.recommendation!;
  const problems: ValidationProblem[] = [];
  if (isBlank(placementId)) problems.push({ field: 'placementId', message: 'give the placement decision an id' });
  if (isBlank(clinicianId)) problems.push({ field: 'clinicianId', message: 'record which clinician decided the placement' });
  if (!level) problems.push({ field: 'level', message: 'give the level of care with its ASAM edition, e.g. { code: "2.1", edition: 3 }' });
  if (problems.length > 0) refuseInvalid('the placement cannot be decided', 'invalid-placement', problems);
  findLevel(level, config.levels);

  const isVariance = !isSameLevel(level, recommendation.level);
  if (isVariance && isBlank(varianceReason)) {
    throw new RuleBroken(
      `level ${describeLevel(level, config.levels)} differs from the recommended ${describeLevel(recommendation.level, config.levels)}: give the clinical reason for the variance`,
      'variance-needs-reason',
      { recommendedLevel: recommendation.level },
    );
  }
  return [
    {
      type: 'PlacementDecided',
      data: {
        clientId: command.clientId,
        placementId,
        assessmentId: recommendation.assessmentId,
        level,
        recommendedLevel: recommendation.level,
        clinicianId,
        ...(isVariance ? { variance: { reason: varianceReason!.trim() } } : {}),
        decidedAt: now.toISOString(),
      },
    },
  ];
}

function admitClient(command: AdmitClient, state: IntakeClient, now: Date, config: IntakeConfig): IntakeEvent[] {
  if (state.status === 'admitted') {
    throw new RuleBroken(
      `the client is already admitted (admission ${lastAdmission(state)?.admissionId}): a readmission starts with a new referral`,
      'already-admitted',
    );
  }
  if (state.status !== 'placed') {
    throw new RuleBroken(`decide the placement before admitting the client (status now: ${state.status})`, 'not-placed');
  }
  const placement = state.placement!;
  const { admissionId, level, siteId, track, startDate } = command.data;
  const problems: ValidationProblem[] = [];
  if (isBlank(admissionId)) problems.push({ field: 'admissionId', message: 'give the admission an id' });
  if (isBlank(siteId)) problems.push({ field: 'siteId', message: 'give the site that admits the client' });
  if (!(ADMISSION_TRACKS as readonly string[]).includes(track))
    problems.push({ field: 'track', message: `give the track as one of ${ADMISSION_TRACKS.join(', ')}` });
  if (!isCalendarDate(startDate)) problems.push({ field: 'startDate', message: 'give the start date as YYYY-MM-DD' });
  if (!level || typeof level.code !== 'string') problems.push({ field: 'level', message: 'give the level of care with its edition' });
  if (problems.length > 0) refuseInvalid('the admission cannot be recorded', 'invalid-admission', problems);

  if (!isSameLevel(level, placement.level)) {
    throw new RuleBroken(
      `the placement decided is ${describeLevel(placement.level, config.levels)}, not ${describeLevel(level, config.levels)}: admit at the decided level, or record a new placement decision first`,
      'level-differs-from-placement',
    );
  }
  // Compared on the catalogue's one intensity scale, so across editions.
  if (isOnSafetyHold(state) && !isAtOrAbove(level, config.safety.safetyLevel, config.levels)) {
    const safetyLevel = describeLevel(config.safety.safetyLevel, config.levels);
    throw new RuleBroken(
      `the client is on a safety hold after an imminent suicide risk screen: admit at the network's safety level ${safetyLevel} or above, or first have a clinician record a suicide-risk assessment and a safety plan, which ends the hold`,
      'safety-hold',
      { safetyLevel: config.safety.safetyLevel },
    );
  }
  const at = now.toISOString();
  const clientId = command.clientId;
  const previous = lastAdmission(state);
  const events: IntakeEvent[] = [
    {
      type: 'ClientAdmitted',
      data: {
        clientId,
        admissionId,
        level,
        siteId,
        track,
        startDate,
        assessmentId: placement.assessmentId,
        placementId: placement.placementId,
        referralId: state.referral!.referralId,
        // A placed client was registered before screening: the date of birth is known.
        population: populationOn(state.registration!.person.dateOfBirth, startDate),
        ...(state.referral?.previousEpisodeId ? { previousEpisodeId: state.referral.previousEpisodeId } : {}),
        ...(previous ? { previousAdmissionId: previous.admissionId } : {}),
        admittedAt: at,
      },
    },
  ];
  // The hold stays with the admitted client: only a suicide-risk assessment and a safety plan end it.
  return events;
}
