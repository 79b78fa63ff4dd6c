import { type IntegrationEvent, TOPICS } from './integration-event.js';
import { INTAKE_EVENT_CONTRACTS } from './intake-events.js';
import { INTEGRATION_EVENT_CONTRACTS } from './registry.js';
import { validateIntegrationEvent } from './validate-integration-event.js';

const CLIENT = '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function intakeEvent(type: string, data: Record<string, unknown>): IntegrationEvent {
  return {
    eventId: id(999),
    type,
    schemaVersion: 1,
    source: 'intake',
    occurredAt: '2026-01-15T09:00:00.000Z',
    clientId: CLIENT,
    siteId: 'site-north',
    correlationId: 'request-7f3a',
    causationId: id(998),
    data,
  };
}

const level = { edition: 3, code: '2.1' };

const valid = {
  ClientRegistered: () =>
    intakeEvent('ClientRegistered', {
      clientId: CLIENT,
      siteId: 'site-north',
      possibleDuplicateOf: [id(1)],
      registeredAt: '2026-01-15T09:00:00.000Z',
    }),
  ConsentGranted: () =>
    intakeEvent('ConsentGranted', {
      consentId: id(2),
      clientId: CLIENT,
      recipients: [{ kind: 'named', recipientId: 'provider-psychiatry-7' }, { kind: 'treating-providers' }],
      purposes: ['treatment'],
      expiry: { kind: 'date', expiresOn: '2027-01-15' },
      signedBy: 'client',
      signedOn: '2026-01-15',
      grantedAt: '2026-01-15T09:00:00.000Z',
    }),
  ConsentRevoked: () =>
    intakeEvent('ConsentRevoked', { consentId: id(2), clientId: CLIENT, revokedOn: '2026-02-01', effectiveAt: '2026-02-01T00:00:00.000Z' }),
  RestrictionAgreed: () =>
    intakeEvent('RestrictionAgreed', {
      restrictionId: id(9),
      clientId: CLIENT,
      request: { kind: 'paid-in-full', serviceIds: ['episode-7'] },
      required: true,
      agreedAt: '2026-02-01T09:00:00.000Z',
    }),
  CoOccurringConditionIdentified: () =>
    intakeEvent('CoOccurringConditionIdentified', {
      clientId: CLIENT,
      condition: 'depression',
      instrument: 'PHQ-9',
      score: 14,
      evidenceId: id(3),
      identifiedAt: '2026-01-15T09:00:00.000Z',
    }),
  SafetyHoldPlaced: () =>
    intakeEvent('SafetyHoldPlaced', {
      clientId: CLIENT,
      screeningId: id(4),
      instrument: 'C-SSRS',
      riskCategory: 'high',
      placedAt: '2026-01-15T09:00:00.000Z',
    }),
  SafetyHoldReleased: () =>
    intakeEvent('SafetyHoldReleased', {
      reason: 'safety-plan-recorded',
      clientId: CLIENT,
      safetyPlanId: id(5),
      clinicianId: 'clinician-1',
      releasedAt: '2026-01-16T10:00:00.000Z',
    }),
  SafetyFollowUpOpened: () =>
    intakeEvent('SafetyFollowUpOpened', {
      clientId: CLIENT,
      followUpId: id(12),
      siteId: 'site-north',
      screeningId: id(4),
      instrument: 'PHQ-9',
      signal: 'phq9-item-9',
      ownerRole: 'clinician',
      dueAt: '2026-01-15T17:00:00.000Z',
      openedAt: '2026-01-15T09:00:00.000Z',
    }),
  SafetyFollowUpOverdue: () =>
    intakeEvent('SafetyFollowUpOverdue', {
      clientId: CLIENT,
      followUpId: id(12),
      siteId: 'site-north',
      dueAt: '2026-01-15T17:00:00.000Z',
      flaggedAt: '2026-01-15T17:01:00.000Z',
    }),
  SafetyFollowUpCompleted: () =>
    intakeEvent('SafetyFollowUpCompleted', {
      clientId: CLIENT,
      followUpId: id(12),
      outcome: 'safety-plan-made',
      safetyPlanId: id(13),
      clinicianId: 'clinician-1',
      completedAt: '2026-01-15T12:00:00.000Z',
    }),
  ScreeningWorsened: () =>
    intakeEvent('ScreeningWorsened', {
      clientId: CLIENT,
      siteId: 'site-north',
      screeningId: id(14),
      instrument: 'PHQ-9',
      score: 16,
      band: 'moderately-severe',
      previousScore: 10,
      previousBand: 'moderate',
      reasons: ['score-up', 'band-up'],
      recordedAt: '2026-02-12T10:00:00.000Z',
    }),
  ClientAdmitted: () =>
    intakeEvent('ClientAdmitted', {
      clientId: CLIENT,
      admissionId: id(6),
      level,
      siteId: 'site-north',
      track: 'evening',
      startDate: '2026-01-19',
      assessmentId: id(7),
      placementId: id(8),
      referralId: id(9),
      admittedAt: '2026-01-16T10:00:00.000Z',
    }),
};

