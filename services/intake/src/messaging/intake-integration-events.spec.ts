import { DEFAULT_CONSENT_POLICY } from '@continuum/consent';
import { TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { type IntakeCommand, type IntakeEvent, clientStream } from '../domain/index.js';
import {
  FIXTURE_NOW,
  IOP,
  MEDICALLY_MONITORED,
  PHP,
  RESIDENTIAL,
  admission,
  agreeToRestriction,
  assessment,
  consentForm,
  grantConsent,
  historyInLegs,
  historyOf,
  imminentSuicideRisk,
  itemsSummingTo,
  noSuicideRisk,
  phq9,
  placementDecision,
  referral,
  refuseRestriction,
  registration,
  requestRestriction,
  revokeConsent,
  safetyPlan,
  screening,
} from '../domain/testing/intake-fixtures.js';
import { INTAKE_STREAM_PREFIXES, INTAKE_TOPIC, toIntegrationEvent } from './intake-integration-events.js';
import { findPersonalData, personalDataOf } from '@continuum/testing';

const uuid = (n: number) => `6a1e0c3b-0d4f-4e2a-9b1c-${String(n).padStart(12, '0')}`;
const CLIENT = uuid(1);
const READMITTED_CLIENT = uuid(2);
const ADOLESCENT_CLIENT = uuid(3);

/** Every intake domain event, and what it publishes: the compiler insists each one is decided here. */
const PUBLISHED_AS: Record<IntakeEvent['type'], string | undefined> = {
  ReferralReceived: undefined,
  ClientRegistered: 'ClientRegistered',
  ConsentGranted: 'ConsentGranted',
  ConsentRevoked: 'ConsentRevoked',
  RestrictionRequested: undefined,
  RestrictionAgreed: 'RestrictionAgreed',
  RestrictionRefused: undefined,
  ScreeningRecorded: undefined,
  ScreeningMarkedInError: undefined,
  SafetyHoldPlaced: 'SafetyHoldPlaced',
  SafetyHoldReleased: 'SafetyHoldReleased',
  SafetyFollowUpOpened: 'SafetyFollowUpOpened',
  SafetyFollowUpOverdue: 'SafetyFollowUpOverdue',
  SafetyFollowUpCompleted: 'SafetyFollowUpCompleted',
  ScreeningWorsened: 'ScreeningWorsened',
  CoOccurringConditionIdentified: 'CoOccurringConditionIdentified',
  AssessmentRecorded: undefined,
  PlacementRecommended: undefined,
  PlacementDecided: undefined,
  ClientAdmitted: 'ClientAdmitted',
};

const forClient = (clientId: string, commands: IntakeCommand[]) => commands.map((command) => ({ ...command, clientId }));

const NINE_HOURS_LATER = new Date(FIXTURE_NOW.getTime() + 9 * 3_600_000);

// One client through the whole of intake with two consents, a depression screen, a safety
// hold and its same-day follow-up (flagged overdue, then escalated with the clinician's
// reason), the hold ended by a suicide-risk assessment and safety plan, trauma reported at
// assessment and a placement variance; personal values are distinctive so that any fragment
// of them in the output is a finding.
const firstClient = historyInLegs([
  [
    FIXTURE_NOW,
    forClient(CLIENT, [
      referral({ referralId: uuid(10), source: 'family', reasonCode: 'opioid-use' }),
      registration({
        person: {
          givenName: 'Zoraida',
          familyName: 'Núñez-Quintanilla',
          dateOfBirth: '1988-03-14',
          contact: { phone: '+1 555 0142', email: 'zoraida.nq@example.org', address: '17 Larkspur Lane, Millbrook' },
        },
        possibleDuplicateOf: [uuid(99)],
      }),
      grantConsent({
        consentId: uuid(20),
        clientName: 'Zoraida Núñez-Quintanilla',
        disclosingParty: 'Continuum Millbrook IOP',
        information: { description: 'diagnosis, prescribed medications and weekly attendance', categories: ['diagnosis', 'medications'] },
        recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7', name: 'Riverside Psychiatric Associates' }],
        purposes: ['TREAT', 'COC'],
        purposeDescription: 'to coordinate her psychiatric evaluation and medication management',
        signers: [{ role: 'client', name: 'Zoraida Núñez-Quintanilla' }],
        signedOn: '2026-01-15',
      }),
      grantConsent({
        consentId: uuid(21),
        recipients: [
          { kind: 'general', designation: 'treating-providers' },
          { kind: 'general', designation: 'health-plans' },
        ],
        purposes: ['TREAT', 'HPAYMT'],
        purposeDescription: 'billing her insurer for the programme',
        expiry: { kind: 'event', event: 'discharge', description: 'her discharge from the Larkspur programme' },
        signers: [{ role: 'authorised-representative', name: 'Marisol Ferreira-Vance', authority: 'court-appointed guardian since March' }],
        signedOn: '2026-01-14',
        statements: { ...consentForm().statements, 'hipaa-redisclosure': DEFAULT_CONSENT_POLICY.statementTexts['hipaa-redisclosure'] },
      }),
      revokeConsent({ consentId: uuid(20), receivedAt: '2026-01-15T08:30:00.000Z', receivedVia: 'letter' }),
      // Requests for restriction (42 CFR 2.26): one agreed, the required paid-in-full one, one refused with a reason for her.
      requestRestriction(
        { kind: 'requested', scope: { recipientKinds: ['health-plan'], purposes: ['HPAYMT'], categories: ['diagnosis'] } },
        uuid(80),
      ),
      agreeToRestriction(uuid(80)),
      requestRestriction({ kind: 'paid-in-full', serviceIds: ['service-2026-01-12-counselling'] }, uuid(81)),
      requestRestriction({ kind: 'requested', scope: { recipientIds: ['provider-psychiatry-7'] } }, uuid(82)),
      refuseRestriction('Zoraida’s psychiatrist at Riverside prescribes her buprenorphine and must hear of relapses', uuid(82)),
      screening(phq9(itemsSummingTo(14, 9, 3)), uuid(30)),
      screening(imminentSuicideRisk, uuid(31), uuid(35)),
    ]),
  ],
  [NINE_HOURS_LATER, forClient(CLIENT, [{ type: 'FlagOverdueSafetyFollowUp', clientId: CLIENT, data: { followUpId: uuid(35) } }])],
  [
    NINE_HOURS_LATER,
    forClient(CLIENT, [
      {
        type: 'RecordSafetyFollowUp',
        clientId: CLIENT,
        data: {
          followUpId: uuid(35),
          clinicianId: 'clinician-5',
          outcome: 'escalated',
          escalation: { to: 'crisis-team', reason: 'Zoraida described driving to the Millbrook bridge' },
        },
      },
      safetyPlan({
        safetyPlanId: uuid(40),
        clinicianId: 'clinician-5',
        suicideRiskAssessment: { assessmentId: uuid(43), method: 'safe-t', riskLevel: 'moderate' },
      }),
      assessment({ assessmentId: uuid(50), clinicianId: 'clinician-5', reportsTrauma: true }),
      placementDecision({ placementId: uuid(60), level: PHP, varianceReason: 'wants the group near her sister Marisol in Millbrook' }),
      admission({ admissionId: uuid(70), level: PHP, track: 'morning', startDate: '2026-01-19' }),
    ]),
  ],
]);

// A client admitted at the safety level while on a safety hold (which the admission does not
// end: a suicide-risk assessment and safety plan recorded later do), then readmitted after an
// aftercare re-entry referral.
const readmittedClient = historyOf(
  forClient(READMITTED_CLIENT, [
    referral({ referralId: uuid(11) }),
    registration({ person: { givenName: 'Bartholomew', familyName: 'Okonkwo', dateOfBirth: '1975-11-02', contact: {} } }),
    screening(imminentSuicideRisk, uuid(32), uuid(36)),
    screening(phq9(itemsSummingTo(4, 9, 3)), uuid(37)),
    assessment({ assessmentId: uuid(51) }),
    placementDecision({ placementId: uuid(61), level: MEDICALLY_MONITORED, varianceReason: 'sleeps in his car since the eviction' }),
    admission({ admissionId: uuid(71), level: MEDICALLY_MONITORED, track: 'other' }),
    // Measured again in treatment: worse than at intake.
    screening(phq9(itemsSummingTo(16, 9, 3)), uuid(38)),
    // Another client's PHQ-9 entered on this record, and marked so.
    screening(phq9(itemsSummingTo(2, 9, 3)), uuid(39)),
    {
      type: 'MarkScreeningEnteredInError',
      clientId: READMITTED_CLIENT,
      data: { screeningId: uuid(39), reasonCode: 'wrong-client', markedBy: 'nurse-4' },
    },
    safetyPlan({
      safetyPlanId: uuid(41),
      clinicianId: 'clinician-6',
      suicideRiskAssessment: { assessmentId: uuid(42), method: 'c-ssrs-full-scale', riskLevel: 'low' },
    }),
    referral({ referralId: uuid(12), source: 'aftercare-re-entry', previousEpisodeId: 'episode-5f2e' }),
    screening(noSuicideRisk, uuid(33)),
    assessment({ assessmentId: uuid(52) }),
    placementDecision({ placementId: uuid(62), level: IOP }),
    admission({ admissionId: uuid(72), level: IOP }),
  ]),
);

let position = 0;
function recorded(stream: string, clientId: string, events: readonly { type: string; data: unknown }[]): RecordedEvent[] {
  return events.map((event, revision) => {
    position += 1;
    return {
      eventId: uuid(1000 + position),
      type: event.type,
      streamId: stream,
      revision,
      position,
      recordedAt: FIXTURE_NOW.toISOString(),
      data: event.data,
      metadata: {
        schemaVersion: 1,
        clientId,
        siteId: 'site-north',
        actor: { userId: 'coordinator-3', role: 'intake-coordinator' },
        occurredAt: FIXTURE_NOW.toISOString(),
        correlationId: `correlation-${position}`,
        causationId: `request-${position}`,
        prevHash: '0'.repeat(64),
        hash: String(position).padStart(64, '0'),
      },
    };
  });
}

const domainEvents: IntakeEvent[] = [...firstClient, ...readmittedClient];
const clientStreams = [
  ...recorded(clientStream(CLIENT), CLIENT, firstClient),
  ...recorded(clientStream(READMITTED_CLIENT), READMITTED_CLIENT, readmittedClient),
];
// What the application writes beside the client streams to find duplicates and consents' owners.
const indexStreams = [
  ...recorded('intake-identity-3b5c9e', CLIENT, [{ type: 'ClientIdentityIndexed', data: { clientId: CLIENT } }]),
  ...recorded(`intake-consent-${uuid(20)}`, CLIENT, [{ type: 'ConsentIndexed', data: { clientId: CLIENT } }]),
];
const everything = [...clientStreams, ...indexStreams];
const published = everything.map(toIntegrationEvent).filter((event) => event !== undefined);
const publishedOf = (type: string) => published.filter((event) => event.type === type);

describe('which intake events are published', () => {
  it('the journeys hold every kind of intake domain event, so each mapping below is exercised', () => {
    expect(new Set(domainEvents.map((event) => event.type))).toEqual(new Set(Object.keys(PUBLISHED_AS)));
  });

  it("publishes the integration events of the contract and keeps intake's working record to itself", () => {
    for (const event of clientStreams) {
      expect({ type: event.type, published: toIntegrationEvent(event)?.type }).toEqual({
        type: event.type,
        published: PUBLISHED_AS[event.type as IntakeEvent['type']],
      });
    }
  });

  it('never publishes the duplicate and consent index streams', () => {
    expect(indexStreams.map(toIntegrationEvent)).toEqual([undefined, undefined]);
    expect(INTAKE_STREAM_PREFIXES.some((prefix) => indexStreams.some((event) => event.streamId.startsWith(prefix)))).toBe(false);
  });

  it("ignores an event of a published type that comes from another context's stream", () => {
    const [admitted] = clientStreams.filter((event) => event.type === 'ClientAdmitted');
    expect(toIntegrationEvent({ ...admitted!, streamId: 'care-episode-5f2e' })).toBeUndefined();
  });

  it("publishes on intake's topic and follows the client streams", () => {
    expect(INTAKE_TOPIC).toBe(TOPICS.intake);
    expect(INTAKE_STREAM_PREFIXES).toEqual(['intake-client-']);
    expect(clientStreams.every((event) => INTAKE_STREAM_PREFIXES.some((prefix) => event.streamId.startsWith(prefix)))).toBe(true);
  });
});

describe('what a published event carries', () => {
  it('meets its contract, every one of them', () => {
    expect(published.length).toBe(clientStreams.filter((event) => PUBLISHED_AS[event.type as IntakeEvent['type']]).length);
    for (const event of published) expect(validateIntegrationEvent(event)).toEqual({ ok: true, event });
  });

  it("keeps the domain event's id, so a consumer recognises a redelivery, and its who-why-when", () => {
    const source = clientStreams.find((event) => event.type === 'ClientAdmitted')!;
    expect(toIntegrationEvent(source)).toMatchObject({
      eventId: source.eventId,
      schemaVersion: 1,
      source: 'intake',
      occurredAt: source.metadata.occurredAt,
      clientId: CLIENT,
      siteId: 'site-north',
      correlationId: source.metadata.correlationId,
      causationId: source.metadata.causationId,
    });
  });

  it('tells the registration with its possible duplicates, not the person', () => {
    expect(publishedOf('ClientRegistered')[0]!.data).toEqual({
      clientId: CLIENT,
      siteId: 'site-north',
      possibleDuplicateOf: [uuid(99)],
      registeredAt: FIXTURE_NOW.toISOString(),
    });
  });

  it("tells a consent on the 2024 form as v2: recipients by id or designation, PurposeOfUse codes, categories and expiry, without the form's wording or names", () => {
    expect(publishedOf('ConsentGranted').map((event) => [event.schemaVersion, event.data])).toEqual([
      [
        2,
        {
          consentId: uuid(20),
          clientId: CLIENT,
          recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7' }],
          purposes: ['TREAT', 'COC'],
          categories: ['diagnosis', 'medications'],
          expiry: { kind: 'date', expiresOn: '2027-01-15' },
          signedOn: '2026-01-15',
          clientIsMinor: false,
          grantedAt: FIXTURE_NOW.toISOString(),
        },
      ],
      [
        2,
        {
          consentId: uuid(21),
          clientId: CLIENT,
          recipients: [
            { kind: 'general', designation: 'treating-providers' },
            { kind: 'general', designation: 'health-plans' },
          ],
          purposes: ['TREAT', 'HPAYMT'],
          categories: ['diagnosis', 'medications', 'attendance'],
          expiry: { kind: 'event', event: 'discharge' },
          signedOn: '2026-01-14',
          clientIsMinor: false,
          grantedAt: FIXTURE_NOW.toISOString(),
        },
      ],
    ]);
  });

  it('still publishes a consent stored on the old form as v1, as it did when it was recorded', () => {
    const [stored] = recorded(clientStream(CLIENT), CLIENT, [
      {
        type: 'ConsentGranted',
        data: {
          clientId: CLIENT,
          consent: {
            consentId: uuid(22),
            clientName: 'Zoraida Núñez-Quintanilla',
            disclosingParty: 'Continuum Millbrook IOP',
            information: 'diagnosis',
            recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7', name: 'Riverside Psychiatric Associates' }],
            purposes: ['treatment'],
            purposeDescription: 'psychiatric evaluation',
            expiry: { kind: 'event', event: 'her discharge' },
            signature: { signedBy: 'client', signerName: 'Zoraida Núñez-Quintanilla', signedOn: '2025-12-01' },
            acknowledgesRightToRevoke: true,
          },
          grantedAt: '2025-12-01T10:00:00.000Z',
        },
      },
    ]);
    const event = toIntegrationEvent(stored!)!;
    expect([event.schemaVersion, event.data]).toEqual([
      1,
      {
        consentId: uuid(22),
        clientId: CLIENT,
        recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7' }],
        purposes: ['treatment'],
        expiry: { kind: 'event' },
        signedBy: 'client',
        signedOn: '2025-12-01',
        grantedAt: '2025-12-01T10:00:00.000Z',
      },
    ]);
  });

  it('tells from when a revoked consent stops covering disclosures: when the written revocation was received', () => {
    expect(publishedOf('ConsentRevoked')[0]!.data).toEqual({
      consentId: uuid(20),
      clientId: CLIENT,
      revokedOn: '2026-01-15',
      effectiveAt: '2026-01-15T08:30:00.000Z',
    });
  });

  it('tells every agreed restriction and the required paid-in-full one, with what each covers in ids and codes; a request waiting for a decision and a refusal stay in intake', () => {
    expect(publishedOf('RestrictionAgreed').map((event) => event.data)).toEqual([
      {
        restrictionId: uuid(80),
        clientId: CLIENT,
        request: { kind: 'requested', scope: { recipientKinds: ['health-plan'], purposes: ['HPAYMT'], categories: ['diagnosis'] } },
        required: false,
        agreedAt: FIXTURE_NOW.toISOString(),
      },
      {
        restrictionId: uuid(81),
        clientId: CLIENT,
        request: { kind: 'paid-in-full', serviceIds: ['service-2026-01-12-counselling'] },
        required: true,
        agreedAt: FIXTURE_NOW.toISOString(),
      },
    ]);
    expect(JSON.stringify(published)).not.toContain(uuid(82));
    // The refusal's reason is written for the client (searched for below only as a code, being top-level): it never crosses.
    expect(JSON.stringify(published)).not.toContain('buprenorphine');
  });

  it('publishes a condition identified before intake recorded bands without one, still valid for v1 consumers', () => {
    const source = clientStreams.find((event) => event.type === 'CoOccurringConditionIdentified')!;
    const { band: _band, ...withoutBand } = source.data as { band?: string };
    const legacy = toIntegrationEvent({ ...source, data: withoutBand })!;
    expect(legacy.data).not.toHaveProperty('band');
    expect(validateIntegrationEvent(legacy).ok).toBe(true);
  });

  it("tells each co-occurring condition with its evidence: a screen's score and severity band, or none when reported at assessment", () => {
    expect(publishedOf('CoOccurringConditionIdentified').map((event) => event.data)).toEqual([
      {
        clientId: CLIENT,
        condition: 'depression',
        instrument: 'PHQ-9',
        score: 14,
        band: 'moderate',
        evidenceId: uuid(30),
        identifiedAt: FIXTURE_NOW.toISOString(),
      },
      {
        clientId: CLIENT,
        condition: 'trauma',
        instrument: 'assessment',
        score: null,
        evidenceId: uuid(50),
        identifiedAt: NINE_HOURS_LATER.toISOString(),
      },
      {
        clientId: READMITTED_CLIENT,
        condition: 'depression',
        instrument: 'PHQ-9',
        score: 16,
        band: 'moderately-severe',
        evidenceId: uuid(38),
        identifiedAt: FIXTURE_NOW.toISOString(),
      },
    ]);
  });

  it('tells a safety hold, and its end with the suicide-risk assessment and safety plan by ids and codes', () => {
    expect(publishedOf('SafetyHoldPlaced').map((event) => event.data)).toEqual([
      { clientId: CLIENT, screeningId: uuid(31), instrument: 'C-SSRS', riskCategory: 'high', placedAt: FIXTURE_NOW.toISOString() },
      {
        clientId: READMITTED_CLIENT,
        screeningId: uuid(32),
        instrument: 'C-SSRS',
        riskCategory: 'high',
        placedAt: FIXTURE_NOW.toISOString(),
      },
    ]);
    expect(publishedOf('SafetyHoldReleased').map((event) => event.data)).toEqual([
      {
        reason: 'safety-plan-recorded',
        clientId: CLIENT,
        safetyPlanId: uuid(40),
        clinicianId: 'clinician-5',
        suicideRiskAssessmentId: uuid(43),
        assessedRiskLevel: 'moderate',
        releasedAt: NINE_HOURS_LATER.toISOString(),
      },
      {
        reason: 'safety-plan-recorded',
        clientId: READMITTED_CLIENT,
        safetyPlanId: uuid(41),
        clinicianId: 'clinician-6',
        suicideRiskAssessmentId: uuid(42),
        assessedRiskLevel: 'low',
        releasedAt: FIXTURE_NOW.toISOString(),
      },
    ]);
  });

  it('tells a same-day safety follow-up: opened with its signal, owner and due time, flagged overdue, and recorded as escalated by destination alone', () => {
    const dueAt = new Date(FIXTURE_NOW.getTime() + 8 * 3_600_000).toISOString();
    expect(publishedOf('SafetyFollowUpOpened').map((event) => event.data)).toEqual([
      {
        clientId: CLIENT,
        followUpId: uuid(35),
        siteId: 'site-north',
        screeningId: uuid(31),
        instrument: 'C-SSRS',
        signal: 'cssrs-high-risk',
        ownerRole: 'clinician',
        dueAt,
        openedAt: FIXTURE_NOW.toISOString(),
      },
      {
        clientId: READMITTED_CLIENT,
        followUpId: uuid(36),
        siteId: 'site-north',
        screeningId: uuid(32),
        instrument: 'C-SSRS',
        signal: 'cssrs-high-risk',
        ownerRole: 'clinician',
        dueAt,
        openedAt: FIXTURE_NOW.toISOString(),
      },
    ]);
    expect(publishedOf('SafetyFollowUpOverdue').map((event) => event.data)).toEqual([
      { clientId: CLIENT, followUpId: uuid(35), siteId: 'site-north', dueAt, flaggedAt: NINE_HOURS_LATER.toISOString() },
    ]);
    expect(publishedOf('SafetyFollowUpCompleted').map((event) => event.data)).toEqual([
      {
        clientId: CLIENT,
        followUpId: uuid(35),
        outcome: 'escalated',
        escalatedTo: 'crisis-team',
        clinicianId: 'clinician-5',
        completedAt: NINE_HOURS_LATER.toISOString(),
      },
    ]);
  });

  it('tells a screening worse than the one before during treatment with exactly the payload treatment-plan reads, never the answers', () => {
    expect(publishedOf('ScreeningWorsened').map((event) => event.data)).toEqual([
      {
        clientId: READMITTED_CLIENT,
        siteId: 'site-north',
        screeningId: uuid(38),
        instrument: 'PHQ-9',
        score: 16,
        band: 'moderately-severe',
        previousScore: 4,
        previousBand: 'none-minimal',
        reasons: ['score-up', 'band-up'],
        recordedAt: FIXTURE_NOW.toISOString(),
      },
    ]);
  });

  it('still publishes the releases recorded before, by a safety plan alone or by an admission at a 24-hour level, as valid v1 events', () => {
    const [release] = clientStreams.filter((event) => event.type === 'SafetyHoldReleased');
    const planAlone = toIntegrationEvent({
      ...release!,
      data: {
        clientId: CLIENT,
        reason: 'safety-plan-recorded',
        safetyPlanId: uuid(40),
        clinicianId: 'clinician-5',
        releasedAt: FIXTURE_NOW.toISOString(),
      },
    })!;
    expect(planAlone.data).toEqual({
      reason: 'safety-plan-recorded',
      clientId: CLIENT,
      safetyPlanId: uuid(40),
      clinicianId: 'clinician-5',
      releasedAt: FIXTURE_NOW.toISOString(),
    });
    const byAdmission = toIntegrationEvent({
      ...release!,
      data: {
        clientId: CLIENT,
        reason: 'placed-at-24-hour-level',
        admissionId: uuid(70),
        level: RESIDENTIAL,
        releasedAt: FIXTURE_NOW.toISOString(),
      },
    })!;
    expect(byAdmission.data).toEqual({
      reason: 'placed-at-24-hour-level',
      clientId: CLIENT,
      admissionId: uuid(70),
      level: RESIDENTIAL,
      releasedAt: FIXTURE_NOW.toISOString(),
    });
    expect([planAlone, byAdmission].map((event) => validateIntegrationEvent(event).ok)).toEqual([true, true]);
  });

  it('tells an admission with what treatment-plan needs to open the episode, and for a readmission the episode and admission before', () => {
    const [first, residential, readmission] = publishedOf('ClientAdmitted').map((event) => event.data);
    expect(first).toEqual({
      clientId: CLIENT,
      admissionId: uuid(70),
      level: PHP,
      siteId: 'site-north',
      track: 'morning',
      startDate: '2026-01-19',
      assessmentId: uuid(50),
      placementId: uuid(60),
      referralId: uuid(10),
      population: 'adult',
      admittedAt: NINE_HOURS_LATER.toISOString(),
    });
    expect(residential).not.toHaveProperty('previousAdmissionId');
    expect(readmission).toMatchObject({
      clientId: READMITTED_CLIENT,
      referralId: uuid(12),
      previousEpisodeId: 'episode-5f2e',
      previousAdmissionId: uuid(71),
      level: IOP,
    });
  });

  it('tells an adolescent admission as adolescent, by the category alone: the birth date stays in intake', () => {
    const adolescentHistory = historyOf(
      forClient(ADOLESCENT_CLIENT, [
        referral({ referralId: uuid(13) }),
        registration({ person: { givenName: 'Temperance', familyName: 'Vasquez-Holloway', dateOfBirth: '2008-01-20', contact: {} } }),
        screening(noSuicideRisk, uuid(34)),
        assessment({ assessmentId: uuid(53) }),
        placementDecision({ placementId: uuid(63), level: IOP }),
        admission({ admissionId: uuid(73), level: IOP, startDate: '2026-01-19' }),
      ]),
    );
    const adolescentPublished = recorded(clientStream(ADOLESCENT_CLIENT), ADOLESCENT_CLIENT, adolescentHistory)
      .map(toIntegrationEvent)
      .filter((event) => event !== undefined);
    const admitted = adolescentPublished.find((event) => event.type === 'ClientAdmitted')!;
    expect(admitted.data).toMatchObject({ admissionId: uuid(73), startDate: '2026-01-19', population: 'adolescent' });
    expect(validateIntegrationEvent(admitted).ok).toBe(true);
    expect(findPersonalData(adolescentPublished, personalDataOf(adolescentHistory, { codeFields: POPULATION_IS_A_CODE }))).toEqual([]);
    expect(JSON.stringify(adolescentPublished)).not.toContain('2008');
  });

  it('publishes an admission recorded before intake named the population without one, still valid for v1 consumers', () => {
    const source = clientStreams.find((event) => event.type === 'ClientAdmitted')!;
    const { population: _population, ...withoutPopulation } = source.data as { population?: string };
    const legacy = toIntegrationEvent({ ...source, data: withoutPopulation })!;
    expect(legacy.data).not.toHaveProperty('population');
    expect(validateIntegrationEvent(legacy).ok).toBe(true);
  });
});

/**
 * `population` (adult or adolescent) crosses as a code: a two-valued category derived on the
 * start date, which cannot be turned back into the birth date and identifies no one (HIPAA's
 * Safe Harbor keeps ages under 90 off its list of identifiers, 45 CFR 164.514(b)(2)(i)(C)).
 * The birth date it comes from is still searched for, whole and in other spellings.
 */
const POPULATION_IS_A_CODE = ['population'];
/**
 * A safety follow-up crosses as codes from intake's lists: the signal that opened it, the role
 * whose work it is, what was done and where an escalation sent the client (`to` in the domain
 * event, `escalatedTo` published). The escalation's reason is the clinician's prose and is
 * searched for.
 */
const SAFETY_FOLLOW_UP_CODES = ['signal', 'ownerRole', 'outcome', 'to', 'escalatedTo'];
/**
 * A consent on the 2024 form crosses as codes of the one consent rule (@continuum/consent): the
 * categories of information, a general designation, the expiry event, and who signed as a role
 * (`client`, `guardian`); the names, descriptions and the event's wording on the form are searched for.
 */
const CONSENT_CODES = ['categories', 'designation', 'event', 'role'];
/**
 * A restriction crosses as what it covers: kinds of recipient (codes of the one consent rule),
 * recipients by directory id and services by id, never a name.
 */
const RESTRICTION_CODES = ['recipientKinds', 'recipientIds', 'serviceIds'];
/** Which placement rule decided (`safety-hold`, `intensive-outpatient`): a code of intake's rules, which the recommendation keeps to itself anyway. */
const PLACEMENT_RULE_IS_A_CODE = 'rule';
/** A worsening crosses as the measure before it and why it is worse: a score and a band, like `score` and `band`, and reason codes. */
const WORSENING_CODES = ['previousScore', 'previousBand', 'reasons'];
/**
 * A screen's severity band (`moderate`, `severe`) is a code from the published instrument, like
 * the score it comes from; how a clinician assessed suicide risk and the level found are codes
 * from intake's lists (`safe-t`, `moderate`).
 */
const INTAKE_CODE_FIELDS = [
  ...POPULATION_IS_A_CODE,
  ...CONSENT_CODES,
  'band',
  'assessmentMethod',
  'assessedRiskLevel',
  ...SAFETY_FOLLOW_UP_CODES,
  ...RESTRICTION_CODES,
  PLACEMENT_RULE_IS_A_CODE,
  ...WORSENING_CODES,
];

describe('no personal data leaves intake', () => {
  const personal = personalDataOf(domainEvents, { codeFields: INTAKE_CODE_FIELDS });

  it("has the person, the consent forms' wording, the answers and the clinicians' reasons to look for", () => {
    const paths = [...personal.identities, ...personal.texts, ...personal.answerSets].map((found) => found.path.replace(/^\w+#\d+\./, ''));
    for (const field of [
      'data.person.givenName',
      'data.person.familyName',
      'data.person.dateOfBirth',
      'data.person.contact.phone',
      'data.person.contact.email',
      'data.person.contact.address',
      'data.consent.clientName',
      'data.consent.signers[0].name',
      'data.consent.signers[0].authority',
      'data.consent.recipients[0].name',
      'data.consent.information.description',
      'data.consent.purposeDescription',
      'data.consent.disclosingParty',
      'data.consent.expiry.description',
      'data.answers.items',
      'data.answers.answers',
      'data.assessment.ratings',
      'data.variance.reason',
      'data.escalation.reason',
    ]) {
      expect(paths).toContain(field);
    }
  });

  it('publishes none of it, in any field, spelling or key', () => {
    expect(findPersonalData(published, personal)).toEqual([]);
  });

  it('would catch a mapping that passed the domain data through', () => {
    const leaky = clientStreams.flatMap((event) => {
      const mapped = toIntegrationEvent(event);
      return mapped ? [{ ...mapped, data: event.data }] : [];
    });
    const findings = findPersonalData(leaky, personal);
    for (const value of [
      'Zoraida',
      'Núñez-Quintanilla',
      '1988-03-14',
      'zoraida.nq@example.org',
      'Marisol Ferreira-Vance',
      'her discharge from the Larkspur programme',
    ]) {
      expect(findings.some((finding) => finding.includes(JSON.stringify(value)))).toBe(true);
    }
    // The contract refuses them too: its closed objects have no room for the person or the form.
    const carryingPerson = leaky.filter((event) => event.type === 'ClientRegistered' || event.type === 'ConsentGranted');
    expect(carryingPerson).toHaveLength(4);
    expect(carryingPerson.map((event) => validateIntegrationEvent(event).ok)).toEqual([false, false, false, false]);
  });
});

describe('when an event cannot be published as it is', () => {
  const [placed] = clientStreams.filter((event) => event.type === 'SafetyHoldPlaced');

  it('refuses a domain schema version the mapping does not read, so the relay stops instead of guessing', () => {
    expect(() => toIntegrationEvent({ ...placed!, metadata: { ...placed!.metadata, schemaVersion: 2 } })).toThrow(
      /SafetyHoldPlaced .* is domain schema version 2, and the mapping reads only version 1; add that version/,
    );
  });

  it('refuses to publish an event its contract would refuse, naming the problem', () => {
    const condition = clientStreams.find((event) => event.type === 'CoOccurringConditionIdentified')!;
    const fromAuditC = { ...condition, data: { ...(condition.data as object), instrument: 'AUDIT-C' } };
    expect(() => toIntegrationEvent(fromAuditC)).toThrow(
      /does not meet its contract, so it was not published: data\.instrument: expected one of PHQ-9, GAD-7, PC-PTSD-5, MDQ, assessment/,
    );
  });
});
