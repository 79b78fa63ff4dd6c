import { type EpisodeEvent, clientEpisodesStream, episodeStream } from '@continuum/care-episode';
import { type RecordedEvent } from '@continuum/event-store';
import { project } from '@continuum/service-testing';
import { type PlanEvent, planStream } from '../domain/index.js';
import { EPISODE_LIST, type EpisodeListItem } from './episode-list.js';
import { PLAN_LIST, type PlanListItem } from './plan-list.js';
import { episodesProjection, plansProjection } from './treatment-plan-projections.js';
import { UNDER_DOSED_WEEKS, type UnderDosedWeek } from './under-dosed-weeks.js';

// The read side folds with the write side's own evolve; these specs check the rows the lists
// filter on, and that a replayed event changes nothing.

const PLAN = '6a0c3b1e-2d4f-5a6b-8c7d-9e0f1a2b3c4d';
const CLIENT = '9d2f6c1e-7b3a-4c5d-8e9f-a0b1c2d3e4f5';
const IOP = { edition: 3 as const, code: '2.1' };
const PHP = { edition: 3 as const, code: '2.5' };

let position = 0;
function recorded(stream: string, events: readonly { type: string; data: unknown }[]): RecordedEvent[] {
  return events.map((event, revision) => {
    position += 1;
    return {
      eventId: `event-${position}`,
      type: event.type,
      streamId: stream,
      revision,
      position,
      recordedAt: `2026-01-12T09:00:${String(position % 60).padStart(2, '0')}.000Z`,
      data: event.data,
      metadata: {
        schemaVersion: 1,
        clientId: CLIENT,
        siteId: 'site-north',
        actor: { userId: 'u', role: 'clinician' },
        occurredAt: '2026-01-12T09:00:00.000Z',
        correlationId: 'c',
        causationId: 'c',
        prevHash: '0'.repeat(64),
        hash: '0'.repeat(64),
      },
    };
  });
}

const planEvents: PlanEvent[] = [
  {
    type: 'PlanDrafted',
    data: {
      planId: PLAN,
      episodeId: PLAN,
      clientId: CLIENT,
      siteId: 'site-north',
      level: IOP,
      population: 'adult',
      startDate: '2026-01-05',
      draftedAt: '2026-01-05T09:00:00.000Z',
    },
  },
  { type: 'ProblemAdded', data: { planId: PLAN, problemId: 'p1', code: 'alcohol-use-disorder' } },
  { type: 'GoalAdded', data: { planId: PLAN, goalId: 'g1', problemId: 'p1', code: 'abstinence', targetDate: '2026-03-31' } },
  { type: 'PlanSigned', data: { planId: PLAN, signer: 'clinician', signedBy: 'clinician-7', signedOn: '2026-01-06' } },
  { type: 'PlanSigned', data: { planId: PLAN, signer: 'client', signedBy: CLIENT, signedOn: '2026-01-06' } },
  { type: 'PlanActivated', data: { planId: PLAN, activatedOn: '2026-01-06', nextReviewDue: '2026-02-05' } },
  { type: 'DrugTestRecorded', data: { planId: PLAN, testId: 't1', date: '2026-01-08', result: 'positive', substanceCodes: ['alcohol'] } },
  { type: 'WeekUnderDosed', data: { planId: PLAN, weekStart: '2026-01-05', hours: 6, minimum: 9, level: IOP } },
];