const problemsOf = (event: unknown) => {
  const result = validateIntegrationEvent(event);
  return result.ok ? [] : result.problems;
};

const withData = (event: IntegrationEvent, change: (data: Record<string, unknown>) => void): IntegrationEvent => {
  const data = structuredClone(event.data) as Record<string, unknown>;
  change(data);
  return { ...event, data };
};

describe('the contract of each intake integration event', () => {
  it.each(Object.entries(valid))('accepts a complete %s of version 1', (_type, build) => {
    const event = build();
    expect(validateIntegrationEvent(event)).toEqual({ ok: true, event });
  });

  it("accepts a consent that expires on an event, without the event's wording", () => {
    expect(problemsOf(withData(valid.ConsentGranted(), (data) => (data.expiry = { kind: 'event' })))).toEqual([]);
  });

  it('accepts a co-occurring condition with the severity band of its screen, and refuses a band no instrument has', () => {
    for (const band of ['none-minimal', 'minimal', 'mild', 'moderate', 'moderately-severe', 'severe']) {
      expect(problemsOf(withData(valid.CoOccurringConditionIdentified(), (data) => (data.band = band)))).toEqual([]);
    }
    expect(problemsOf(withData(valid.CoOccurringConditionIdentified(), (data) => (data.band = 'extreme')))).toEqual([
      'data.band: expected one of none-minimal, minimal, mild, moderate, moderately-severe, severe',
    ]);
  });

  it('accepts a co-occurring condition found at assessment, which has no score', () => {
    const fromAssessment = withData(valid.CoOccurringConditionIdentified(), (data) =>
      Object.assign(data, { condition: 'trauma', instrument: 'assessment', score: null }),
    );
    expect(problemsOf(fromAssessment)).toEqual([]);
  });

  it('accepts a safety hold ended with the suicide-risk assessment it needs, and refuses one ended at high risk', () => {
    const withAssessment = withData(valid.SafetyHoldReleased(), (data) =>
      Object.assign(data, { suicideRiskAssessmentId: id(11), assessedRiskLevel: 'moderate' }),
    );
    expect(problemsOf(withAssessment)).toEqual([]);
    expect(problemsOf(withData(withAssessment, (data) => (data.assessedRiskLevel = 'high')))).toEqual([
      'data.assessedRiskLevel: expected one of low, moderate',
    ]);
  });

  it("accepts a safety follow-up escalated, by destination code, and refuses the clinician's reason beside it", () => {
    const escalated = withData(valid.SafetyFollowUpCompleted(), (data) => {
      delete data.safetyPlanId;
      Object.assign(data, { outcome: 'escalated', escalatedTo: 'crisis-team' });
    });
    expect(problemsOf(escalated)).toEqual([]);
    expect(problemsOf(withData(escalated, (data) => (data.reason = 'described a plan')))).toEqual([
      'data.reason: is not part of the contract; allowed fields are clientId, followUpId, outcome, cssrsScreeningId, safetyPlanId, escalatedTo, clinicianId, completedAt',
    ]);
    expect(problemsOf(withData(escalated, (data) => (data.escalatedTo = 'a neighbour')))).toEqual([
      'data.escalatedTo: expected one of emergency-services, emergency-department, crisis-team, psychiatric-evaluation, inpatient-psychiatry',
    ]);
  });

  it('accepts a worsening with no earlier measure (a first C-SSRS risk), and refuses one with no reason or an unknown one', () => {
    const firstRisk = intakeEvent('ScreeningWorsened', {
      clientId: CLIENT,
      siteId: 'site-north',
      screeningId: id(15),
      instrument: 'C-SSRS',
      score: 3,
      band: 'moderate',
      reasons: ['new-suicide-risk'],
      recordedAt: '2026-02-12T10:00:00.000Z',
    });
    expect(problemsOf(firstRisk)).toEqual([]);
    expect(problemsOf(withData(firstRisk, (data) => (data.reasons = [])))).toEqual(['data.reasons: expected at least 1 item(s)']);
    expect(problemsOf(withData(firstRisk, (data) => (data.reasons = ['feels-worse'])))).toEqual([
      'data.reasons[0]: expected one of score-up, band-up, new-suicide-risk',
    ]);
  });

  it('accepts a safety hold released by an admission at a 24-hour level', () => {
    const released = intakeEvent('SafetyHoldReleased', {
      reason: 'placed-at-24-hour-level',
      clientId: CLIENT,
      admissionId: id(6),
      level: { edition: 4, code: '3.7' },
      releasedAt: '2026-01-16T10:00:00.000Z',
    });
    expect(problemsOf(released)).toEqual([]);
  });

  it('accepts a readmission that names the previous episode and admission', () => {
    const readmission = withData(valid.ClientAdmitted(), (data) =>
      Object.assign(data, { previousEpisodeId: 'episode-41', previousAdmissionId: id(10) }),
    );
    expect(problemsOf(readmission)).toEqual([]);
  });

  it("accepts an admission that names the client's population, and one published before the field existed", () => {
    for (const population of ['adult', 'adolescent']) {
      expect(problemsOf(withData(valid.ClientAdmitted(), (data) => Object.assign(data, { population })))).toEqual([]);
    }
    expect(valid.ClientAdmitted().data).not.toHaveProperty('population');
    expect(problemsOf(valid.ClientAdmitted())).toEqual([]);
  });
});

