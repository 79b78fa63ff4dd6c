import { evidenceOf, historyEntryFor, reasonOf } from './client-history.js';
import { type StoredEvent } from './stored-event.js';
import { CLIENT, EPISODE, OTHER_CLIENT, journeyOfOneClient, minutes } from './testing/recorded-history.js';

const historyOf = (events: StoredEvent[], clientId: string, filter = {}) =>
  events.map((event) => historyEntryFor(event, clientId, filter)).filter((entry) => entry !== undefined);

describe("a client's history", () => {
  const { events } = journeyOfOneClient();

  it('holds every event about the client from every service, in global order, and none about anyone else', () => {
    const history = historyOf(events, CLIENT);
    expect(history.length).toBe(events.filter((event) => event.metadata.clientId === CLIENT).length);
    expect(history.map((entry) => entry.position)).toEqual([...history.map((entry) => entry.position)].sort((a, b) => a - b));
    expect(new Set(history.map((entry) => entry.service))).toEqual(new Set(['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare']));
    expect(history.some((entry) => JSON.stringify(entry.data).includes(OTHER_CLIENT))).toBe(false);
    expect(historyOf(events, OTHER_CLIENT).map((entry) => entry.type)).toEqual(['ReferralReceived', 'ClientRegistered']);
  });

  it('says who decided a step-up, where, why and on what evidence', () => {
    const stepUp = historyOf(events, CLIENT).find((entry) => entry.type === 'LevelOfCareChanged')!;
    expect(stepUp).toMatchObject({
      service: 'treatment-plan',
      streamId: `care-episode-${EPISODE}`,
      siteId: 'site-north',
      actor: { userId: 'user-clinician-1', role: 'clinician' },
      reason: { code: 'relapse', reference: 'note-3' },
      evidence: [{ kind: 'drug-test', id: 'drug-test-9' }],
    });
    expect(stepUp.correlationId).toEqual(expect.any(String));
  });

  it('keeps only the services, types and time range asked for', () => {
    expect(new Set(historyOf(events, CLIENT, { services: ['dual-diagnosis'] }).map((entry) => entry.type))).toEqual(
      new Set(['ReferralOpened', 'ReferralSent', 'ReferralCompleted']),
    );
    expect(historyOf(events, CLIENT, { types: ['EpisodeOpened'] }).map((entry) => entry.data)).toEqual([
      expect.objectContaining({ episodeId: EPISODE }),
      expect.objectContaining({ episodeId: 'episode-2' }),
    ]);
    const window = historyOf(events, CLIENT, { from: minutes(3), to: minutes(5) });
    expect(window.map((entry) => entry.position)).toEqual([3, 4, 5]);
  });

  it("finds the evidence an intake event names by the instrument that found it, and a disclosure's consent", () => {
    expect(evidenceOf({ condition: 'depression', instrument: 'PHQ-9', evidenceId: 'screening-1' })).toEqual([
      { kind: 'screening', id: 'screening-1' },
    ]);
    expect(evidenceOf({ condition: 'trauma', instrument: 'assessment', evidenceId: 'assessment-4' })).toEqual([
      { kind: 'assessment', id: 'assessment-4' },
    ]);
    expect(evidenceOf({ providerId: 'provider-3', consentId: 'consent-1', disclosureId: 'disclosure-1' })).toEqual([
      { kind: 'consent', id: 'consent-1' },
      { kind: 'disclosure', id: 'disclosure-1' },
    ]);
  });

  it("reads a contract's reason code as well as the ledger's coded reason", () => {
    expect(reasonOf({ reasonCode: 'client-relocated' })).toEqual({ code: 'client-relocated' });
    expect(reasonOf({ reason: { code: 'payer-decision' } })).toEqual({ code: 'payer-decision' });
    expect(reasonOf({ variance: { reason: 'client prefers evenings' } })).toBeUndefined();
  });
});
