// The schemas of the treatment-plan service's successful answers, for its OpenAPI document
// (docs/architecture/security.md#the-openapi-document). Each names the fields a client reads
// at the top of the answer and their types; what the plan's rules fold inside (its goals,
// sessions, tests, medications, the ledger's timeline) are objects as the deciders fold them.
import { type SchemaObject } from '@nestjs/swagger';
import { appendedEventsSchema, dateSchema, listPageSchema, nullableSchema, uuidSchema } from '@continuum/platform';

const text: SchemaObject = { type: 'string' };
const flag: SchemaObject = { type: 'boolean' };
const count: SchemaObject = { type: 'integer', minimum: 0 };
const days: SchemaObject = { type: 'integer' };
/** Clients ÷ places, to three decimals: above 1 when over capacity. */
const ratio: SchemaObject = { type: 'number', minimum: 0 };
const record: SchemaObject = { type: 'object', description: 'As the plan or ledger decider folds it.' };
const records: SchemaObject = { type: 'array', items: record };
const levelOfCare: SchemaObject = {
  type: 'object',
  required: ['edition', 'code'],
  properties: { edition: { type: 'integer' }, code: text },
};
const planStatus: SchemaObject = { type: 'string', enum: ['draft', 'active', 'revision-required', 'closed'] };
const episodeStatus: SchemaObject = { type: 'string', enum: ['open', 'discharged'] };

function object(required: string[], properties: Record<string, SchemaObject>): SchemaObject {
  return { type: 'object', required, properties };
}

/** A list page with fields of its own beside `items` and `nextCursor` (e.g. the day it was read). */
function pageOf(item: SchemaObject, required: string[], properties: Record<string, SchemaObject>): SchemaObject {
  const page = listPageSchema(item);
  return { ...page, required: [...required, ...(page.required ?? [])], properties: { ...properties, ...page.properties } };
}

/** Every write: what it concerns, the ids it created, the events it appended (ids and types). */
function written(required: string[], properties: Record<string, SchemaObject>): SchemaObject {
  return object([...required, 'events'], { ...properties, events: appendedEventsSchema });
}

/** A goal's id: a uuid for one a clinician added, `integrated-care-<referral id>` for one a dual-diagnosis referral added. */
const goalId: SchemaObject = {
  ...text,
  description: 'A uuid, or `integrated-care-<referral id>` for the goal a completed referral added.',
};

/**
 * Every write on a plan: the plan id, the id of what it created or changed (one of them), the
 * plan's status after it.
 */
export const PLAN_CHANGED = written(['planId', 'status'], {
  planId: uuidSchema,
  status: planStatus,
  problemId: uuidSchema,
  goalId,
  objectiveId: uuidSchema,
  interventionId: uuidSchema,
  sessionId: uuidSchema,
  weekStart: dateSchema,
  reportId: uuidSchema,
  relapseId: uuidSchema,
  requestId: uuidSchema,
  medicationId: uuidSchema,
  checkId: uuidSchema,
  naloxoneId: uuidSchema,
  testId: uuidSchema,
});

export const LEVEL_CHANGED = written(['episodeId', 'level'], { episodeId: uuidSchema, level: levelOfCare });
/** A write on the ledger that changes neither its level nor its status as the answer shows it. */
export const EPISODE_CHANGED = written(['episodeId'], { episodeId: uuidSchema });
export const CARE_TEAM = written(['episodeId', 'members'], {
  episodeId: uuidSchema,
  members: {
    type: 'array',
    items: object(['userId', 'teamRole'], {
      userId: text,
      teamRole: { type: 'string', enum: ['clinician', 'prescriber', 'case-manager', 'nurse'] },
    }),
  },
});
export const DISCHARGED = written(['episodeId', 'status'], { episodeId: uuidSchema, status: episodeStatus });

