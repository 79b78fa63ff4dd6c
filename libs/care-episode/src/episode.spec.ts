import { DEFAULT_NOW, deciderSpec } from '@continuum/testing';
import { fold } from '@continuum/decider';
import { authorizationVariance } from './authorization.js';
import {
  type ChangeLevelOfCare,
  type DischargeEpisode,
  type EpisodeCommand,
  type OpenEpisode,
  type RecordAuthorizedLevel,
  type TransferSite,
  careEpisode,
  createCareEpisodeDecider,
} from './decide.js';
import {
  type AuthorizedLevelRecorded,
  type EpisodeDischarged,
  type EpisodeEvent,
  type EpisodeOpened,
  type LevelOfCareChanged,
  type SiteTransferred,
  episodeStream,
} from './episode.js';
import { factDatePolicy } from './fact-dates.js';
import { DEFAULT_LEVEL_CATALOGUE, type LevelOfCare, buildLevelCatalogue } from './levels.js';

// A fact is recorded on its own day unless a spec says otherwise (fact-dates.ts): a command
// is decided at noon UTC of the day it names, or at DEFAULT_NOW when it names none.
const onItsDay = (command: EpisodeCommand): Date => {
  const date = 'effectiveDate' in command.data ? command.data.effectiveDate : 'date' in command.data ? command.data.date : undefined;
  return date === undefined ? DEFAULT_NOW : new Date(`${date}T12:00:00.000Z`);
};
const spec = deciderSpec(careEpisode, { nowOf: onItsDay });

const IOP: LevelOfCare = { edition: 3, code: '2.1' };
const PHP: LevelOfCare = { edition: 3, code: '2.5' };
const OP: LevelOfCare = { edition: 3, code: '1' };
const RESIDENTIAL: LevelOfCare = { edition: 3, code: '3.5' };
const IOP_4TH: LevelOfCare = { edition: 4, code: '2.1' };
const clinician = { userId: 'user-clinician-1', role: 'clinician' };
const caseManager = { userId: 'user-case-manager-1', role: 'case-manager' };

const openEpisode = (data: Partial<OpenEpisode['data']> = {}): OpenEpisode => ({
  type: 'OpenEpisode',
  data: {
    episodeId: 'episode-1',
    clientId: 'client-1',
    level: IOP,
    siteId: 'site-north',
    programmeId: 'iop-adult',
    track: 'evening',
    openedBy: clinician,
    assessmentId: 'assessment-1',
    admissionId: 'admission-1',
    startDate: '2026-01-05',
    ...data,
  },
});

const opened = (data: Partial<EpisodeOpened['data']> = {}): EpisodeOpened => ({
  type: 'EpisodeOpened',
  data: {
    episodeId: 'episode-1',
    clientId: 'client-1',
    level: IOP,
    siteId: 'site-north',
    programmeId: 'iop-adult',
    track: 'evening',
    openedBy: clinician,
    assessmentId: 'assessment-1',
    admissionId: 'admission-1',
    startDate: '2026-01-05',
    ...data,
  },
});

const changeLevel = (data: Partial<ChangeLevelOfCare['data']> = {}): ChangeLevelOfCare => ({
  type: 'ChangeLevelOfCare',
  data: {
    from: IOP,
    to: RESIDENTIAL,
    reason: { code: 'relapse', reference: 'note-17' },
    evidence: [
      { kind: 'drug-test', id: 'drug-test-9' },
      { kind: 'assessment', id: 'assessment-2' },
    ],
    decidedBy: clinician,
    effectiveDate: '2026-01-12',
    ...data,
  },
});

const levelChanged = (data: Partial<LevelOfCareChanged['data']> = {}): LevelOfCareChanged => ({
  type: 'LevelOfCareChanged',
  data: {
    episodeId: 'episode-1',
    from: IOP,
    to: RESIDENTIAL,
    direction: 'step-up',
    reason: { code: 'relapse', reference: 'note-17' },
    evidence: [
      { kind: 'drug-test', id: 'drug-test-9' },
      { kind: 'assessment', id: 'assessment-2' },
    ],
    decidedBy: clinician,
    effectiveDate: '2026-01-12',
    ...data,
  },
});

