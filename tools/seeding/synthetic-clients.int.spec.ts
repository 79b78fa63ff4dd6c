import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EventStore, type RecordedEvent, openEventStore } from '@continuum/event-store';
import { SqliteCheckpointStore } from '@continuum/messaging';
import { ManualClock } from '@continuum/platform';
import { toIntegrationEvent as aftercareIntegrationEventOf } from '@continuum/aftercare/messaging/aftercare-integration-events.js';
import { toIntegrationEvent as dualDiagnosisIntegrationEventOf } from '@continuum/dual-diagnosis/messaging/dual-diagnosis-integration-events.js';
import { toIntegrationEvent as intakeIntegrationEventOf } from '@continuum/intake/messaging/intake-integration-events.js';
import { toIntegrationEvent as treatmentPlanIntegrationEventOf } from '@continuum/treatment-plan/messaging/treatment-plan-integration-events.js';
import { EVENT_STORES } from '../adapters.js';
import { type InProcessServices, startServicesInProcess } from '../demo/in-process-services.js';
import { ServiceClient, tokenFor } from '../demo/service-client.js';
import { EVENTS_PER_CLIENT, SYNTHETIC_SITES, queueShareOf, syntheticClientId, writeSyntheticClients } from './synthetic-clients.js';

// A small seeded store, read as the services read it: every event goes through its service's
// relay translation, and the services started on the store show the seeded clients in their
// lists and work queues, due at the seed's clock.

const CLIENTS = 40;
const NOW = new Date('2026-09-01T15:00:00.000Z');
const clients = Array.from({ length: CLIENTS }, (_, n) => n);

let folder: string;
let store: EventStore;
let events: RecordedEvent[];
let fewestPerClient = Infinity;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'synthetic-clients-'));
  store = await openEventStore(`sqlite:${path.join(folder, 'events.db')}`, EVENT_STORES);
  await writeSyntheticClients(store, {
    to: CLIENTS,
    now: NOW,
    concurrency: 8,
    onClientWritten: (_n, written) => (fewestPerClient = Math.min(fewestPerClient, written)),
  });
  events = [];
  for await (const event of store.readAll()) events.push(event);
});

afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

it('every event is decided no later than the seed clock, and each client writes at least EVENTS_PER_CLIENT', () => {
  expect(fewestPerClient).toBeGreaterThanOrEqual(EVENTS_PER_CLIENT);
  expect(events.filter((event) => event.metadata.occurredAt! > NOW.toISOString())).toEqual([]);
});

it("every service's relay translates every event of its streams (none stops it)", async () => {
  const published: Record<string, number> = { intake: 0, 'treatment-plan': 0, 'dual-diagnosis': 0, aftercare: 0 };
  for (const event of events) {
    if (intakeIntegrationEventOf(event)) published.intake!++;
    if (await treatmentPlanIntegrationEventOf(event, store)) published['treatment-plan']!++;
    if (dualDiagnosisIntegrationEventOf(event)) published['dual-diagnosis']!++;
    if (aftercareIntegrationEventOf(event)) published.aftercare!++;
  }
  const types = (prefix: string) => new Set(events.filter((event) => event.streamId.startsWith(prefix)).map((event) => event.type));
  expect(types('intake-client-')).toEqual(expect.objectContaining(new Set(['ConsentGranted', 'ClientAdmitted', 'SafetyFollowUpOpened'])));
  expect([...types('referral-')]).toEqual(
    expect.arrayContaining(['ReferralOpened', 'ProviderAssigned', 'ReferralSent', 'ReferralAwaitingConsent']),
  );
  expect([...types('aftercare-')]).toEqual(expect.arrayContaining(['AftercarePlanCreated', 'CheckInRecorded']));
  // The services' own copies of what they heard: the consent in three files, the referral's link, the risk signal.
  expect([...types('dual-diagnosis-client-')]).toEqual(
    expect.arrayContaining(['ConsentCopied', 'ReferralLinked', 'SuicideRiskSignalFlagged']),
  );
  expect([...types('consent-copies-treatment-plan-')]).toEqual(['ConsentCopied']);
  expect([...types('aftercare-client-')]).toEqual(['ConsentCopied']);
  expect(published.intake).toBeGreaterThan(CLIENTS * 4);
  expect(published['treatment-plan']).toBeGreaterThan(CLIENTS * 2);
  expect(published['dual-diagnosis']).toBeGreaterThan(CLIENTS * 2);
  expect(published.aftercare).toBeGreaterThan(0);
});