const week = object(['weekStart', 'hours', 'minimum', 'individualSessions', 'individualSessionsMinimum'], {
  weekStart: dateSchema,
  hours: { type: 'number', minimum: 0 },
  minimum: nullableSchema({ type: 'number' }),
  individualSessions: count,
  individualSessionsMinimum: nullableSchema(count),
});

export const PLAN: SchemaObject = object(
  [
    'plan',
    'asOf',
    'sobriety',
    'medications',
    'toxicology',
    'dischargeReadiness',
    'weeks',
    'stepUp',
    'isReviewOverdue',
    'reviewNeeded',
    'lengthOfStay',
  ],
  {
    plan: object(['status', 'planId', 'episodeId', 'clientId', 'siteId', 'level'], {
      status: planStatus,
      planId: uuidSchema,
      episodeId: uuidSchema,
      clientId: uuidSchema,
      siteId: text,
      level: levelOfCare,
    }),
    asOf: dateSchema,
    sobriety: object(['days', 'evidencedDays', 'since'], { days: count, evidencedDays: count, since: dateSchema }),
    medications: object(['current', 'pdmp'], {
      current: records,
      pdmp: object(['overdue'], { lastCheckedOn: dateSchema, nextDueBy: dateSchema, overdue: flag }),
    }),
    toxicology: object(['useEpisodes', 'reviewFlags'], { useEpisodes: records, reviewFlags: records }),
    dischargeReadiness: object(['ready', 'soberDays', 'soberSince', 'openGoals', 'conditions'], {
      ready: flag,
      soberDays: count,
      calendarSoberDays: count,
      soberSince: dateSchema,
      openGoals: count,
      openGoalIds: { type: 'array', items: text },
      conditions: records,
    }),
    weeks: object(['current', 'previous'], { current: week, previous: week }),
    stepUp: object(['recommended', 'reasons', 'windowDays'], { recommended: flag, reasons: records, windowDays: count, episodes: count }),
    isReviewOverdue: flag,
    reviewNeeded: object(['isReviewNeeded', 'since', 'suggestion', 'currentLevel', 'recommendations'], {
      isReviewNeeded: flag,
      since: nullableSchema(dateSchema),
      suggestion: nullableSchema({ type: 'string', enum: ['review-and-consider-step-up'] }),
      currentLevel: levelOfCare,
      recommendations: records,
    }),
    lengthOfStay: object(['startDate', 'asOf', 'daysSoFar', 'plannedEndDate', 'plannedDays', 'daysRemaining'], {
      startDate: dateSchema,
      asOf: dateSchema,
      daysSoFar: count,
      plannedEndDate: nullableSchema(dateSchema),
      plannedDays: nullableSchema(days),
      daysRemaining: nullableSchema(days),
    }),
  },
);

export const EPISODE: SchemaObject = object(['episode', 'timeline', 'authorizationVariance', 'safetyHold'], {
  episode: object(['status', 'episodeId', 'clientId', 'siteId', 'level', 'startDate'], {
    status: episodeStatus,
    episodeId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    level: levelOfCare,
    startDate: dateSchema,
  }),
  timeline: {
    type: 'array',
    items: object(['level', 'siteId', 'from'], { level: levelOfCare, siteId: text, from: dateSchema, to: dateSchema }),
  },
  authorizationVariance: {
    type: 'array',
    items: object(['kind'], { kind: { type: 'string', enum: ['no-authorization', 'level-differs', 'expired'] } }),
  },
  safetyHold: object(['isOnSafetyHold', 'safetyLevel'], { isOnSafetyHold: flag, safetyLevel: levelOfCare, hold: record }),
});

/**
 * A plan as the lists show it (projections/plan-list.ts): whole (`view: clinical`) to its care
 * team, the site's clinical supervisors and auditors; to anyone else its identity and
 * scheduling columns only (`view: scheduling`: ids, team, dates).
 */
