import { type EpisodeEvent, clientEpisodesStream, episodeStream } from '@continuum/care-episode';
import { TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import { findPersonalData, personalDataOf } from '@continuum/testing';
import { type PlanEvent, planStream } from '../domain/index.js';
import { WORSENED_PHQ9 } from '../domain/testing/plan-fixtures.js';
import { TREATMENT_PLAN_STREAM_PREFIXES, TREATMENT_PLAN_TOPIC, toIntegrationEvent } from './treatment-plan-integration-events.js';

// What leaves treatment-plan: ids, codes and dates. The references a clinician types (the
// reason's note reference, the payer's reference, the discharge summary's reference) and
// who decided stay in the ledger. Here they hold prose on purpose, as a careless caller
// might send it, so that the detector has something to find.

const CLIENT = '9d2f6c1e-7b3a-4c5d-8e9f-a0b1c2d3e4f5';
const EPISODE = '6a0c3b1e-2d4f-5a6b-8c7d-9e0f1a2b3c4d';
const ADMISSION = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const ASSESSMENT = '2b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const IOP = { edition: 3 as const, code: '2.1' };
const PHP = { edition: 3 as const, code: '2.5' };
const AT = '2026-01-12T09:00:00.000Z';
const by = { userId: 'clinician-7', role: 'clinician' };

const ledger: EpisodeEvent[] = [
  {
    type: 'EpisodeOpened',
    data: {
      episodeId: EPISODE,
      clientId: CLIENT,
      level: IOP,
      siteId: 'site-north',
      programmeId: 'site-north/3-2.1/evening',
      track: 'evening',
      openedBy: { userId: 'treatment-plan', role: 'system' },
      assessmentId: ASSESSMENT,
      admissionId: ADMISSION,
      startDate: '2026-01-05',
    },
  },
  {
    type: 'LevelOfCareChanged',
    data: {
      episodeId: EPISODE,
      from: IOP,
      to: PHP,
      direction: 'step-up',
      reason: { code: 'relapse', reference: 'Used again after her brother Tobias Quintanilla visited' },
      evidence: [{ kind: 'drug-test', id: 'test-4' }],
      decidedBy: by,
      effectiveDate: '2026-01-08',
    },
  },
  {
    type: 'AuthorizedLevelRecorded',
    data: {
      episodeId: EPISODE,
      level: PHP,
      amount: { quantity: 20, unit: 'days' },
      throughDate: '2026-01-31',
      payerReference: 'Larkspur Mutual member Zoraida Núñez 555-0142',
      recordedBy: by,
      recordedOn: '2026-01-08',
    },
  },
  {
    type: 'SiteTransferred',
    data: {
      episodeId: EPISODE,
      fromSiteId: 'site-north',
      toSiteId: 'site-south',
      reason: { code: 'client-relocated', reference: 'Moved in with Marisol Ferreira-Vance in Millbrook' },
      decidedBy: by,
      effectiveDate: '2026-01-09',
    },
  },
  {
    type: 'EpisodeDischarged',
    data: {
      episodeId: EPISODE,
      disposition: 'against-advice',
      dischargeSummaryRef: 'Left angry, says the counsellor Bartholomew Okonkwo insulted her',
      dischargedBy: by,
      date: '2026-01-10',
    },
  },
];

const plan: PlanEvent[] = [
  {
    type: 'PlanDrafted',
    data: {
      planId: EPISODE,
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      level: IOP,
      population: 'adult',
      startDate: '2026-01-05',
      draftedAt: AT,
    },
  },
  { type: 'SessionAttended', data: { planId: EPISODE, sessionId: 'session-1', date: '2026-01-05', hours: 3, kind: 'group-counselling' } },
  {
    type: 'RelapseRecorded',
    data: {
      planId: EPISODE,
      episodeId: EPISODE,
      clientId: CLIENT,
      relapseId: 'relapse-1',
      date: '2026-01-07',
      substanceCodes: ['opioids'],
      evidence: [{ kind: 'drug-test', id: 'test-4' }],
    },
  },
  {
    type: 'DualDiagnosisReferralRequested',
    data: {
      planId: EPISODE,
      requestId: 'request-1',
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      specialty: 'psychiatric-evaluation',
      urgency: 'urgent',
      conditionCode: 'depression',
      requestedAt: AT,
    },
  },
  {
    type: 'ProgrammeExtended',
    data: {
      planId: EPISODE,
      previousEndDate: '2026-04-05',
      newEndDate: '2026-04-30',
      reasonCode: 'relapse',
      extendedOn: '2026-01-07',
      relapseId: 'relapse-1',
    },
  },
  {
    type: 'ExternalMedicationRecorded',
    data: {
      planId: EPISODE,
      episodeId: EPISODE,
      clientId: CLIENT,
      medicationId: 'medication-1',
      code: 'buprenorphine-naloxone',
      rxnorm: '352364',
      source: 'external-prescriber',
      prescriberId: 'npi-1234567893',
      since: '2026-01-02',
      verification: 'pdmp',
      recordedBy: 'nurse-3',
    },
  },
  {
    type: 'MedicationStopped',
    data: {
      planId: EPISODE,
      episodeId: EPISODE,
      clientId: CLIENT,
      medicationId: 'medication-1',
      code: 'buprenorphine-naloxone',
      stopDate: '2026-01-09',
      reasonCode: 'completed-taper',
    },
  },
  {
    type: 'NaloxoneRecorded',
    data: {
      planId: EPISODE,
      episodeId: EPISODE,
      clientId: CLIENT,
      naloxoneId: 'naloxone-1',
      date: '2026-01-09',
      action: 'dispensed',
      recordedBy: 'nurse-3',
    },
  },
  {
    type: 'EntryMarkedInError',
    data: { planId: EPISODE, kind: 'drug-test', id: 'test-4', reasonCode: 'wrong-client', markedBy: 'nurse-3', markedOn: '2026-01-09' },
  },
  {
    type: 'ReviewRecommended',
    data: {
      planId: EPISODE,
      screeningId: 'screening-2',
      ...WORSENED_PHQ9,
      reasons: [...WORSENED_PHQ9.reasons],
      evidence: [{ kind: 'screening', id: 'screening-2' }],
      currentLevel: IOP,
      screenedAt: AT,
      recommendedOn: '2026-01-12',
    },
  },
];

let position = 0;
function recorded(stream: string, events: readonly { type: string; data: unknown }[], siteId = 'site-north'): RecordedEvent[] {
  return events.map((event, revision) => {
    position += 1;
    return {
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type: event.type,
      streamId: stream,
      revision,
      position,
      recordedAt: AT,
      data: event.data,
      metadata: {
        schemaVersion: 1,
        clientId: CLIENT,
        siteId,
        actor: by,
        occurredAt: AT,
        correlationId: `correlation-${position}`,
        causationId: `cause-${position}`,
        prevHash: '0'.repeat(64),
        hash: String(position).padStart(64, '0'),
      },
    };
  });
}

const ledgerStream = recorded(episodeStream(EPISODE), ledger);
const planEvents = recorded(planStream(EPISODE), plan);
const claims = recorded(clientEpisodesStream(CLIENT), [
  { type: 'EpisodeStarted', data: { clientId: CLIENT, episodeId: EPISODE, startDate: '2026-01-05' } },
]);

/** The store as the mapping reads it: only the episode's own stream, for a discharge. */
const store = {
  async readStream(stream: string, options: { maxCount?: number } = {}) {
    const events = [...ledgerStream, ...planEvents, ...claims].filter((event) => event.streamId === stream);
    return events.slice(0, options.maxCount ?? events.length);
  },
} as unknown as EventStore;

const publishAll = async (events: RecordedEvent[]) => Promise.all(events.map((event) => toIntegrationEvent(event, store)));

describe('which treatment-plan events are published', () => {
  it('publishes the whole ledger, and of the plan only the relapse, the referral request, medications, naloxone and the care team', async () => {
    expect((await publishAll(ledgerStream)).map((event) => event?.type)).toEqual([
      'EpisodeOpened',
      'LevelOfCareChanged',
      'AuthorizedLevelRecorded',
      'SiteTransferred',
      'EpisodeDischarged',
    ]);
    expect((await publishAll(planEvents)).map((event) => event?.type)).toEqual([
      undefined,
      undefined,
      'RelapseRecorded',
      'DualDiagnosisReferralRequested',
      undefined,
      'MedicationStarted',
      'MedicationStopped',
      'NaloxoneRecorded',
      undefined,
      undefined,
    ]);
  });

  it('keeps the safety hold inside: intake publishes it already, and the ledger only notes it', async () => {
    const hold = { clientId: CLIENT, screeningId: 'screening-1', instrument: 'C-SSRS', riskCategory: 'high', placedAt: AT };
    const lifted = {
      clientId: CLIENT,
      screeningId: 'screening-1',
      reason: 'safety-plan-recorded',
      safetyPlanId: 'safety-plan-1',
      releasedAt: AT,
    };
    const onEpisode = recorded(episodeStream(EPISODE), [
      { type: 'SafetyHoldNoted', data: { episodeId: EPISODE, ...hold } },
      { type: 'SafetyHoldLifted', data: { episodeId: EPISODE, ...lifted } },
    ]);
    const onClaim = recorded(clientEpisodesStream(CLIENT), [
      { type: 'SafetyHoldNoted', data: hold },
      { type: 'SafetyHoldLifted', data: lifted },
    ]);
    expect(await publishAll([...onEpisode, ...onClaim])).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("never publishes the per-client claim stream, although it shares the ledger's prefix", async () => {
    expect(await publishAll(claims)).toEqual([undefined]);
  });

  it("follows the ledger and the plans, on treatment-plan's topic", () => {
    expect(TREATMENT_PLAN_TOPIC).toBe(TOPICS.treatmentPlan);
    expect(TREATMENT_PLAN_STREAM_PREFIXES).toEqual(['care-episode-', 'treatment-plan-']);
  });
});

describe('what a published event carries', () => {
  it("meets its contract and keeps the domain event's id and its who-why-when", async () => {
    for (const source of [...ledgerStream, ...planEvents]) {
      const published = await toIntegrationEvent(source, store);
      if (!published) continue;
      expect(validateIntegrationEvent(published)).toEqual({ ok: true, event: published });
      expect(published).toMatchObject({
        eventId: source.eventId,
        source: 'treatment-plan',
        clientId: CLIENT,
        correlationId: source.metadata.correlationId,
        causationId: source.metadata.causationId,
      });
    }
  });

  it("tells an external medication by its codes and start, leaving the prescriber's id and the verification inside", async () => {
    const started = await toIntegrationEvent(
      planEvents.find((event) => event.type === 'ExternalMedicationRecorded')!,
      store,
    );
    expect(started?.data).toEqual({
      episodeId: EPISODE,
      planId: EPISODE,
      clientId: CLIENT,
      medicationId: 'medication-1',
      code: 'buprenorphine-naloxone',
      rxnorm: '352364',
      source: 'external-prescriber',
      startDate: '2026-01-02',
    });
    expect(validateIntegrationEvent(started).ok).toBe(true);
  });

  it('tells a care team change by the staff ids and team roles as the team now stands, nothing more', async () => {
    const [changed] = recorded(planStream(EPISODE), [
      {
        type: 'CareTeamChanged',
        data: {
          planId: EPISODE,
          episodeId: EPISODE,
          clientId: CLIENT,
          siteId: 'site-north',
          members: [
            { userId: 'clinician-7', teamRole: 'clinician' },
            { userId: 'nurse-3', teamRole: 'nurse' },
          ],
          changedAt: AT,
        },
      } satisfies PlanEvent,
    ]);
    const published = await toIntegrationEvent(changed!, store);
    expect(published).toMatchObject({ type: 'CareTeamChanged', eventId: changed!.eventId, clientId: CLIENT, siteId: 'site-north' });
    expect(published?.data).toEqual({
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-north',
      members: [
        { userId: 'clinician-7', teamRole: 'clinician' },
        { userId: 'nurse-3', teamRole: 'nurse' },
      ],
      changedAt: AT,
    });
    expect(validateIntegrationEvent(published).ok).toBe(true);
  });

  it('tells a level change by its reason code and evidence ids', async () => {
    expect((await toIntegrationEvent(ledgerStream[1]!, store))?.data).toEqual({
      episodeId: EPISODE,
      clientId: CLIENT,
      from: IOP,
      to: PHP,
      direction: 'step-up',
      reasonCode: 'relapse',
      evidence: [{ kind: 'drug-test', id: 'test-4' }],
      effectiveDate: '2026-01-08',
    });
  });

  it('tells a discharge with the level and site the episode had then, which the ledger event does not repeat', async () => {
    expect((await toIntegrationEvent(ledgerStream[4]!, store))?.data).toEqual({
      episodeId: EPISODE,
      clientId: CLIENT,
      siteId: 'site-south',
      level: PHP,
      disposition: 'against-advice',
      dischargeDate: '2026-01-10',
      dischargedAt: AT,
    });
  });

  it('refuses a domain schema version it does not read, so the relay stops instead of guessing', async () => {
    const relapse = planEvents[2]!;
    await expect(toIntegrationEvent({ ...relapse, metadata: { ...relapse.metadata, schemaVersion: 2 } }, store)).rejects.toThrow(
      /domain schema version 2, and the mapping reads only version 1/,
    );
  });
});

describe('no personal data leaves treatment-plan', () => {
  const personal = personalDataOf([...ledger, ...plan], {
    codeFields: [
      'direction',
      'disposition',
      'unit',
      'quantity',
      'population',
      'specialty',
      'urgency',
      'conditionCode',
      'substanceCodes',
      'date',
      'effectiveDate',
      'throughDate',
      'hours',
      'role',
      'id',
      // A medication's catalogue and RxNorm codes, its start and stop days, and naloxone's action code.
      'rxnorm',
      'since',
      'stopDate',
      'action',
    ],
  });

  it('has the prose a careless caller put into references to look for', () => {
    const values = personal.texts.map((found) => found.value);
    expect(values).toEqual(
      expect.arrayContaining([
        'Used again after her brother Tobias Quintanilla visited',
        'Larkspur Mutual member Zoraida Núñez 555-0142',
        'Left angry, says the counsellor Bartholomew Okonkwo insulted her',
      ]),
    );
  });

  it('publishes none of it, in any field, spelling or key', async () => {
    const published = (await publishAll([...ledgerStream, ...planEvents])).filter((event) => event !== undefined);
    expect(findPersonalData(published, personal)).toEqual([]);
  });

  it('would catch a mapping that passed the domain data through', async () => {
    const leaky = (await publishAll(ledgerStream)).map((event, index) => ({ ...event!, data: ledgerStream[index]!.data }));
    const findings = findPersonalData(leaky, personal);
    for (const value of ['Tobias Quintanilla', 'Zoraida Núñez', 'Bartholomew Okonkwo', 'Marisol Ferreira-Vance']) {
      expect(findings.some((finding) => finding.includes(value))).toBe(true);
    }
  });
});
