import { TOPICS, validateIntegrationEvent } from '@continuum/contracts';
import { type RecordedEvent } from '@continuum/event-store';
import { type AftercareEvent, aftercarePlanStream, aftercareRules } from '../domain/index.js';
import {
  DUE,
  PLAN_ID,
  SITE_ID,
  arrangeResidence,
  arrangeTherapy,
  attendance,
  barc10Totalling,
  checkIn,
  createPlan,
  endContinuingCare,
  historyOf,
  linkPeerSupport,
  missed,
  onDay,
  recordRelapsePreventionPlan,
  relapsePreventionPlanContent,
  consentNaming,
  releaseHeldSends,
  restrictionOn,
  sendContext,
  setStepDown,
  updateNeed,
} from '../domain/testing/aftercare-fixtures.js';
import { AFTERCARE_STREAM_PREFIXES, AFTERCARE_TOPIC, toIntegrationEvent } from './aftercare-integration-events.js';

/** Every aftercare domain event, and what it publishes: the compiler insists each one is decided here. */
const PUBLISHED_AS: Record<AftercareEvent['type'], string | undefined> = {
  AftercarePlanCreated: 'AftercarePlanCreated',
  RelapsePreventionPlanRecorded: undefined,
  StepDownLevelSet: undefined,
  RecoveryResidenceArranged: undefined,
  PeerSupportLinked: undefined,
  PeerSupportAttendanceRecorded: undefined,
  ContinuingTherapyArranged: undefined,
  CaseManagementNeedUpdated: undefined,
  CheckInRecorded: 'CheckInRecorded',
  CheckInMissed: 'CheckInMissed',
  OutreachTaskCreated: undefined,
  ClientMarkedUnreachable: undefined,
  ReadmissionRecommended: 'ReadmissionRecommended',
  ContinuingCareEnded: 'ContinuingCareEnded',
  // A disclosure stays in the plan's stream (the audit's accounting reads it there); a held send too.
  SendAwaitingConsent: undefined,
  HeldSendWithdrawn: undefined,
  DisclosureRecorded: undefined,
};

const recorded = (event: AftercareEvent, revision: number): RecordedEvent => ({
  eventId: `6a1e0c3b-0d4f-4e2a-9b1c-${String(revision).padStart(12, '0')}`,
  type: event.type,
  streamId: aftercarePlanStream(PLAN_ID),
  revision,
  position: revision + 1,
  recordedAt: '2026-01-15T10:00:00.000Z',
  data: event.data,
  metadata: {
    schemaVersion: 1,
    clientId: event.data.clientId,
    siteId: SITE_ID,
    actor: { userId: 'case-manager-3', role: 'case-manager' },
    occurredAt: '2026-01-15T10:00:00.000Z',
    correlationId: 'correlation-1',
    causationId: 'cause-1',
    prevHash: '',
    hash: '',
  } as RecordedEvent['metadata'],
});

/** A year of one client's aftercare touching every event type (a network that marks a client unreachable after one miss). */
const aYear = historyOf(
  [
    createPlan(),
    recordRelapsePreventionPlan(),
    setStepDown(),
    arrangeResidence({}, sendContext({ consents: [consentNaming('residence-oak-house')] }, 'send-residence')),
    releaseHeldSends({ restrictions: [restrictionOn({ recipientKinds: ['provider'] })] }),
    linkPeerSupport(),
    [attendance(), onDay(10)],
    arrangeTherapy(),
    updateNeed(),
    [checkIn({ dueDate: DUE.day7, barc10: barc10Totalling(50) }), onDay(7)],
    [missed(DUE.day30), onDay(40)],
    [checkIn({ dueDate: DUE.day120, outcome: 'relapse', barc10: barc10Totalling(41) }), onDay(120)],
    [endContinuingCare({ reason: 'client-declined' }), onDay(130)],
  ],
  aftercareRules({ missesForUnreachable: 1 }),
).map(recorded);

describe('what aftercare publishes', () => {
  it('follows its own plan streams on the aftercare topic', () => {
    expect(AFTERCARE_TOPIC).toBe(TOPICS.aftercare);
    expect(AFTERCARE_STREAM_PREFIXES).toEqual(['aftercare-']);
  });

  it('publishes the five v1 events, each meeting its contract, with the recorded event id, and keeps the working record inside', () => {
    const types = new Set(aYear.map((event) => event.type));
    expect(types).toEqual(new Set(Object.keys(PUBLISHED_AS)));
    for (const event of aYear) {
      const published = toIntegrationEvent(event);
      expect(published?.type).toBe(PUBLISHED_AS[event.type as AftercareEvent['type']]);
      if (!published) continue;
      expect(validateIntegrationEvent(published)).toMatchObject({ ok: true });
      expect(published).toMatchObject({
        eventId: event.eventId,
        source: 'aftercare',
        siteId: SITE_ID,
        correlationId: 'correlation-1',
        causationId: 'cause-1',
      });
    }
  });

  it("carries the BARC-10 total and the readmission reasons as codes, never the answers or the client's own words", () => {
    const published = aYear.map((event) => toIntegrationEvent(event)).filter((event) => event !== undefined);
    const checkIns = published.filter((event) => event.type === 'CheckInRecorded');
    expect(checkIns.map((event) => event.data)).toEqual([
      expect.objectContaining({ outcome: 'abstinent', barc10Total: 50, strongRecoveryCapital: true }),
      expect.objectContaining({ outcome: 'relapse', barc10Total: 41, strongRecoveryCapital: false }),
    ]);
    expect(published.find((event) => event.type === 'ReadmissionRecommended')?.data).toMatchObject({
      reasonCodes: ['relapse', 'barc10-drop'],
    });
    const text = JSON.stringify(published);
    const plan = relapsePreventionPlanContent();
    for (const words of [
      ...plan.triggers.map((trigger) => trigger.description),
      ...plan.warningSigns,
      ...plan.copingStrategies,
      ...plan.actionPlan.steps,
      'contact-sponsor',
    ]) {
      expect(text).not.toContain(words);
    }
    expect(text).not.toContain('answers');
  });

  it('refuses to publish a domain event of a schema version it does not read', () => {
    const [created] = aYear;
    expect(() => toIntegrationEvent({ ...created!, metadata: { ...created!.metadata, schemaVersion: 2 } })).toThrow(/reads only version 1/);
  });
});