const planRow = (extra: Record<string, SchemaObject> = {}): SchemaObject =>
  object(['planId', 'episodeId', 'clientId', 'siteId', 'startDate', 'view', ...Object.keys(extra)], {
    view: { type: 'string', enum: ['clinical', 'scheduling'] },
    careTeam: { type: 'array', items: text },
    planId: uuidSchema,
    episodeId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    status: planStatus,
    clinicianId: nullableSchema(text),
    level: levelOfCare,
    startDate: dateSchema,
    plannedEndDate: nullableSchema(dateSchema),
    nextReviewDue: nullableSchema(dateSchema),
    soberSince: dateSchema,
    openGoals: count,
    goals: count,
    isRevisionRequired: flag,
    isReviewNeeded: flag,
    reviewNeededSince: nullableSchema(dateSchema),
    underDosedWeeks: count,
    ...extra,
  });

export const CASELOAD = pageOf(planRow(), ['clinicianId'], { clinicianId: text });
/** A work queue's size: its rows the caller sees, over every page (the count on the console's tab). */
const total: SchemaObject = { ...count, description: 'How many rows the queue holds for you over every page' };

export const OVERDUE_REVIEWS = pageOf(planRow({ daysOverdue: count }), ['asOf', 'total'], { asOf: dateSchema, total });
export const REVIEWS_NEEDED = pageOf(planRow(), ['asOf', 'total'], { asOf: dateSchema, total });
export const READY_FOR_DISCHARGE = pageOf(planRow({ soberDays: count }), ['asOf', 'total'], { asOf: dateSchema, total });

export const UNDER_DOSED_WEEKS = pageOf(
  object(['planId', 'clientId', 'siteId', 'weekStart', 'hours', 'minimum', 'level'], {
    planId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    weekStart: dateSchema,
    hours: { type: 'number', minimum: 0 },
    minimum: { type: 'number' },
    level: levelOfCare,
  }),
  ['total'],
  { total },
);

export const EXPIRING_AUTHORIZATIONS = pageOf(
  object(['episodeId', 'clientId', 'siteId', 'clinicalLevel', 'level', 'throughDate', 'quantity', 'unit', 'daysLeft'], {
    episodeId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    clinicalLevel: levelOfCare,
    level: levelOfCare,
    throughDate: dateSchema,
    payerReference: text,
    quantity: { type: 'number' },
    unit: text,
    daysLeft: count,
  }),
  ['asOf', 'total'],
  { asOf: dateSchema, total },
);

export const CENSUS: SchemaObject = object(['asOf', 'sites'], {
  asOf: dateSchema,
  sites: {
    type: 'array',
    items: object(['siteId', 'clients', 'levels'], {
      siteId: text,
      clients: count,
      levels: { type: 'array', items: object(['level', 'clients'], { level: levelOfCare, clients: count }) },
    }),
  },
});

/** The network overview: counts only, naming no client (domain/network-overview.ts). */
export const NETWORK_OVERVIEW: SchemaObject = object(['asOf', 'period', 'sites', 'weeks', 'lengthOfStay'], {
  asOf: dateSchema,
  period: object(['from', 'to'], { from: dateSchema, to: dateSchema }),
  sites: {
    type: 'array',
    description: 'Clients in open episodes now, by site and current level of care',
    items: object(['siteId', 'clients', 'capacity', 'occupancy', 'levels'], {
      siteId: text,
      clients: count,
      capacity: nullableSchema({ ...count, description: "The places recorded at the site's levels, summed; null where none is recorded" }),
      occupancy: nullableSchema({
        ...ratio,
        description: 'Clients at levels with a recorded capacity ÷ that capacity; null without one, or with 0 places',
      }),
      levels: {
        type: 'array',
        items: object(['level', 'clients', 'capacity', 'occupancy'], {
          level: levelOfCare,
          clients: count,
          capacity: nullableSchema({ ...count, description: 'The places recorded at the level; null where none is' }),
          occupancy: nullableSchema({ ...ratio, description: 'Clients ÷ places; null without places' }),
        }),
      },
    }),
  },
  weeks: {
    type: 'array',
    description: 'Every ISO week the period touches, oldest first; counts only of days within the period',
    items: object(['week', 'weekStart', 'admissions', 'discharges'], {
      week: { type: 'string', pattern: '^\\d{4}-W\\d{2}$', example: '2026-W02' },
      weekStart: dateSchema,
      admissions: count,
      discharges: count,
    }),
  },
  lengthOfStay: object(['discharges', 'medianDays', 'levels'], {
    discharges: count,
    medianDays: nullableSchema({ type: 'number', minimum: 0 }),
    levels: {
      type: 'array',
      items: object(['level', 'discharges', 'medianDays'], {
        level: levelOfCare,
        discharges: count,
        medianDays: { type: 'number', minimum: 0 },
      }),
    },
  }),
});

