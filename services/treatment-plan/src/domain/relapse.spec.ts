import { deciderSpec } from '@continuum/testing';
import { treatmentPlan, treatmentPlanDecider } from './decide.js';
import { planRules } from './rules.js';
import { stepUpRecommended } from './step-up.js';
import {
  IOP,
  type Step,
  activePlan,
  createPlan,
  dayOfPlan,
  drugTest,
  extendProgramme,
  historyOf,
  late,
  on,
  planAfter,
  relapse,
} from './testing/plan-fixtures.js';

const spec = deciderSpec(treatmentPlan);
const given = (...steps: Step[]) => spec.given(...historyOf(steps));
const relapseDay = dayOfPlan(20);

describe('recording a relapse', () => {
  it('records the relapse with its episode, client and evidence', () =>
    given(...activePlan())
      .when(relapse('relapse-1', relapseDay, { evidence: [{ kind: 'drug-test', id: 'test-9' }] }), on(relapseDay))
      .then({
        type: 'RelapseRecorded',
        data: {
          planId: 'episode-1',
          episodeId: 'episode-1',
          clientId: 'client-1',
          relapseId: 'relapse-1',
          date: relapseDay,
          substanceCodes: ['alcohol'],
          evidence: [{ kind: 'drug-test', id: 'test-9' }],
        },
      }));

  it('requires a plan revision and never closes the plan: a slip is not an expulsion', () => {
    const events = historyOf([...activePlan(), relapse('relapse-1', relapseDay)]);
    expect(events.map((event) => event.type)).not.toContain('PlanClosed');
    expect(planAfter([...activePlan(), relapse('relapse-1', relapseDay)])).toMatchObject({ status: 'revision-required' });
  });

  it('keeps accepting attendance and tests after a relapse', () =>
    given(...activePlan(), relapse('relapse-1', relapseDay))
      .when(drugTest('test-1', dayOfPlan(21), 'negative'), on(dayOfPlan(21)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('records the same relapse once', () =>
    given(...activePlan(), relapse('relapse-1', relapseDay))
      .when(relapse('relapse-1', relapseDay), on(dayOfPlan(21)))
      .thenNothingHappens());

  it('refuses a relapse without substances or with evidence of an unknown kind, naming each', () =>
    given(...activePlan())
      .when(relapse('relapse-1', relapseDay, { substanceCodes: [], evidence: [{ kind: 'rumour' as never, id: '' }] }), on(relapseDay))
      .thenThrows(/substanceCodes: name the substances.*evidence\[0\]\.kind: use one of .*evidence\[0\]\.id/s, 'invalid-relapse'));

  it('extends the programme in the same act when asked', () =>
    given(createPlan({ plannedEndDate: dayOfPlan(90) }))
      .when(relapse('relapse-1', relapseDay, { extendProgramme: { newEndDate: dayOfPlan(120), reasonCode: 'relapse' } }), on(relapseDay))
      .thenMatches(
        { type: 'RelapseRecorded' },
        {
          type: 'ProgrammeExtended',
          data: {
            previousEndDate: dayOfPlan(90),
            newEndDate: dayOfPlan(120),
            reasonCode: 'relapse',
            extendedOn: relapseDay,
            relapseId: 'relapse-1',
          },
        },
      ));
});

describe('extending the programme', () => {
  it('lengthens the programme and remembers the new end', () => {
    expect(planAfter([createPlan({ plannedEndDate: dayOfPlan(90) }), extendProgramme(dayOfPlan(100))])).toMatchObject({
      plannedEndDate: dayOfPlan(100),
    });
  });

  it('refuses an end date that does not lengthen the programme', () =>
    given(createPlan({ plannedEndDate: dayOfPlan(90) }))
      .when(extendProgramme(dayOfPlan(80)), on(dayOfPlan(10)))
      .thenThrows(/already runs to 2026-04-05: give a later end date/, 'invalid-extension'));

  it('does nothing when asked for the end date it already has', () =>
    given(createPlan({ plannedEndDate: dayOfPlan(90) }))
      .when(extendProgramme(dayOfPlan(90)))
      .thenNothingHappens());
});

describe('step-up recommendation on repeated use', () => {
  const firstPositive = dayOfPlan(10);

  it('recommends a step-up when a second positive test falls within 14 days of the first', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(drugTest('test-2', dayOfPlan(23), 'positive'), on(dayOfPlan(23)))
      .thenMatches(
        { type: 'DrugTestRecorded' },
        {
          type: 'StepUpRecommended',
          data: {
            currentLevel: IOP,
            windowDays: 14,
            recommendedOn: dayOfPlan(23),
            reasons: [
              { kind: 'positive-test', id: 'test-1', date: firstPositive },
              { kind: 'positive-test', id: 'test-2', date: dayOfPlan(23) },
            ],
          },
        },
      ));

  it('counts alcohol positives on consecutive days as one use episode: no step-up from a single drink', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(drugTest('test-2', dayOfPlan(11), 'positive'), on(dayOfPlan(11)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('counts two episodes when a negative for the substance came between the positives', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'), drugTest('test-n', dayOfPlan(11), 'negative'))
      .when(drugTest('test-2', dayOfPlan(12), 'positive'), on(dayOfPlan(12)))
      .thenMatches({ type: 'DrugTestRecorded' }, { type: 'StepUpRecommended', data: { reasons: [{ id: 'test-1' }, { id: 'test-2' }] } }));

  it('counts a positive beyond the detection window as a new episode (urine alcohol: 3 days)', () => {
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(drugTest('test-2', dayOfPlan(13), 'positive'), on(dayOfPlan(13)))
      .thenMatches({ type: 'DrugTestRecorded' });
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(drugTest('test-2', dayOfPlan(14), 'positive'), on(dayOfPlan(14)))
      .thenMatches({ type: 'DrugTestRecorded' }, { type: 'StepUpRecommended' });
  });

  it('does not recommend one when the second falls 14 days after the first, outside the window', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(drugTest('test-2', dayOfPlan(24), 'positive'), on(dayOfPlan(24)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('counts relapses as well as positive tests', () =>
    given(...activePlan(), relapse('relapse-1', firstPositive))
      .when(relapse('relapse-2', dayOfPlan(15)), on(dayOfPlan(15)))
      .thenMatches(
        { type: 'RelapseRecorded' },
        { type: 'StepUpRecommended', data: { reasons: [{ id: 'relapse-1' }, { id: 'relapse-2' }] } },
      ));

  it('does not recommend one for relapses more than the window apart', () =>
    given(...activePlan(), relapse('relapse-1', firstPositive))
      .when(relapse('relapse-2', dayOfPlan(30)), on(dayOfPlan(30)))
      .thenMatches({ type: 'RelapseRecorded' }));

  it('counts a relapse evidenced by a positive test once, not twice', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(relapse('relapse-1', firstPositive, { evidence: [{ kind: 'drug-test', id: 'test-1' }] }), on(firstPositive))
      .thenMatches({ type: 'RelapseRecorded' }));

  it('does not count refused tests, which shorten the streak but are not confirmed use', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'refused'))
      .when(drugTest('test-2', dayOfPlan(11), 'positive'), on(dayOfPlan(11)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('recommends once per window: a third positive test in the same fortnight adds nothing', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'), drugTest('test-2', dayOfPlan(14), 'positive'))
      .when(drugTest('test-3', dayOfPlan(18), 'positive'), on(dayOfPlan(18)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('recommends again once a whole window has passed since the last recommendation', () =>
    given(
      ...activePlan(),
      drugTest('test-1', firstPositive, 'positive'),
      drugTest('test-2', dayOfPlan(14), 'positive'),
      drugTest('test-3', dayOfPlan(24), 'positive'),
    )
      .when(drugTest('test-4', dayOfPlan(28), 'positive'), on(dayOfPlan(28)))
      .thenMatches({ type: 'DrugTestRecorded' }, { type: 'StepUpRecommended', data: { reasons: [{ id: 'test-3' }, { id: 'test-4' }] } }));

  it('does not recommend from a late-recorded test whose window has passed', () =>
    given(...activePlan(), drugTest('test-1', firstPositive, 'positive'))
      .when(late(drugTest('test-2', dayOfPlan(11), 'positive'), 'result-received-late'), on(dayOfPlan(25)))
      .thenMatches({ type: 'DrugTestRecorded' }));

  it('takes the threshold and the window from the network’s rules', () => {
    const rules = planRules({ relapsesForStepUp: 3, relapseWindowDays: 30 });
    deciderSpec(treatmentPlanDecider(rules))
      .given(
        ...historyOf(
          [...activePlan(), drugTest('test-1', firstPositive, 'positive'), drugTest('test-2', dayOfPlan(20), 'positive')],
          rules,
        ),
      )
      .when(drugTest('test-3', dayOfPlan(35), 'positive'), on(dayOfPlan(35)))
      .thenMatches(
        { type: 'DrugTestRecorded' },
        { type: 'StepUpRecommended', data: { windowDays: 30, reasons: [{ id: 'test-1' }, { id: 'test-2' }, { id: 'test-3' }] } },
      );
  });

  it('answers the policy for any day, with its reasons', () => {
    const plan = planAfter([...activePlan(), drugTest('test-1', firstPositive, 'positive'), drugTest('test-2', dayOfPlan(14), 'positive')]);
    if (plan.status === 'not-created') throw new Error('no plan');
    const rules = planRules({ relapseWindowDays: 14, relapsesForStepUp: 2 });
    expect(stepUpRecommended(plan, dayOfPlan(23), rules)).toEqual({
      recommended: true,
      windowDays: 14,
      episodes: 2,
      reasons: [
        { kind: 'positive-test', id: 'test-1', date: firstPositive },
        { kind: 'positive-test', id: 'test-2', date: dayOfPlan(14) },
      ],
    });
    expect(stepUpRecommended(plan, dayOfPlan(24), rules)).toMatchObject({ recommended: false, reasons: [{ id: 'test-2' }] });
  });
});
