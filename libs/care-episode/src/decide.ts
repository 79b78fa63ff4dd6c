import { type Decider, RuleBroken } from '@continuum/decider';
import { type CalendarDate, calendarDateOf, isCalendarDate } from './calendar-date.js';
import { DEFAULT_FACT_DATE_POLICY, type FactDatePolicy, factDateProblems, lateEntryOf, siteToday, startsAfter } from './fact-dates.js';
import {
  DISCHARGE_DISPOSITIONS,
  type DecidedBy,
  type DischargeDisposition,
  EVIDENCE_KINDS,
  type Episode,
  type EpisodeEvent,
  type EpisodeFacts,
  type EvidenceReference,
  type AuthorizedAmount,
  LEVEL_CHANGE_REASONS,
  type LevelChangeReasonCode,
  type Reason,
  SITE_TRANSFER_REASONS,
  type SiteTransferReasonCode,
  evolveEpisode,
  initialEpisode,
} from './episode.js';
import {
  DEFAULT_LEVEL_CATALOGUE,
  type LevelCatalogue,
  type LevelOfCare,
  classifyChange,
  describeLevel,
  findLevel,
  isAtOrAbove,
  isSameLevel,
  levelOf,
} from './levels.js';
import {
  DEFAULT_SAFETY_HOLD_POLICY,
  type LiftSafetyHold,
  type NoteSafetyHold,
  type SafetyHold,
  type SafetyHoldPolicy,
  holdToLift,
  holdToNote,
} from './safety-hold.js';

// The rules of the ledger. The treatment-plan service is its only writer: it loads the
// episode stream, folds it, calls `decide`, and appends with the expected revision.
// "At most one open episode per client" spans streams and is kept by the client-stream
// decider (client-episodes.ts), which the writer consults before OpenEpisode.

export type OpenEpisode = {
  type: 'OpenEpisode';
  data: {
    episodeId: string;
    clientId: string;
    level: LevelOfCare;
    siteId: string;
    programmeId: string;
    track?: string;
    openedBy: DecidedBy;
    assessmentId: string;
    admissionId: string;
    /** Defaults to the day of `now`. May lie ahead: intake admits on Friday for a Monday start. */
    startDate?: CalendarDate;
    /** From the client stream's EpisodeStarted, on a readmission. */
    previousEpisodeId?: string;
    /** The client's safety hold, from the client stream, when the client is held as the episode opens. */
    safetyHold?: SafetyHold;
  };
};

export type ChangeLevelOfCare = {
  type: 'ChangeLevelOfCare';
  data: {
    /** The level the clinician saw when deciding; a stale one is refused, never overwritten. */
    from: LevelOfCare;
    to: LevelOfCare;
    reason: Reason<LevelChangeReasonCode>;
    evidence: EvidenceReference[];
    decidedBy: DecidedBy;
    /** Defaults to today at the site; an earlier day is a late entry (fact-dates.ts). */
    effectiveDate?: CalendarDate;
    lateEntryReason?: string;
  };
};

export type RecordAuthorizedLevel = {
  type: 'RecordAuthorizedLevel';
  data: {
    level: LevelOfCare;
    amount: AuthorizedAmount;
    throughDate: CalendarDate;
    payerReference: string;
    recordedBy: DecidedBy;
  };
};

export type TransferSite = {
  type: 'TransferSite';
  data: {
    toSiteId: string;
    reason: Reason<SiteTransferReasonCode>;
    decidedBy: DecidedBy;
    /** Defaults to today at the site; an earlier day is a late entry (fact-dates.ts). */
    effectiveDate?: CalendarDate;
    lateEntryReason?: string;
  };
};

export type DischargeEpisode = {
  type: 'DischargeEpisode';
  data: {
    disposition: DischargeDisposition;
    dischargeSummaryRef: string;
    dischargedBy: DecidedBy;
    /** Defaults to today at the site; an earlier day is a late entry (fact-dates.ts). */
    date?: CalendarDate;
    lateEntryReason?: string;
  };
};

export type EpisodeCommand =
  OpenEpisode | ChangeLevelOfCare | RecordAuthorizedLevel | TransferSite | DischargeEpisode | NoteSafetyHold | LiftSafetyHold;