const recordAuthorization = (data: Partial<RecordAuthorizedLevel['data']> = {}): RecordAuthorizedLevel => ({
  type: 'RecordAuthorizedLevel',
  data: {
    level: IOP,
    amount: { quantity: 30, unit: 'days' },
    throughDate: '2026-02-03',
    payerReference: 'payer-auth-881',
    recordedBy: caseManager,
    ...data,
  },
});

const authorized = (data: Partial<AuthorizedLevelRecorded['data']> = {}): AuthorizedLevelRecorded => ({
  type: 'AuthorizedLevelRecorded',
  data: {
    episodeId: 'episode-1',
    level: IOP,
    amount: { quantity: 30, unit: 'days' },
    throughDate: '2026-02-03',
    payerReference: 'payer-auth-881',
    recordedBy: caseManager,
    recordedOn: '2026-01-06',
    ...data,
  },
});

const transferSite = (data: Partial<TransferSite['data']> = {}): TransferSite => ({
  type: 'TransferSite',
  data: { toSiteId: 'site-south', reason: { code: 'client-relocated' }, decidedBy: clinician, effectiveDate: '2026-01-20', ...data },
});

const transferred = (data: Partial<SiteTransferred['data']> = {}): SiteTransferred => ({
  type: 'SiteTransferred',
  data: {
    episodeId: 'episode-1',
    fromSiteId: 'site-north',
    toSiteId: 'site-south',
    reason: { code: 'client-relocated' },
    decidedBy: clinician,
    effectiveDate: '2026-01-20',
    ...data,
  },
});

const dischargeEpisode = (data: Partial<DischargeEpisode['data']> = {}): DischargeEpisode => ({
  type: 'DischargeEpisode',
  data: { disposition: 'completed', dischargeSummaryRef: 'summary-5', dischargedBy: clinician, date: '2026-04-05', ...data },
});

const discharged = (data: Partial<EpisodeDischarged['data']> = {}): EpisodeDischarged => ({
  type: 'EpisodeDischarged',
  data: {
    episodeId: 'episode-1',
    disposition: 'completed',
    dischargeSummaryRef: 'summary-5',
    dischargedBy: clinician,
    date: '2026-04-05',
    ...data,
  },
});

describe('the care-episode stream', () => {
  it('is named after the episode', () => {
    expect(episodeStream('episode-1')).toBe('care-episode-episode-1');
  });
});

