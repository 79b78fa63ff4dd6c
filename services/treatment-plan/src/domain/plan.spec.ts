import { deciderSpec } from '@continuum/testing';
import { treatmentPlan, treatmentPlanDecider } from './decide.js';
import { planRules } from './rules.js';
import { planStream } from './events.js';
import {
  IOP,
  PHP,
  START,
  activePlan,
  addProblem,
  createPlan,
  discharge,
  draftPlan,
  historyOf,
  on,
  planAfter,
  session,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Parameters<typeof historyOf>[0]) => spec.given(...historyOf(steps));

it('keeps each plan in the stream treatment-plan-<planId>', () => {
  expect(planStream('episode-1')).toBe('treatment-plan-episode-1');
});

describe('creating the plan', () => {
  it('drafts a plan for the episode at its level and start date, planned to end when an IOP programme of 90 days does', () =>
    spec
      .given()
      .when(createPlan({ clinicianId: 'clinician-7' }), on(START))
      .then({
        type: 'PlanDrafted',
        data: {
          planId: 'episode-1',
          episodeId: 'episode-1',
          clientId: 'client-1',
          siteId: 'site-north',
          level: IOP,
          population: 'adult',
          startDate: START,
          clinicianId: 'clinician-7',
          plannedEndDate: '2026-04-05',
          draftedAt: on(START).toISOString(),
        },
      }));

  it("plans the 4th edition's IOP for 90 days as well", () =>
    spec
      .given()
      .when(createPlan({ level: { edition: 4, code: '2.1' } }))
      .thenMatches({ type: 'PlanDrafted', data: { plannedEndDate: '2026-04-05' } }));

  it('takes the length the network set for the programme over the one for its level', () => {
    const network = treatmentPlanDecider(planRules({ programmeLengthDays: { '3-2.1': 90, 'site-north/3-2.1/evening': 60 } }));
    deciderSpec(network)
      .given()
      .when(createPlan({ programmeId: 'site-north/3-2.1/evening' }))
      .thenMatches({ type: 'PlanDrafted', data: { plannedEndDate: '2026-03-06' } });
    deciderSpec(network)
      .given()
      .when(createPlan({ programmeId: 'site-north/3-2.1/morning' }))
      .thenMatches({ type: 'PlanDrafted', data: { plannedEndDate: '2026-04-05' } });
  });

  it('keeps the planned end the admission gives over the configured length', () =>
    spec
      .given()
      .when(createPlan({ plannedEndDate: '2026-03-01' }))
      .thenMatches({ type: 'PlanDrafted', data: { plannedEndDate: '2026-03-01' } }));

  it('plans no end for a level without a configured length', () => {
    const [drafted] = spec
      .given()
      .when(createPlan({ level: PHP }))
      .events();
    expect(drafted?.data).not.toHaveProperty('plannedEndDate');
  });

  it('does nothing when the episode opening is delivered again', () => given(createPlan()).when(createPlan()).thenNothingHappens());

  it('starts as a draft, at the episode level, with nothing on it yet', () => {
    const plan = planAfter([createPlan()]);
    expect(plan).toMatchObject({
      status: 'draft',
      level: IOP,
      problems: [],
      goals: [],
      levelHistory: [{ level: IOP, effectiveDate: START }],
    });
  });

  it('refuses a level the catalogue does not hold, naming the codes it does', () =>
    spec
      .given()
      .when(createPlan({ level: { edition: 3, code: '2.2' } }))
      .thenThrows(/2\.2 is not in the ASAM 3rd edition: use one of .*2\.1/, 'unknown-level-of-care'));

  it('refuses a plan without its episode, client or start date, naming each', () =>
    spec
      .given()
      .when(createPlan({ episodeId: '', clientId: ' ', startDate: '2026-02-30', population: 'senior' as never }))
      .thenThrows(/episodeId.*clientId.*population.*startDate/s, 'invalid-plan'));

  it('refuses a planned end before the start', () =>
    spec
      .given()
      .when(createPlan({ plannedEndDate: '2026-01-01' }))
      .thenThrows(/plannedEndDate: the programme cannot end before it starts/, 'invalid-plan'));
});

describe('before the plan exists and after it closes', () => {
  it('refuses anything sent before the plan is created, saying when it will exist', () =>
    spec
      .given()
      .when(addProblem())
      .thenThrows(/no treatment plan here yet.*created when the care episode opens/, 'plan-not-created'));

  it('accepts nothing on a closed plan', () =>
    given(...draftPlan(), discharge('against-advice'))
      .when(session('session-1', START, 3))
      .thenThrows(/closed at discharge on 2026-01-05 \(against-advice\): nothing more/, 'plan-closed'));

  it('still does nothing for a redelivered episode opening once the plan is closed', () =>
    given(...activePlan(), discharge('administrative'))
      .when(createPlan())
      .thenNothingHappens());

  it('keeps a closed plan closed with its disposition', () => {
    expect(planAfter([...draftPlan(), discharge('transferred-out')])).toMatchObject({
      status: 'closed',
      disposition: 'transferred-out',
      closedOn: START,
    });
  });
});

describe('following the episode to another site', () => {
  const transfer = (toSiteId: string) => ({ type: 'RecordSiteTransfer' as const, data: { toSiteId, effectiveDate: '2026-01-20' } });

  it('moves the plan to the site the episode moved to', () => {
    given(createPlan())
      .when(transfer('site-south'), on('2026-01-20'))
      .then({
        type: 'PlanSiteUpdated',
        data: { planId: 'episode-1', fromSiteId: 'site-north', toSiteId: 'site-south', effectiveDate: '2026-01-20' },
      });
    expect(planAfter([createPlan(), transfer('site-south')])).toMatchObject({ siteId: 'site-south' });
  });

  it('does nothing when the plan is already at that site', () => given(createPlan()).when(transfer('site-north')).thenNothingHappens());

  it('refuses a transfer without a site', () =>
    given(createPlan())
      .when(transfer(''), on('2026-01-20'))
      .thenThrows(/toSiteId: give the site/, 'invalid-site-transfer'));
});