/** The week's draw; a draw already made answers as recorded, with no events. */
export const RANDOM_TESTS_DRAWN = written(['siteId', 'weekStart'], {
  siteId: text,
  weekStart: dateSchema,
  seed: text,
  ratePercent: { type: 'number', minimum: 0, maximum: 100 },
  candidates: count,
  selections: { type: 'array', items: object(['planId', 'date'], { planId: uuidSchema, date: dateSchema }) },
});

export const DUE_TESTS: SchemaObject = object(['siteId', 'date', 'drawn', 'total', 'items'], {
  siteId: text,
  date: dateSchema,
  drawn: flag,
  total: { ...count, description: 'How many of the clients chosen for that day have no test recorded yet: the queue’s count' },
  seed: text,
  items: {
    type: 'array',
    items: object(['planId', 'clientId', 'date', 'tested', 'testIds'], {
      planId: uuidSchema,
      clientId: uuidSchema,
      date: dateSchema,
      tested: flag,
      testIds: { type: 'array', items: uuidSchema },
    }),
  },
});

/** A send outside the network (an authorisation request, a court report): sent with its disclosure record, or held awaiting consent. */
export const OUTSIDE_SEND = written(['episodeId', 'sendId', 'status'], {
  episodeId: uuidSchema,
  sendId: uuidSchema,
  status: { type: 'string', enum: ['sent', 'awaiting-consent'] },
  disclosureId: uuidSchema,
  consentId: text,
  held: object(['reasonCode', 'citation', 'explanation'], { reasonCode: text, citation: text, explanation: text }),
});

/** A client's care episodes at the caller's sites: identity and scheduling columns (no payer detail). */
export const EPISODES_OF_CLIENT = pageOf(
  object(['episodeId', 'clientId', 'siteId', 'status', 'level', 'startDate', 'dischargeDate'], {
    episodeId: uuidSchema,
    clientId: uuidSchema,
    siteId: text,
    status: episodeStatus,
    level: levelOfCare,
    startDate: dateSchema,
    dischargeDate: nullableSchema(dateSchema),
  }),
  ['clientId'],
  { clientId: uuidSchema },
);

/** Attended hours per week of a plan against the level's minimum, oldest first. */
export const PLAN_WEEKS: SchemaObject = object(['planId', 'clientId', 'asOf', 'from', 'to', 'weeks'], {
  planId: uuidSchema,
  clientId: uuidSchema,
  asOf: dateSchema,
  from: dateSchema,
  to: dateSchema,
  weeks: {
    type: 'array',
    items: object(['weekStart', 'hours', 'minimum', 'individualSessions', 'individualSessionsMinimum'], {
      weekStart: dateSchema,
      hours: { type: 'number', minimum: 0 },
      minimum: nullableSchema({ type: 'number' }),
      individualSessions: count,
      individualSessionsMinimum: nullableSchema(count),
    }),
  },
});

/** A site's capacity as it now stands, after a PUT: places per level, keyed `<edition>-<code>`. */
export const SITE_CAPACITY_RECORDED = object(['siteId', 'levels', 'events'], {
  siteId: text,
  levels: { type: 'object', additionalProperties: count },
  events: appendedEventsSchema,
});