describe('opening an episode', () => {
  it('opens at the admitted level, site, programme and track, on the assessment and admission it came from', () =>
    spec.given().when(openEpisode()).then(opened()));

  it('dates the episode from now when the admission gives no start date', () =>
    spec
      .given()
      .when(openEpisode({ startDate: undefined }), new Date('2026-01-07T22:30:00.000Z'))
      .thenMatches({ type: 'EpisodeOpened', data: expect.objectContaining({ startDate: '2026-01-07' }) as EpisodeOpened['data'] }));

  it("links a readmission to the client's previous episode", () =>
    spec
      .given()
      .when(openEpisode({ episodeId: 'episode-2', previousEpisodeId: 'episode-1' }))
      .then(opened({ episodeId: 'episode-2', previousEpisodeId: 'episode-1' })));

  it('refuses a readmission that links the episode to itself', () =>
    spec
      .given()
      .when(openEpisode({ previousEpisodeId: 'episode-1' }))
      .thenThrows(/previousEpisodeId must name the client's earlier episode/, 'readmission-links-itself'));

  it('refuses a level that the catalogue does not hold', () =>
    spec
      .given()
      .when(openEpisode({ level: { edition: 4, code: '3.3' } }))
      .thenThrows(/3\.3 is not in the ASAM 4th edition/, 'unknown-level-of-care'));

  it('refuses a start date that is not a calendar day', () =>
    spec
      .given()
      .when(openEpisode({ startDate: '2026-02-30' }))
      .thenThrows(/startDate 2026-02-30 is not a calendar day: give it as YYYY-MM-DD/, 'invalid-date'));

  it('refuses to open an episode that is already open', () =>
    spec
      .given(opened())
      .when(openEpisode())
      .thenThrows(/episode episode-1 is already open since 2026-01-05: change its level of care instead/, 'episode-already-opened'));

  it('refuses to open an episode again after its discharge', () =>
    spec
      .given(opened(), discharged())
      .when(openEpisode())
      .thenThrows(
        /episode episode-1 was discharged on 2026-04-05 and cannot open again: a readmission opens a new episode with a new id/,
        'episode-already-opened',
      ));

  it('keeps names and notes a caller slips into the actor out of the event', () => {
    const withName = { ...clinician, displayName: 'Dr Jane Example' } as typeof clinician;
    const [event] = spec
      .given()
      .when(openEpisode({ openedBy: withName }))
      .events();
    expect(JSON.stringify(event)).not.toContain('Jane');
  });
});

describe('nothing before the episode is opened', () => {
  const commands: EpisodeCommand[] = [changeLevel(), recordAuthorization(), transferSite(), dischargeEpisode()];
  it.each(commands.map((command) => [command.type, command] as const))(
    'refuses %s on an episode that has not been opened',
    (_type, command) =>
      spec
        .given()
        .when(command)
        .thenThrows(/has not been opened.*open the episode from intake's admission decision first/, 'episode-not-opened'),
  );
});

describe('nothing after discharge', () => {
  const commands: EpisodeCommand[] = [
    changeLevel({ effectiveDate: '2026-04-06' }),
    recordAuthorization(),
    transferSite({ effectiveDate: '2026-04-06' }),
    dischargeEpisode(),
  ];
  it.each(commands.map((command) => [command.type, command] as const))('refuses %s on a discharged episode', (_type, command) =>
    spec
      .given(opened(), discharged())
      .when(command)
      .thenThrows(
        /episode episode-1 was discharged on 2026-04-05 \(completed\).*readmit the client into a new episode/,
        'episode-discharged',
      ),
  );
});

describe('changing the level of care', () => {
  it('records the change from the current level with its reason, evidence and who decided', () =>
    spec.given(opened()).when(changeLevel()).then(levelChanged()));

  it('computes a step-up from IOP to residential', () =>
    spec
      .given(opened())
      .when(changeLevel({ to: RESIDENTIAL }))
      .thenMatches({ type: 'LevelOfCareChanged', data: expect.objectContaining({ direction: 'step-up' }) as LevelOfCareChanged['data'] }));

  it('computes a step-down from IOP to outpatient', () =>
    spec
      .given(opened())
      .when(changeLevel({ to: OP, reason: { code: 'clinical-progress' } }))
      .thenMatches({
        type: 'LevelOfCareChanged',
        data: expect.objectContaining({ direction: 'step-down', to: OP }) as LevelOfCareChanged['data'],
      }));

  it('computes a lateral change when IOP is re-coded to the 4th edition', () =>
    spec
      .given(opened())
      .when(changeLevel({ to: IOP_4TH, reason: { code: 're-coded-to-another-edition' } }))
      .thenMatches({
        type: 'LevelOfCareChanged',
        data: expect.objectContaining({ direction: 'lateral', to: IOP_4TH }) as LevelOfCareChanged['data'],
      }));

  it('ignores a direction the caller tries to supply', () => {
    const command = changeLevel({ to: OP });
    (command.data as Record<string, unknown>).direction = 'step-up';
    spec
      .given(opened())
      .when(command)
      .thenMatches({ type: 'LevelOfCareChanged', data: expect.objectContaining({ direction: 'step-down' }) as LevelOfCareChanged['data'] });
  });

  it("classifies with the network's catalogue when the network re-ranks a level", () => {
    const network = buildLevelCatalogue(DEFAULT_LEVEL_CATALOGUE, [{ edition: 3, code: '1', intensity: 22 }]);
    deciderSpec(createCareEpisodeDecider(network), { nowOf: onItsDay })
      .given(opened())
      .when(changeLevel({ to: OP }))
      .thenMatches({ type: 'LevelOfCareChanged', data: expect.objectContaining({ direction: 'step-up' }) as LevelOfCareChanged['data'] });
  });

  it('refuses a change from a level the client is not at, naming the current level', () =>
    spec
      .given(opened())
      .when(changeLevel({ from: PHP, to: RESIDENTIAL }))
      .thenThrows(
        /the client is at 2\.1 \(IOP, 3rd ed\.\), not 2\.5 \(PHP, 3rd ed\.\): re-read the episode and change from its current level/,
        'not-at-level',
      ));

  it('refuses a change from the level the client has already left', () =>
    spec
      .given(opened(), levelChanged())
      .when(changeLevel({ from: IOP, to: PHP, effectiveDate: '2026-01-20' }))
      .thenThrows(/the client is at 3\.5/, 'not-at-level'));

  it('refuses a change from the same code in the other edition', () =>
    spec
      .given(opened())
      .when(changeLevel({ from: IOP_4TH }))
      .thenThrows(/not 2\.1 \(IOP, 4th ed\.\)/, 'not-at-level'));

  it('changes from the level the last change arrived at', () =>
    spec
      .given(opened(), levelChanged())
      .when(changeLevel({ from: RESIDENTIAL, to: IOP, reason: { code: 'clinical-progress' }, effectiveDate: '2026-02-12' }))
      .thenMatches({
        type: 'LevelOfCareChanged',
        data: expect.objectContaining({ from: RESIDENTIAL, to: IOP, direction: 'step-down' }) as LevelOfCareChanged['data'],
      }));

  it('refuses a change to the level the client is already at', () =>
    spec
      .given(opened())
      .when(changeLevel({ to: IOP }))
      .thenThrows(/the client is already at 2\.1 \(IOP, 3rd ed\.\): choose a different level/, 'same-level'));

  it('refuses a change to a level the catalogue does not hold', () =>
    spec
      .given(opened())
      .when(changeLevel({ to: { edition: 3, code: '2.7' } }))
      .thenThrows(/2\.7 is not in the ASAM 3rd edition/, 'unknown-level-of-care'));

  it('refuses a change without evidence', () =>
    spec
      .given(opened())
      .when(changeLevel({ evidence: [] }))
      .thenThrows(/cite at least one assessment, screening, drug test or review/, 'evidence-required'));

  it('refuses a reason code it does not record', () =>
    spec
      .given(opened())
      .when(changeLevel({ reason: { code: 'felt-like-it' as 'other' } }))
      .thenThrows(/reason code felt-like-it is not one we record: use one of relapse/, 'unknown-code'));

  it('refuses an evidence kind it does not record', () =>
    spec
      .given(opened())
      .when(changeLevel({ evidence: [{ kind: 'hunch' as 'other', id: 'x' }] }))
      .thenThrows(/evidence kind hunch/, 'unknown-code'));

  it('dates the change from now when the command gives no effective date', () =>
    spec
      .given(opened())
      .when(changeLevel({ effectiveDate: undefined }))
      .thenMatches({
        type: 'LevelOfCareChanged',
        data: expect.objectContaining({ effectiveDate: DEFAULT_NOW.toISOString().slice(0, 10) }) as LevelOfCareChanged['data'],
      }));

  it('accepts a change on the day the episode opened', () =>
    spec
      .given(opened())
      .when(changeLevel({ effectiveDate: '2026-01-05' }))
      .thenMatches({ type: 'LevelOfCareChanged' }));

  it('refuses a change dated before the episode opened', () =>
    spec
      .given(opened())
      .when(changeLevel({ effectiveDate: '2026-01-04' }))
      .thenThrows(
        /dated 2026-01-04, before the episode's last recorded change on 2026-01-05: date it on or after 2026-01-05/,
        'date-before-last-change',
      ));

  it('refuses a change dated before the previous change took effect', () =>
    spec
      .given(opened(), levelChanged({ effectiveDate: '2026-01-12' }))
      .when(changeLevel({ from: RESIDENTIAL, to: IOP, effectiveDate: '2026-01-11' }))
      .thenThrows(/before the episode's last recorded change on 2026-01-12/, 'date-before-last-change'));

  it('keeps free text a caller slips into the reason or evidence out of the event', () => {
    const command = changeLevel({
      reason: { code: 'relapse', note: "client said she drank at her sister's wedding" } as ChangeLevelOfCare['data']['reason'],
      evidence: [{ kind: 'review', id: 'review-3', comment: 'tearful' } as ChangeLevelOfCare['data']['evidence'][number]],
    });
    const [event] = spec.given(opened()).when(command).events();
    expect(event?.data).toMatchObject({ reason: { code: 'relapse' }, evidence: [{ kind: 'review', id: 'review-3' }] });
    expect(JSON.stringify(event)).not.toMatch(/wedding|tearful/);
  });
});

describe("the payer's authorisation", () => {
  it('records what the payer authorised, dated from now', () =>
    spec.given(opened()).when(recordAuthorization(), new Date('2026-01-06T15:00:00.000Z')).then(authorized()));

  it('never moves the clinical level, even when the payer authorised another one', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), authorized({ level: OP })]);
    expect(state).toMatchObject({ status: 'open', level: IOP, authorization: { level: OP } });
  });

  it('shows no variance while the authorisation covers the clinical level', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), authorized()]);
    expect(authorizationVariance(state, '2026-02-03')).toEqual([]);
  });

  it('shows the variance when the payer authorised a lower level than the clinician chose', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), authorized({ level: OP })]);
    expect(authorizationVariance(state, '2026-01-10')).toEqual([{ kind: 'level-differs', clinicalLevel: IOP, authorizedLevel: OP }]);
  });

  it('shows the variance when the clinical level moves away from the authorised one', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), authorized(), levelChanged()]);
    expect(authorizationVariance(state, '2026-01-12')).toEqual([
      { kind: 'level-differs', clinicalLevel: RESIDENTIAL, authorizedLevel: IOP },
    ]);
  });

  it('shows the authorisation as expired the day after its through date', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), authorized()]);
    expect(authorizationVariance(state, new Date('2026-02-04T08:00:00.000Z'))).toEqual([
      { kind: 'expired', throughDate: '2026-02-03', asOf: '2026-02-04' },
    ]);
  });

  it('shows an episode without any authorisation', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened()]);
    expect(authorizationVariance(state, '2026-01-10')).toEqual([{ kind: 'no-authorization' }]);
  });

  it('keeps the latest authorisation when the payer extends it', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [
      opened(),
      authorized(),
      authorized({ throughDate: '2026-03-05', payerReference: 'payer-auth-902' }),
    ]);
    expect(authorizationVariance(state, '2026-02-20')).toEqual([]);
  });

  it('refuses an authorisation for a level the catalogue does not hold', () =>
    spec
      .given(opened())
      .when(recordAuthorization({ level: { edition: 4, code: '0.5' } }))
      .thenThrows(/0\.5 is not in the ASAM 4th edition/, 'unknown-level-of-care'));

  it.each([0, -3, 2.5])('refuses an authorisation of %p days', (quantity) =>
    spec
      .given(opened())
      .when(recordAuthorization({ amount: { quantity, unit: 'days' } }))
      .thenThrows(/whole, positive number of days/, 'invalid-authorized-amount'),
  );

  it('refuses an authorisation counted in something other than days or units', () =>
    spec
      .given(opened())
      .when(recordAuthorization({ amount: { quantity: 3, unit: 'weeks' as 'days' } }))
      .thenThrows(/in days or units, not weeks/, 'invalid-authorized-amount'));

  it('refuses an authorisation that ends before the episode began', () =>
    spec
      .given(opened())
      .when(recordAuthorization({ throughDate: '2026-01-04' }))
      .thenThrows(/ends on 2026-01-04, before the episode began on 2026-01-05/, 'authorization-before-episode'));

  it('refuses a through date that is not a calendar day', () =>
    spec
      .given(opened())
      .when(recordAuthorization({ throughDate: '03/02/2026' }))
      .thenThrows(/throughDate 03\/02\/2026 is not a calendar day/, 'invalid-date'));
});