describe('the plans list', () => {
  it('lists an open plan with its clinician, next review, streak start, open goals and under-dosed weeks', async () => {
    const documents = await project(plansProjection, recorded(planStream(PLAN), planEvents));
    expect(documents.get(PLAN_LIST.name)!.get(PLAN)!.document as PlanListItem).toMatchObject({
      planId: PLAN,
      clientId: CLIENT,
      siteId: 'site-north',
      status: 'active',
      isOpen: true,
      clinicianId: 'clinician-7',
      levelCode: '2.1',
      nextReviewDue: '2026-02-05',
      soberSince: '2026-01-08',
      openGoals: 1,
      underDosedWeeks: 1,
    });
    expect(documents.get(UNDER_DOSED_WEEKS.name)!.get(`${PLAN}:2026-01-05`)!.document as UnderDosedWeek).toEqual({
      planId: PLAN,
      clientId: CLIENT,
      siteId: 'site-north',
      weekStart: '2026-01-05',
      hours: 6,
      minimum: 9,
      level: IOP,
      isQueued: true,
    });
  });

  it("takes a week off the under-dosed queue once followed up, and a discharged plan's weeks at its close", async () => {
    const week = (documents: Awaited<ReturnType<typeof project>>) =>
      documents.get(UNDER_DOSED_WEEKS.name)!.get(`${PLAN}:2026-01-05`)!.document as UnderDosedWeek;
    const followedUp = await project(
      plansProjection,
      recorded(planStream(PLAN), [
        ...planEvents,
        {
          type: 'UnderDosedWeekFollowedUp',
          data: {
            planId: PLAN,
            weekStart: '2026-01-05',
            outcome: 'dose-adjusted',
            followedUpBy: 'clinician-7',
            followedUpOn: '2026-01-13',
          },
        },
      ]),
    );
    expect(week(followedUp)).toMatchObject({ weekStart: '2026-01-05', hours: 6, isQueued: false });
    const closed = await project(
      plansProjection,
      recorded(planStream(PLAN), [
        ...planEvents,
        {
          type: 'PlanClosed',
          data: { planId: PLAN, disposition: 'administrative', date: '2026-01-20', closedAt: '2026-01-20T15:00:00.000Z' },
        },
      ]),
    );
    expect(week(closed)).toMatchObject({ weekStart: '2026-01-05', isQueued: false });
  });

  it('leaves a closed plan off the open lists and changes nothing when an event is applied again', async () => {
    const events = recorded(planStream(PLAN), [
      ...planEvents,
      { type: 'GoalStatusChanged', data: { planId: PLAN, goalId: 'g1', from: 'proposed', to: 'achieved', changedOn: '2026-02-20' } },
      { type: 'PlanClosed', data: { planId: PLAN, disposition: 'completed', date: '2026-02-20', closedAt: '2026-02-20T15:00:00.000Z' } },
    ]);
    const documents = await project(plansProjection, events);
    const before = structuredClone(documents.get(PLAN_LIST.name)!.get(PLAN));
    await project(plansProjection, events.slice(-3), documents);
    expect(documents.get(PLAN_LIST.name)!.get(PLAN)).toEqual(before);
    expect(before!.document).toMatchObject({ status: 'closed', isOpen: false, openGoals: 0 });
  });
});

describe('the episodes list', () => {
  const ledger: EpisodeEvent[] = [
    {
      type: 'EpisodeOpened',
      data: {
        episodeId: PLAN,
        clientId: CLIENT,
        level: IOP,
        siteId: 'site-north',
        programmeId: 'p',
        openedBy: { userId: 's', role: 'system' },
        assessmentId: 'a',
        admissionId: 'ad',
        startDate: '2026-01-05',
      },
    },
    {
      type: 'LevelOfCareChanged',
      data: {
        episodeId: PLAN,
        from: IOP,
        to: PHP,
        direction: 'step-up',
        reason: { code: 'relapse' },
        evidence: [{ kind: 'drug-test', id: 't1' }],
        decidedBy: { userId: 'u', role: 'clinician' },
        effectiveDate: '2026-01-09',
      },
    },
    {
      type: 'AuthorizedLevelRecorded',
      data: {
        episodeId: PLAN,
        level: PHP,
        amount: { quantity: 10, unit: 'days' },
        throughDate: '2026-01-19',
        payerReference: 'payer-1',
        recordedBy: { userId: 'u', role: 'clinician' },
        recordedOn: '2026-01-09',
      },
    },
  ];

  it("counts the episode at its current level and keeps the authorisation's through date for the expiry list", async () => {
    const documents = await project(episodesProjection, recorded(episodeStream(PLAN), ledger));
    expect(documents.get(EPISODE_LIST.name)!.get(PLAN)!.document as EpisodeListItem).toMatchObject({
      episodeId: PLAN,
      siteId: 'site-north',
      isOpen: true,
      levelKey: '3-2.5',
      authorizationThroughDate: '2026-01-19',
      authorization: { level: PHP, payerReference: 'payer-1', quantity: 10, unit: 'days' },
    });
  });

  it("ignores the per-client claim streams that share the ledger's prefix", async () => {
    const claims = recorded(clientEpisodesStream(CLIENT), [
      { type: 'EpisodeStarted', data: { clientId: CLIENT, episodeId: PLAN, startDate: '2026-01-05' } },
    ]);
    const documents = await project(episodesProjection, claims);
    expect(documents.get(EPISODE_LIST.name)?.size ?? 0).toBe(0);
  });
});