describe('services started on the seeded store', () => {
  let services: InProcessServices;
  const staff = async (role: 'clinical-supervisor' | 'case-manager' | 'intake-coordinator') =>
    tokenFor({ role, userId: `${role}-1`, sites: SYNTHETIC_SITES });

  beforeAll(async () => {
    // The history is complete (each service's reactions to the others' events are in it): the
    // relays published it long ago, so each starts at the head; the read models are built from the store.
    const head = await store.headPosition();
    for (const relay of ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare']) {
      const checkpoints = SqliteCheckpointStore.open(path.join(folder, relay, 'relay-checkpoints.db'));
      await checkpoints.save(relay, head);
      await checkpoints.close();
    }
    services = await startServicesInProcess({ folder, clock: new ManualClock(NOW), env: { RATE_LIMIT_ENABLED: 'false' } });
  }, 60_000);
  afterAll(() => services?.close());

  type Rows = {
    items?: Array<{ clientId: string; siteId: string }>;
    sites?: Array<{ checkIns: Array<{ clientId: string }> }>;
    total?: number;
  };
  /** The answer once the service's projections have caught up with the store: until `settled` holds (a few seconds at most). */
  async function read(service: keyof InProcessServices['urls'], token: string, route: string, settled: (answer: Rows) => boolean) {
    const client = new ServiceClient(service, services.urls[service]);
    let answer: Rows | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      answer = await client.get<Rows>(token, route);
      if (answer !== undefined && settled(answer)) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return answer!;
  }

  const seededWhere = (keep: (n: number) => boolean) => clients.filter(keep).map(syntheticClientId).sort();
  const idsOf = (answer: Rows) => (answer.items ?? answer.sites!.flatMap((site) => site.checkIns)).map((row) => row.clientId).sort();
  const sameIds = (expected: string[]) => (answer: Rows) => JSON.stringify(idsOf(answer)) === JSON.stringify(expected);
  const some = (answer: Rows) => idsOf(answer).length > 0;
  const seeded = new Set(clients.map(syntheticClientId));

  it("shows the seeded clients in each service's read models", async () => {
    const supervisor = await staff('clinical-supervisor');
    const site = 'site-north';
    const atSite = (n: number) => queueShareOf(n).siteId === site;
    const openAtSite = clients.filter((n) => atSite(n) && queueShareOf(n).open).length;
    const census = (await new ServiceClient('treatment-plan', services.urls['treatment-plan']).get<{
      sites: Array<{ siteId: string; clients: number }>;
    }>(supervisor, `/census?siteId=${site}`))!;
    const intakeClients = await read(
      'intake',
      supervisor,
      `/sites/${site}/clients?limit=100`,
      (answer) => idsOf(answer).length === clients.filter(atSite).length,
    );
    expect(idsOf(intakeClients)).toEqual(seededWhere(atSite));
    expect(census.sites).toEqual([expect.objectContaining({ siteId: site, clients: openAtSite })]);
    // The referrals still open: sent to the outside clinic (awaiting consent), or not yet completed.
    const openReferrals = seededWhere(
      (n) => atSite(n) && (queueShareOf(n).outsideReferral || queueShareOf(n).unansweredReferral || queueShareOf(n).age < 12),
    );
    expect(idsOf(await read('dual-diagnosis', supervisor, `/sites/${site}/referrals?limit=100`, sameIds(openReferrals)))).toEqual(
      openReferrals,
    );
    const discharged = seededWhere((n) => !queueShareOf(n).open);
    for (const clientId of discharged.slice(0, 3)) {
      const plans = await read('aftercare', supervisor, `/aftercare/clients/${clientId}/plans`, some);
      expect(idsOf(plans)).toEqual([clientId]);
    }
  });

  it('puts a share of them in each work queue, due at the seed clock', async () => {
    const supervisor = await staff('clinical-supervisor');
    const overdueReviews = seededWhere((n) => queueShareOf(n).open && queueShareOf(n).skipsReviews && queueShareOf(n).age > 31);
    expect(idsOf(await read('treatment-plan', supervisor, '/reviews/overdue?limit=100', sameIds(overdueReviews)))).toEqual(overdueReviews);
    const followUps = seededWhere((n) => queueShareOf(n).safetyFollowUp !== undefined);
    expect(idsOf(await read('intake', supervisor, '/safety-follow-ups?limit=100', sameIds(followUps)))).toEqual(followUps);
    const awaiting = seededWhere((n) => queueShareOf(n).siteId === 'site-north' && queueShareOf(n).outsideReferral);
    const awaitingRoute = '/sites/site-north/referrals/awaiting-consent?limit=100';
    expect(idsOf(await read('dual-diagnosis', supervisor, awaitingRoute, sameIds(awaiting)))).toEqual(awaiting);
    const overdueReferrals = seededWhere((n) => queueShareOf(n).unansweredReferral && queueShareOf(n).age >= 12);
    const overdueAtSites = [];
    for (const site of SYNTHETIC_SITES) {
      const atSite = overdueReferrals.filter(
        (clientId) => queueShareOf(clients.find((n) => syntheticClientId(n) === clientId)!).siteId === site,
      );
      overdueAtSites.push(
        ...idsOf(await read('dual-diagnosis', supervisor, `/sites/${site}/referrals/overdue?limit=100`, sameIds(atSite))),
      );
    }
    expect(overdueAtSites.sort()).toEqual(overdueReferrals);
    for (const [service, route] of [
      ['treatment-plan', '/authorizations/expiring?limit=100'],
      ['aftercare', '/aftercare/check-ins/due'],
      ['aftercare', '/aftercare/check-ins/missed?limit=100'],
    ] as const) {
      const rows = idsOf(await read(service, supervisor, route, some));
      expect({ route, empty: rows.length === 0 }).toEqual({ route, empty: false });
      expect(rows.filter((clientId) => !seeded.has(clientId))).toEqual([]);
    }
  });
});