describe('transferring the episode to another site', () => {
  it('records the move from the current site, which the ledger supplies', () =>
    spec.given(opened()).when(transferSite()).then(transferred()));

  it('moves the episode, so the next transfer starts from the new site', () =>
    spec
      .given(opened(), transferred())
      .when(transferSite({ toSiteId: 'site-east', effectiveDate: '2026-02-01' }))
      .thenMatches({
        type: 'SiteTransferred',
        data: expect.objectContaining({ fromSiteId: 'site-south', toSiteId: 'site-east' }) as SiteTransferred['data'],
      }));

  it('keeps the client at the same level across a transfer', () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [opened(), transferred()]);
    expect(state).toMatchObject({ siteId: 'site-south', level: IOP });
  });

  it('refuses a transfer to the site the episode is already at', () =>
    spec
      .given(opened())
      .when(transferSite({ toSiteId: 'site-north' }))
      .thenThrows(/already at site site-north: choose another site/, 'same-site'));

  it('refuses a transfer reason it does not record', () =>
    spec
      .given(opened())
      .when(transferSite({ reason: { code: 'because' as 'other' } }))
      .thenThrows(/transfer reason code because/, 'unknown-code'));

  it('refuses a transfer dated before the last level change', () =>
    spec
      .given(opened(), levelChanged())
      .when(transferSite({ effectiveDate: '2026-01-10' }))
      .thenThrows(/before the episode's last recorded change on 2026-01-12/, 'date-before-last-change'));
});