type OpenState = Extract<Episode, { status: 'open' }>;

export function decideEpisode(
  command: EpisodeCommand,
  state: Episode,
  now: Date,
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
  dates: FactDatePolicy = DEFAULT_FACT_DATE_POLICY,
  safety: SafetyHoldPolicy = DEFAULT_SAFETY_HOLD_POLICY,
): EpisodeEvent[] {
  if (command.type === 'OpenEpisode') return open(command.data, state, now, catalogue);
  if (command.type === 'NoteSafetyHold' || command.type === 'LiftSafetyHold') return noteOrLiftHold(command, state);
  const episode = requireOpen(state, command.type);
  const today = siteToday(now, episode.siteId, dates);
  switch (command.type) {
    case 'ChangeLevelOfCare':
      return changeLevel(command.data, episode, { today, dates }, catalogue, safety);
    case 'RecordAuthorizedLevel':
      return recordAuthorization(command.data, episode, now, catalogue);
    case 'TransferSite':
      return transferSite(command.data, episode, { today, dates }, catalogue, safety);
    case 'DischargeEpisode':
      return discharge(command.data, episode, { today, dates });
  }
}

/**
 * The ledger over a given catalogue (a network's or a site's, with its overrides), the
 * network's rule for dating facts and its safety level for clients on a safety hold.
 */
export function createCareEpisodeDecider(
  catalogue: LevelCatalogue = DEFAULT_LEVEL_CATALOGUE,
  dates: FactDatePolicy = DEFAULT_FACT_DATE_POLICY,
  safety: SafetyHoldPolicy = DEFAULT_SAFETY_HOLD_POLICY,
): Decider<EpisodeCommand, EpisodeEvent, Episode> {
  return {
    decide: (command, state, now) => decideEpisode(command, state, now, catalogue, dates, safety),
    evolve: evolveEpisode,
    initialState: initialEpisode,
  };
}

export const careEpisode: Decider<EpisodeCommand, EpisodeEvent, Episode> = createCareEpisodeDecider();

function open(data: OpenEpisode['data'], state: Episode, now: Date, catalogue: LevelCatalogue): EpisodeEvent[] {
  if (state.status === 'discharged') {
    throw new RuleBroken(
      `episode ${state.episodeId} was discharged on ${state.dischargeDate} and cannot open again: a readmission opens a new episode with a new id`,
      'episode-already-opened',
      { episodeId: state.episodeId },
    );
  }
  if (state.status === 'open') {
    throw new RuleBroken(
      `episode ${state.episodeId} is already open since ${state.startDate}: change its level of care instead, or open a new episode with a new id`,
      'episode-already-opened',
      { episodeId: state.episodeId },
    );
  }
  findLevel(data.level, catalogue);
  const startDate = dateOrToday(data.startDate, now, 'startDate');
  if (data.previousEpisodeId === data.episodeId) {
    throw new RuleBroken(
      `a readmission opens a new episode: previousEpisodeId must name the client's earlier episode, not ${data.episodeId} itself`,
      'readmission-links-itself',
    );
  }
  // A hold the client already had opens with the episode. An admission below the safety level
  // is still recorded: it is intake's decision, already made, and intake is where admission is
  // gated; refusing to record it would leave a client in care without a ledger or a plan. The
  // episode view shows the client below the safety level, and the next level change must reach it.
  const held = data.safetyHold === undefined ? undefined : holdToNote(undefined, data.safetyHold);
  const { track, previousEpisodeId } = data;
  const opened: EpisodeEvent = {
    type: 'EpisodeOpened',
    data: {
      episodeId: data.episodeId,
      clientId: data.clientId,
      level: levelOf(data.level),
      siteId: data.siteId,
      programmeId: data.programmeId,
      ...(track === undefined ? {} : { track }),
      openedBy: actorOf(data.openedBy),
      assessmentId: data.assessmentId,
      admissionId: data.admissionId,
      startDate,
      ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }),
    },
  };
  return held ? [opened, { type: 'SafetyHoldNoted', data: { episodeId: data.episodeId, clientId: data.clientId, ...held } }] : [opened];
}

/**
 * Intake's hold, noted on (or lifted from) the open episode. A discharged episode takes
 * nothing: the hold stays on the client's claim stream, and their next episode opens with it.
 */