describe('what the validator refuses, naming each problem', () => {
  it('refuses an event type no contract describes', () => {
    expect(problemsOf(intakeEvent('ClientMoodRecorded', {}))).toEqual([
      'type: no integration event contract is named ClientMoodRecorded; add it to libs/contracts before publishing it',
    ]);
  });

  it('refuses a version of a known type that has no contract, listing the versions that do', () => {
    expect(problemsOf({ ...valid.ClientAdmitted(), schemaVersion: 2 })).toEqual([
      'schemaVersion: ClientAdmitted has no version 2; known versions are 1',
    ]);
  });

  it('refuses a missing payload field', () => {
    expect(problemsOf(withData(valid.ClientAdmitted(), (data) => delete data.referralId))).toEqual(['data.referralId: is required']);
  });

  it('refuses a payload field the contract does not name, such as the person', () => {
    const leaky = withData(valid.ClientRegistered(), (data) => (data.person = { givenName: 'Ana' }));
    expect(problemsOf(leaky)).toEqual([
      'data.person: is not part of the contract; allowed fields are clientId, siteId, possibleDuplicateOf, registeredAt',
    ]);
  });

  it("refuses an extra field inside a nested object, such as a recipient's name", () => {
    const leaky = withData(
      valid.ConsentGranted(),
      (data) => (data.recipients = [{ kind: 'named', recipientId: 'provider-7', name: 'Riverside Psychiatry' }]),
    );
    expect(problemsOf(leaky)).toEqual(['data.recipients[0].name: is not part of the contract; allowed fields are kind, recipientId']);
  });

  it('refuses an envelope field the envelope does not name', () => {
    expect(problemsOf({ ...valid.ConsentRevoked(), note: 'called in' })).toEqual([
      'note: is not part of the contract; allowed fields are eventId, type, schemaVersion, source, occurredAt, clientId, siteId, correlationId, causationId',
    ]);
  });

  it('refuses values of the wrong type', () => {
    const wrong = withData(valid.CoOccurringConditionIdentified(), (data) => (data.score = '14'));
    expect(problemsOf(wrong)).toEqual(['data.score: expected integer, got string']);
    expect(problemsOf(withData(valid.CoOccurringConditionIdentified(), (data) => (data.score = 14.5)))).toEqual([
      'data.score: expected a whole number',
    ]);
    expect(problemsOf(withData(valid.ClientRegistered(), (data) => (data.possibleDuplicateOf = id(1))))).toEqual([
      'data.possibleDuplicateOf: expected array, got string',
    ]);
  });

  it('refuses null where the contract does not allow it', () => {
    expect(problemsOf(withData(valid.SafetyHoldPlaced(), (data) => (data.screeningId = null)))).toEqual([
      'data.screeningId: expected string, got null',
    ]);
  });

  it("refuses a value outside the contract's list", () => {
    expect(problemsOf(withData(valid.ClientAdmitted(), (data) => (data.level = { edition: 5, code: '2.1' })))).toEqual([
      'data.level.edition: expected one of 3, 4',
    ]);
    expect(problemsOf(withData(valid.ClientAdmitted(), (data) => (data.track = 'weekend')))).toEqual([
      'data.track: expected one of morning, evening, other',
    ]);
    expect(problemsOf(withData(valid.ClientAdmitted(), (data) => (data.population = '1990-04-23')))).toEqual([
      'data.population: expected one of adult, adolescent',
    ]);
  });

  it('refuses a variant its discriminator does not name', () => {
    const unknownRecipient = withData(valid.ConsentGranted(), (data) => (data.recipients = [{ kind: 'everyone' }]));
    expect(problemsOf(unknownRecipient)).toEqual(['data.recipients[0].kind: expected one of named, treating-providers']);
    const unknownRelease = withData(valid.SafetyHoldReleased(), (data) => (data.reason = 'clinician-said-so'));
    expect(problemsOf(unknownRelease)).toEqual(['data.reason: expected one of safety-plan-recorded, placed-at-24-hour-level']);
  });

  it("checks a variant's own fields once its discriminator picked it", () => {
    const released = withData(valid.SafetyHoldReleased(), (data) => {
      data.reason = 'placed-at-24-hour-level';
    });
    expect(problemsOf(released)).toEqual([
      'data.admissionId: is required',
      'data.level: is required',
      'data.safetyPlanId: is not part of the contract; allowed fields are reason, clientId, admissionId, level, releasedAt',
      'data.clinicianId: is not part of the contract; allowed fields are reason, clientId, admissionId, level, releasedAt',
    ]);
  });

  it('refuses an empty list where the contract needs at least one item', () => {
    expect(problemsOf(withData(valid.ConsentGranted(), (data) => (data.purposes = [])))).toEqual([
      'data.purposes: expected at least 1 item(s)',
    ]);
  });

  it('refuses a date that is not on the calendar, or not written YYYY-MM-DD', () => {
    expect(problemsOf(withData(valid.ClientAdmitted(), (data) => (data.startDate = '2026-02-30')))).toEqual([
      'data.startDate: expected a date written YYYY-MM-DD, e.g. 2026-01-15',
    ]);
    expect(problemsOf(withData(valid.ConsentRevoked(), (data) => (data.revokedOn = '01/02/2026')))).toEqual([
      'data.revokedOn: expected a date written YYYY-MM-DD, e.g. 2026-01-15',
    ]);
  });

  it('refuses a date-time without a time zone, since consumers compare instants across sites', () => {
    expect(problemsOf({ ...valid.ClientAdmitted(), occurredAt: '2026-01-15T09:00:00' })).toEqual([
      'occurredAt: expected an ISO 8601 date-time with a time zone, e.g. 2026-01-15T09:00:00.000Z',
    ]);
    expect(problemsOf({ ...valid.ClientAdmitted(), occurredAt: '2026-01-15T09:00:00+01:00' })).toEqual([]);
  });

  it('refuses an id that is not a UUID where Continuum mints UUIDs', () => {
    expect(problemsOf(withData(valid.ConsentRevoked(), (data) => (data.consentId = 'consent-1')))).toEqual([
      'data.consentId: expected a UUID, e.g. 0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b',
    ]);
  });

  it('refuses an envelope with a missing id and a non-UUID event id', () => {
    const { correlationId: _correlationId, ...withoutCorrelation } = valid.SafetyHoldPlaced();
    expect(problemsOf({ ...withoutCorrelation, eventId: '42' })).toEqual([
      'correlationId: is required',
      'eventId: expected a UUID, e.g. 0b6f8a2e-3c1d-4e5f-9a7b-2c4d6e8f0a1b',
    ]);
  });

  it('refuses an event without a payload', () => {
    const { data: _data, ...withoutData } = valid.SafetyHoldPlaced();
    expect(problemsOf(withoutData)).toEqual(['data: is required']);
  });

  it('refuses an event published by a service that does not own its type', () => {
    expect(problemsOf({ ...valid.ClientAdmitted(), source: 'aftercare' })).toEqual(['source: ClientAdmitted is published only by intake']);
  });

  it("refuses a payload about another client than the envelope's, since the envelope's id is the partition key", () => {
    expect(problemsOf(withData(valid.SafetyHoldPlaced(), (data) => (data.clientId = id(77))))).toEqual([
      "data.clientId: must equal the envelope's clientId (the partition key and the payload name the same client)",
    ]);
  });

  it('refuses something that is not an event at all', () => {
    expect(problemsOf('ClientAdmitted')).toEqual(['event: expected object, got string']);
    expect(problemsOf(null)).toEqual(['event: expected object, got null']);
  });

  it('lists every problem of one event at once', () => {
    const broken = withData({ ...valid.ClientAdmitted(), occurredAt: 'yesterday' }, (data) => {
      delete data.placementId;
      data.track = 'weekend';
      data.notes = 'prefers evenings';
    });
    expect(problemsOf(broken)).toHaveLength(4);
  });

  it('never repeats the refused value, so a misplaced name cannot reach a log through a problem', () => {
    const misplaced = withData(valid.ClientAdmitted(), (data) => {
      data.startDate = 'Ana Núñez';
      data.siteId = 'Ana Núñez '.repeat(20);
      data.track = 'Ana Núñez';
      data.givenName = 'Ana Núñez';
    });
    const problems = problemsOf({ ...misplaced, type: 'Ana Núñez, born 1988-03-14' });
    expect(problems).toEqual(['type: no integration event contract has this name; add it to libs/contracts before publishing it']);
    const fieldProblems = problemsOf(misplaced);
    expect(fieldProblems).toHaveLength(4);
    expect(fieldProblems.join('\n')).not.toMatch(/Ana|Núñez/);
  });
});

describe('the registry of contracts', () => {
  it('holds each type and version once', () => {
    const keys = INTEGRATION_EVENT_CONTRACTS.map((contract) => `${contract.type}@${contract.schemaVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("publishes every intake event, version 1 (and ConsentGranted's v2 beside it), on intake's topic as docs/architecture/integration-events.md lists them", () => {
    expect(INTAKE_EVENT_CONTRACTS.map(({ type, schemaVersion, source, topic }) => ({ type, schemaVersion, source, topic }))).toEqual(
      [
        'ClientRegistered',
        'ConsentGranted',
        ['ConsentGranted', 2] as const,
        'ConsentRevoked',
        'RestrictionAgreed',
        'CoOccurringConditionIdentified',
        'SafetyHoldPlaced',
        'SafetyHoldReleased',
        'SafetyFollowUpOpened',
        'SafetyFollowUpOverdue',
        'SafetyFollowUpCompleted',
        'ScreeningWorsened',
        'ClientAdmitted',
      ].map((entry) => {
        const [type, schemaVersion] = typeof entry === 'string' ? [entry, 1] : entry;
        return { type, schemaVersion, source: 'intake', topic: TOPICS.intake };
      }),
    );
  });
});