describe('discharging the episode', () => {
  it('records the disposition and the discharge summary reference', () => spec.given(opened()).when(dischargeEpisode()).then(discharged()));

  it.each(['completed', 'against-advice', 'administrative', 'transferred-out', 'other'] as const)(
    'accepts the disposition %s',
    (disposition) => spec.given(opened()).when(dischargeEpisode({ disposition })).then(discharged({ disposition })),
  );

  it('refuses a disposition it does not record', () =>
    spec
      .given(opened())
      .when(dischargeEpisode({ disposition: 'expelled' as 'other' }))
      .thenThrows(/discharge disposition expelled is not one we record/, 'unknown-code'));

  it('refuses a discharge without its summary reference', () =>
    spec
      .given(opened())
      .when(dischargeEpisode({ dischargeSummaryRef: '' }))
      .thenThrows(/save the summary first/, 'discharge-summary-required'));

  it('dates the discharge from now when the command gives no date', () =>
    spec
      .given(opened())
      .when(dischargeEpisode({ date: undefined }))
      .then(discharged({ date: '2026-01-15' })));

  it('refuses a discharge dated before the last transfer', () =>
    spec
      .given(opened(), transferred())
      .when(dischargeEpisode({ date: '2026-01-19' }))
      .thenThrows(/before the episode's last recorded change on 2026-01-20/, 'date-before-last-change'));

  it("keeps the discharged episode's facts for the auditors", () => {
    const state = fold(careEpisode.evolve, careEpisode.initialState, [
      opened(),
      levelChanged(),
      discharged({ disposition: 'against-advice' }),
    ]);
    expect(state).toMatchObject({
      status: 'discharged',
      disposition: 'against-advice',
      dischargeDate: '2026-04-05',
      level: RESIDENTIAL,
      clientId: 'client-1',
    });
  });
});

describe('folding a stream', () => {
  it('ignores events of a stream that does not begin with EpisodeOpened', () => {
    const events: EpisodeEvent[] = [levelChanged(), transferred()];
    expect(fold(careEpisode.evolve, careEpisode.initialState, events)).toEqual({ status: 'not-opened' });
  });
});

describe('the date of what happened (fact-dates.ts), in the ledger', () => {
  const at = (instant: string) => new Date(instant);

  it('refuses a level change dated after today', () =>
    spec
      .given(opened())
      .when(changeLevel({ effectiveDate: '2026-01-16' }), at('2026-01-15T12:00:00.000Z'))
      .thenThrows(/2026-01-16 is after today \(2026-01-15\)/, 'invalid-fact-date'));

  it('refuses a transfer dated after today', () =>
    spec
      .given(opened())
      .when(transferSite({ effectiveDate: '2026-01-16' }), at('2026-01-15T12:00:00.000Z'))
      .thenThrows(/after today/, 'invalid-fact-date'));

  it('refuses a discharge dated after today', () =>
    spec
      .given(opened())
      .when(dischargeEpisode({ date: '2026-01-16' }), at('2026-01-15T12:00:00.000Z'))
      .thenThrows(/the discharge cannot be recorded: date: .*after today/, 'invalid-fact-date'));

  it('refuses a back-dated level change without a late-entry reason', () =>
    spec
      .given(opened())
      .when(changeLevel({ effectiveDate: '2026-01-12' }), at('2026-01-15T12:00:00.000Z'))
      .thenThrows(/lateEntryReason: .*a late entry names why/, 'invalid-fact-date'));

  it('records a back-dated level change with its late-entry reason', () =>
    spec
      .given(opened())
      .when(changeLevel({ effectiveDate: '2026-01-12', lateEntryReason: 'documented-late' }), at('2026-01-15T12:00:00.000Z'))
      .then(levelChanged({ lateEntryReason: 'documented-late' })));

  it('records a back-dated discharge with its late-entry reason', () =>
    spec
      .given(opened())
      .when(dischargeEpisode({ date: '2026-04-03', lateEntryReason: 'system-unavailable' }), at('2026-04-05T12:00:00.000Z'))
      .then(discharged({ date: '2026-04-03', lateEntryReason: 'system-unavailable' })));

  it('refuses a discharge back-dated beyond the window', () =>
    spec
      .given(opened())
      .when(dischargeEpisode({ date: '2026-03-21', lateEntryReason: 'documented-late' }), at('2026-04-05T12:00:00.000Z'))
      .thenThrows(/more than 14 days before today/, 'invalid-fact-date'));

  it("reads today on the site's calendar: 03:00 UTC is still yesterday in Chicago", () => {
    const chicago = createCareEpisodeDecider(
      DEFAULT_LEVEL_CATALOGUE,
      factDatePolicy({ siteTimeZones: { 'site-north': 'America/Chicago' } }),
    );
    const chicagoSpec = deciderSpec(chicago);
    chicagoSpec
      .given(opened())
      .when(changeLevel({ effectiveDate: '2026-01-15' }), at('2026-01-15T03:00:00.000Z'))
      .thenThrows(/2026-01-15 is after today \(2026-01-14\)/, 'invalid-fact-date');
    chicagoSpec
      .given(opened())
      .when(changeLevel({ effectiveDate: undefined }), at('2026-01-15T03:00:00.000Z'))
      .thenMatches({ type: 'LevelOfCareChanged', data: { effectiveDate: '2026-01-14' } });
  });

  it('discharges a client admitted for a later start who never began, dated today', () =>
    spec
      .given(opened({ startDate: '2026-01-19' }))
      .when(dischargeEpisode({ disposition: 'administrative', date: undefined }), at('2026-01-16T12:00:00.000Z'))
      .then(discharged({ disposition: 'administrative', date: '2026-01-16' })));

  it('still refuses a discharge dated before the last change once the episode has begun', () =>
    spec
      .given(opened(), levelChanged())
      .when(dischargeEpisode({ date: '2026-01-11', lateEntryReason: 'documented-late' }), at('2026-01-13T12:00:00.000Z'))
      .thenThrows(/before the episode's last recorded change/, 'date-before-last-change'));
});