function noteOrLiftHold(command: NoteSafetyHold | LiftSafetyHold, state: Episode): EpisodeEvent[] {
  if (state.status === 'discharged') return [];
  const episode = requireOpen(state, command.type);
  if (command.data.clientId !== episode.clientId) {
    throw new RuleBroken(
      `episode ${episode.episodeId} is not client ${command.data.clientId}'s: note the hold on the client's own open episode`,
      'not-the-clients-episode',
      {
        episodeId: episode.episodeId,
      },
    );
  }
  const { episodeId, clientId } = episode;
  if (command.type === 'NoteSafetyHold') {
    const hold = holdToNote(episode.safetyHold, command.data.hold);
    return hold ? [{ type: 'SafetyHoldNoted', data: { episodeId, clientId, ...hold } }] : [];
  }
  const lift = holdToLift(episode.safetyHold, command.data.release);
  return lift ? [{ type: 'SafetyHoldLifted', data: { episodeId, clientId, ...lift } }] : [];
}

/** Today on the episode site's calendar and the network's rule for dating what happened. */
type FactDay = { today: CalendarDate; dates: FactDatePolicy };

function changeLevel(
  data: ChangeLevelOfCare['data'],
  episode: OpenState,
  day: FactDay,
  catalogue: LevelCatalogue,
  safety: SafetyHoldPolicy,
): EpisodeEvent[] {
  findLevel(data.from, catalogue);
  findLevel(data.to, catalogue);
  if (!isSameLevel(data.from, episode.level)) {
    throw new RuleBroken(
      `the client is at ${describeLevel(episode.level, catalogue)}, not ${describeLevel(data.from, catalogue)}: re-read the episode and change from its current level`,
      'not-at-level',
      { currentLevel: episode.level, from: data.from },
    );
  }
  if (isSameLevel(data.to, episode.level)) {
    throw new RuleBroken(
      `the client is already at ${describeLevel(episode.level, catalogue)}: choose a different level, or leave the level as it is`,
      'same-level',
      { currentLevel: episode.level },
    );
  }
  requireSafetyLevel(data.to, episode, safety, catalogue, 'change');
  requireKnown(data.reason.code, LEVEL_CHANGE_REASONS, 'reason code');
  // A level change is a clinical decision, and every clinical decision says on what evidence
  // it was made (docs/domain/compliance.md#who-when-why-on-what-evidence).
  if (data.evidence.length === 0) {
    throw new RuleBroken(
      'a level-of-care change is a clinical decision: cite at least one assessment, screening, drug test or review as evidence',
      'evidence-required',
    );
  }
  for (const evidence of data.evidence) requireKnown(evidence.kind, EVIDENCE_KINDS, 'evidence kind');
  const effectiveDate = requireFactDate(
    { date: data.effectiveDate, lateEntryReason: data.lateEntryReason },
    day,
    'effectiveDate',
    'the level change',
  );
  requireNotBefore(effectiveDate, episode, 'the level change');
  return [
    {
      type: 'LevelOfCareChanged',
      data: {
        episodeId: episode.episodeId,
        from: levelOf(episode.level),
        to: levelOf(data.to),
        direction: classifyChange(episode.level, data.to, catalogue),
        reason: reasonOf(data.reason),
        evidence: data.evidence.map(({ kind, id }) => ({ kind, id })),
        decidedBy: actorOf(data.decidedBy),
        effectiveDate,
        ...lateEntryOf({ date: effectiveDate, lateEntryReason: data.lateEntryReason }, day.today),
      },
    },
  ];
}

