import { TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { fold } from '@continuum/decider';
import { type RecordedEvent } from '@continuum/event-store';
import { type ReferralCommand, type ReferralEvent, referralDecider, referralStream } from '../domain/index.js';
import { CLIENT, EXTERNAL, REFERRAL, SITE, consentFor, openReferral } from '../domain/testing/referral-fixtures.js';
import { DUAL_DIAGNOSIS_STREAM_PREFIXES, DUAL_DIAGNOSIS_TOPIC, toIntegrationEvent } from './dual-diagnosis-integration-events.js';

/** Every referral event, and what it publishes: the compiler insists each one is decided here. */
const PUBLISHED_AS: Record<ReferralEvent['type'], string | undefined> = {
  ReferralOpened: 'ReferralOpened',
  UrgencyRaised: undefined,
  ProviderAssigned: undefined,
  ReferralAwaitingConsent: undefined,
  DisclosureRecorded: undefined,
  ReferralSent: 'ReferralSent',
  ReferralAccepted: 'ReferralAccepted',
  ReferralDeclined: 'ReferralDeclined',
  AppointmentScheduled: 'AppointmentScheduled',
  AppointmentMissed: 'AppointmentMissed',
  ReferralFailed: 'ReferralFailed',
  ClinicianNotified: 'ClinicianNotificationRaised',
  ReferralCompleted: 'ReferralCompleted',
  ReferralCancelled: 'ReferralCancelled',
  ReferralOverdue: 'ReferralOverdue',
};

// One referral through every event the decider can produce, with distinctive free text in each
// note, so that any fragment of it in the output is a finding.
const decider = referralDecider();
const NOTES = {
  decline: 'Dr Okonkwo says the waiting list is full until spring',
  completion: 'Client disclosed childhood abuse by an uncle in Millbrook',
  cancellation: 'Moved in with her sister Marisol near Larkspur Lane',
};
const step = (command: ReferralCommand, at: string) => ({ command, at });
const steps = [
  step(openReferral({ specialty: 'trauma-therapy', conditionCode: 'ptsd', episodeId: 'episode-31' }), '2026-01-15T09:00:00.000Z'),
  step({ type: 'RaiseUrgency', data: { urgency: 'urgent', reasonCode: 'clinician-request' } }, '2026-01-15T10:00:00.000Z'),
  step({ type: 'AssignProvider', data: { provider: { ...EXTERNAL, specialties: [...EXTERNAL.specialties] } } }, '2026-01-15T11:00:00.000Z'),
  step({ type: 'SendReferral', data: { consents: [], disclosureId: '0d15c105-0000-4000-8000-000000000001' } }, '2026-01-15T12:00:00.000Z'),
  step({ type: 'MarkOverdue', data: {} }, '2026-01-19T12:00:00.000Z'),
  step(
    { type: 'SendReferral', data: { consents: [consentFor()], disclosureId: '0d15c105-0000-4000-8000-000000000002' } },
    '2026-01-19T13:00:00.000Z',
  ),
  step({ type: 'DeclineReferral', data: { reasonCode: 'no-capacity', note: NOTES.decline } }, '2026-01-20T09:00:00.000Z'),
  step({ type: 'AssignProvider', data: { provider: { ...EXTERNAL, specialties: [...EXTERNAL.specialties] } } }, '2026-01-20T10:00:00.000Z'),
  step(
    { type: 'SendReferral', data: { consents: [consentFor()], disclosureId: '0d15c105-0000-4000-8000-000000000003' } },
    '2026-01-20T11:00:00.000Z',
  ),
  step({ type: 'AcceptReferral', data: {} }, '2026-01-21T09:00:00.000Z'),
  step({ type: 'ScheduleAppointment', data: { appointmentDate: '2026-01-26' } }, '2026-01-21T10:00:00.000Z'),
  step({ type: 'RecordNoShow', data: {} }, '2026-01-26T18:00:00.000Z'),
  step({ type: 'ScheduleAppointment', data: { appointmentDate: '2026-02-02' } }, '2026-01-27T10:00:00.000Z'),
  step(
    { type: 'CompleteReferral', data: { conditionConfirmed: true, recommendationCodes: ['emdr-weekly'], note: NOTES.completion } },
    '2026-02-02T17:00:00.000Z',
  ),
];

function journey(): ReferralEvent[] {
  const events: ReferralEvent[] = [];
  for (const { command, at } of steps)
    events.push(...decider.decide(command, fold(decider.evolve, decider.initialState, events), new Date(at)));
  return events;
}

/** A second referral that is cancelled with a note, and one that fails on a second no-show. */
function endings(): ReferralEvent[] {
  const opened = decider.decide(openReferral(), fold(decider.evolve, decider.initialState, []), new Date('2026-01-15T09:00:00.000Z'));
  const state = fold(decider.evolve, decider.initialState, opened);
  const cancelled = decider.decide(
    { type: 'CancelReferral', data: { reasonCode: 'client-moved', note: NOTES.cancellation } },
    state,
    new Date('2026-01-16T09:00:00.000Z'),
  );
  const failing = [
    ...opened,
    {
      type: 'ProviderAssigned',
      data: {
        referralId: REFERRAL,
        clientId: CLIENT,
        providerId: 'north-psychiatry',
        providerKind: 'internal',
        assignedAt: '2026-01-15T09:00:00.000Z',
      },
    },
  ] as ReferralEvent[];
  const history = [...failing];
  for (const command of [
    { type: 'SendReferral', data: { consents: [], disclosureId: 'x' } },
    { type: 'AcceptReferral', data: {} },
    { type: 'ScheduleAppointment', data: { appointmentDate: '2026-01-20' } },
    { type: 'RecordNoShow', data: {} },
    { type: 'ScheduleAppointment', data: { appointmentDate: '2026-01-27' } },
    { type: 'RecordNoShow', data: {} },
  ] as ReferralCommand[]) {
    history.push(...decider.decide(command, fold(decider.evolve, decider.initialState, history), new Date('2026-01-27T18:00:00.000Z')));
  }
  return [...cancelled, ...history.slice(failing.length)];
}

const recorded = (events: ReferralEvent[]): RecordedEvent[] =>
  events.map((event, revision) => ({
    eventId: `00000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
    type: event.type,
    streamId: referralStream(REFERRAL),
    revision,
    position: revision + 1,
    recordedAt: '2026-02-02T17:00:00.000Z',
    data: event.data,
    metadata: {
      schemaVersion: 1,
      clientId: CLIENT,
      siteId: SITE,
      actor: { userId: 'clinician-7', role: 'clinician' },
      occurredAt: '2026-02-02T17:00:00.000Z',
      correlationId: 'correlation-1',
      causationId: 'causation-1',
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    },
  }));

// Deny by default: every string in the domain events is free text unless its field is an id,
// an instant or a code, so a field added tomorrow is checked without anyone listing it.
const CODE_FIELDS = new Set([
  'specialty',
  'urgency',
  'conditionCode',
  'source',
  'reasonCode',
  'urgencyReasonCode',
  'providerKind',
  'audienceRole',
  'purpose',
  'information',
  'recommendationCodes',
  'appointmentDate',
  'from',
  'to',
  'expiresOn',
  // The consent rule's codes on a disclosure: categories sent, the basis's kind, who disclosed by role.
  'categories',
  'kind',
  'role',
]);
const isCodeOrId = (field: string) => CODE_FIELDS.has(field) || /(Id|At)$/.test(field);

function freeTexts(value: unknown, field = ''): string[] {
  if (typeof value === 'string') return isCodeOrId(field) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((item) => freeTexts(item, field));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => freeTexts(inner, key));
  return [];
}

function valuesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(valuesOf);
  return [];
}

describe("the relay's mapping of referral events", () => {
  const all = [...journey(), ...endings()];

  it('the journeys produce every referral event the decider knows', () => {
    expect(new Set(all.map((event) => event.type))).toEqual(new Set(Object.keys(PUBLISHED_AS)));
  });

  it('publishes each event as its contract on the dual-diagnosis topic, with the same id, and keeps the rest inside', () => {
    expect(DUAL_DIAGNOSIS_TOPIC).toBe(TOPICS.dualDiagnosis);
    for (const event of recorded(all)) {
      const published = toIntegrationEvent(event);
      expect(published?.type).toBe(PUBLISHED_AS[event.type as ReferralEvent['type']]);
      if (!published) continue;
      expect(validateIntegrationEvent(published)).toEqual({ ok: true, event: published });
      expect(published).toMatchObject({ eventId: event.eventId, source: 'dual-diagnosis', clientId: CLIENT, siteId: SITE });
    }
  });

  it('tells treatment-plan the outcome it needs for an integrated-care goal', () => {
    const completed = recorded(all)
      .map(toIntegrationEvent)
      .find((event) => event?.type === 'ReferralCompleted');
    expect(completed?.data).toEqual({
      referralId: REFERRAL,
      clientId: CLIENT,
      episodeId: 'episode-31',
      specialty: 'trauma-therapy',
      conditionCode: 'ptsd',
      conditionConfirmed: true,
      recommendationCodes: ['emdr-weekly'],
      completedAt: '2026-02-02T17:00:00.000Z',
    });
  });

  it('lets no free text cross: notes, the consent explanation, the redisclosure notice', () => {
    const texts = [...new Set(freeTexts(all.map((event) => event.data)))];
    // The detector must have something to find, or the assertion below proves nothing.
    expect(texts).toEqual(
      expect.arrayContaining([
        NOTES.decline,
        NOTES.completion,
        NOTES.cancellation,
        expect.stringContaining('42 CFR part 2'),
        expect.stringContaining('Part 2 consent'),
      ]),
    );
    // Searched in every value published: each text whole, and each capitalised word inside it (the names) on its own.
    const values = valuesOf(recorded(all).map(toIntegrationEvent).filter(Boolean)).map((value) => value.toLowerCase());
    const needles = texts
      .flatMap((text) => [text, ...(text.match(/(?<=\s)[A-Z][a-z]{3,}\b/g) ?? [])])
      .map((needle) => needle.toLowerCase());
    expect(needles).toEqual(expect.arrayContaining(['okonkwo', 'millbrook', 'marisol', 'larkspur']));
    expect(needles.filter((needle) => values.some((value) => value.includes(needle)))).toEqual([]);
  });

  it('publishes only from referral streams', () => {
    expect(DUAL_DIAGNOSIS_STREAM_PREFIXES).toEqual(['referral-']);
    const [opened] = recorded(all);
    expect(toIntegrationEvent({ ...opened!, streamId: `dual-diagnosis-client-${CLIENT}` })).toBeUndefined();
  });

  it('refuses to publish a domain version it cannot read', () => {
    const [opened] = recorded(all);
    expect(() => toIntegrationEvent({ ...opened!, metadata: { ...opened!.metadata, schemaVersion: 2 } })).toThrow(
      /domain schema version 2/,
    );
  });
});