function recordAuthorization(
  data: RecordAuthorizedLevel['data'],
  episode: OpenState,
  now: Date,
  catalogue: LevelCatalogue,
): EpisodeEvent[] {
  findLevel(data.level, catalogue);
  if (!Number.isInteger(data.amount.quantity) || data.amount.quantity <= 0) {
    throw new RuleBroken(
      `an authorisation covers a whole, positive number of ${data.amount.unit}, not ${String(data.amount.quantity)}: enter the figure on the payer's letter`,
      'invalid-authorized-amount',
    );
  }
  if (data.amount.unit !== 'days' && data.amount.unit !== 'units') {
    throw new RuleBroken(`an authorisation is counted in days or units, not ${String(data.amount.unit)}`, 'invalid-authorized-amount');
  }
  const throughDate = requireDate(data.throughDate, 'throughDate');
  if (throughDate < episode.startDate) {
    throw new RuleBroken(
      `the authorisation ends on ${throughDate}, before the episode began on ${episode.startDate}: check the through date on the payer's authorisation`,
      'authorization-before-episode',
    );
  }
  return [
    {
      type: 'AuthorizedLevelRecorded',
      data: {
        episodeId: episode.episodeId,
        level: levelOf(data.level),
        amount: { quantity: data.amount.quantity, unit: data.amount.unit },
        throughDate,
        payerReference: data.payerReference,
        recordedBy: actorOf(data.recordedBy),
        recordedOn: calendarDateOf(now),
      },
    },
  ];
}

function transferSite(
  data: TransferSite['data'],
  episode: OpenState,
  day: FactDay,
  catalogue: LevelCatalogue,
  safety: SafetyHoldPolicy,
): EpisodeEvent[] {
  if (data.toSiteId === episode.siteId) {
    throw new RuleBroken(
      `the episode is already at site ${episode.siteId}: choose another site of the network to transfer to`,
      'same-site',
      { siteId: episode.siteId },
    );
  }
  // A transfer places the client at the new site at the level they are at: under a hold it is
  // a placement like any other, so a client below the safety level moves only once stepped up.
  requireSafetyLevel(episode.level, episode, safety, catalogue, 'transfer');
  requireKnown(data.reason.code, SITE_TRANSFER_REASONS, 'transfer reason code');
  const effectiveDate = requireFactDate(
    { date: data.effectiveDate, lateEntryReason: data.lateEntryReason },
    day,
    'effectiveDate',
    'the transfer',
  );
  requireNotBefore(effectiveDate, episode, 'the transfer');
  return [
    {
      type: 'SiteTransferred',
      data: {
        episodeId: episode.episodeId,
        fromSiteId: episode.siteId,
        toSiteId: data.toSiteId,
        reason: reasonOf(data.reason),
        decidedBy: actorOf(data.decidedBy),
        effectiveDate,
        ...lateEntryOf({ date: effectiveDate, lateEntryReason: data.lateEntryReason }, day.today),
      },
    },
  ];
}

function discharge(data: DischargeEpisode['data'], episode: OpenState, day: FactDay): EpisodeEvent[] {
  requireKnown(data.disposition, DISCHARGE_DISPOSITIONS, 'discharge disposition');
  if (!data.dischargeSummaryRef) {
    throw new RuleBroken(
      'a discharge needs the reference of its discharge summary: save the summary first, then discharge with its id',
      'discharge-summary-required',
    );
  }
  const date = requireFactDate({ date: data.date, lateEntryReason: data.lateEntryReason }, day, 'date', 'the discharge');
  // A client admitted for a later start who never came, with nothing recorded since, is
  // discharged on the day it is known.
  const neverBegan = episode.lastEffectiveDate === episode.startDate && startsAfter(episode.startDate, day.today);
  if (!neverBegan) requireNotBefore(date, episode, 'the discharge');
  return [
    {
      type: 'EpisodeDischarged',
      data: {
        episodeId: episode.episodeId,
        disposition: data.disposition,
        dischargeSummaryRef: data.dischargeSummaryRef,
        dischargedBy: actorOf(data.dischargedBy),
        date,
        ...lateEntryOf({ date, lateEntryReason: data.lateEntryReason }, day.today),
      },
    },
  ];
}

function requireOpen(state: Episode, commandType: EpisodeCommand['type']): OpenState {
  if (state.status === 'not-opened') {
    throw new RuleBroken(
      `this episode has not been opened, so ${commandType} cannot apply: open the episode from intake's admission decision first`,
      'episode-not-opened',
    );
  }
  if (state.status === 'discharged') {
    throw new RuleBroken(
      `episode ${state.episodeId} was discharged on ${state.dischargeDate} (${state.disposition}) and takes no more entries: to continue care, readmit the client into a new episode`,
      'episode-discharged',
      { episodeId: state.episodeId },
    );
  }
  return state;
}

/**
 * While intake's safety hold lasts, every level change — a step-down, a lateral re-coding, a
 * step-up that stops short — and every transfer keeps the client at or above the network's
 * safety level (default 3.7), compared by intensity rank so that both ASAM editions are read
 * alike (docs/domain/levels-of-care.md#the-safety-level). The hold ends only in intake, when a
 * clinician records a suicide-risk assessment and a safety plan; then the change is allowed.
 */
function requireSafetyLevel(
  level: LevelOfCare,
  episode: OpenState,
  safety: SafetyHoldPolicy,
  catalogue: LevelCatalogue,
  what: 'change' | 'transfer',
): void {
  const hold = episode.safetyHold;
  if (!hold || isAtOrAbove(level, safety.safetyLevel, catalogue)) return;
  const safetyLevel = describeLevel(safety.safetyLevel, catalogue);
  const held = `the client is on a safety hold (${hold.instrument} ${hold.riskCategory} risk, screening ${hold.screeningId})`;
  const fault =
    what === 'change'
      ? `${held}: while it lasts a level change must keep them at or above the network's safety level, ${safetyLevel}, and ${describeLevel(level, catalogue)} is below it`
      : `${held} and at ${describeLevel(level, catalogue)}, below the network's safety level, ${safetyLevel}: a transfer would place them at the new site below it`;
  const instead =
    what === 'change' ? `choose ${safetyLevel} or a more intensive level` : `step the client up to ${safetyLevel} or above first`;
  throw new RuleBroken(
    `${fault}. Either ${instead}, or have a clinician record a suicide-risk assessment and a safety plan for the client in intake: that ends the hold, and then this ${what} can be made`,
    'below-safety-level',
    {
      level: levelOf(level),
      safetyLevel: levelOf(safety.safetyLevel),
      safetyHold: { screeningId: hold.screeningId, placedAt: hold.placedAt },
      endsWhen: 'safety-plan-recorded',
    },
  );
}

// The ledger is read in order: an entry dated before the one it follows would make the
// timeline run backwards, so a late correction is recorded as a new, later entry instead.
function requireNotBefore(date: CalendarDate, episode: EpisodeFacts, what: string): void {
  if (date < episode.lastEffectiveDate) {
    throw new RuleBroken(
      `${what} is dated ${date}, before the episode's last recorded change on ${episode.lastEffectiveDate}: date it on or after ${episode.lastEffectiveDate}`,
      'date-before-last-change',
      { date, lastEffectiveDate: episode.lastEffectiveDate },
    );
  }
}

/** The fact's date (today at the site when left out) once the network's rule for dating facts holds. */
function requireFactDate(
  fact: { date?: CalendarDate; lateEntryReason?: string },
  { today, dates }: FactDay,
  field: string,
  what: string,
): CalendarDate {
  const date = fact.date ?? today;
  const problems = factDateProblems({ ...fact, date }, { today, policy: dates, field, what });
  if (problems.length > 0) {
    throw new RuleBroken(
      `${what} cannot be recorded: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
      'invalid-fact-date',
      { problems },
    );
  }
  return date;
}

function dateOrToday(date: CalendarDate | undefined, now: Date, field: string): CalendarDate {
  return date === undefined ? calendarDateOf(now) : requireDate(date, field);
}

function requireDate(date: CalendarDate, field: string): CalendarDate {
  if (!isCalendarDate(date)) {
    throw new RuleBroken(`${field} ${String(date)} is not a calendar day: give it as YYYY-MM-DD`, 'invalid-date', { field });
  }
  return date;
}

function requireKnown(value: string, known: readonly string[], what: string): void {
  if (!known.includes(value)) {
    throw new RuleBroken(`${what} ${String(value)} is not one we record: use one of ${known.join(', ')}`, 'unknown-code', { value, known });
  }
}

// Events are built field by field rather than spread from the command, so that nothing a
// caller adds (a name, a free-text note) can ride along into the legal record.
function reasonOf<Code extends string>({ code, reference }: Reason<Code>): Reason<Code> {
  return reference === undefined ? { code } : { code, reference };
}

function actorOf({ userId, role }: DecidedBy): DecidedBy {
  return { userId, role };
}
