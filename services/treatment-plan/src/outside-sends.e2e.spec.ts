import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { eventually } from '@continuum/platform';
import { consentCopiesStream, outsideSendStream } from './domain/index.js';
import { consentGranted, consentRevoked, paidInFullAgreed } from './testing/fixtures.js';
import { type TreatmentPlanTestApp, bearer as as, startTreatmentPlanTestApp, tokenFor as token } from './testing/treatment-plan-app.js';

// treatment-plan's sends outside the network over HTTP and the bus: a payer authorisation
// request and a court report, each through the disclosure gateway. Sent with its
// DisclosureRecorded, held until intake's consent arrives, or refused (422) writing nothing.

const SITE = 'site-north';

let service: TreatmentPlanTestApp;
let caseManager: string;
let clinician: string;
let nurse: string;
let caseManagerElsewhere: string;

const http = () => service.http();
const post = (who: string, path: string, body: object) => http().post(`/api/v1${path}`).set(as(who)).send(body);
const typesIn = (stream: string) => service.typesIn(stream);

const AUTHORIZATION = {
  payer: { payerId: 'payer-bluefield', kind: 'health-plan' },
  level: { edition: 3, code: '2.1' },
  diagnosisCodes: ['F11.20'],
};
const PROBATION = { recipientId: 'probation-7', kind: 'criminal-justice', monitorsProgress: true };
const REPORT = {
  recipient: PROBATION,
  categories: ['attendance', 'lab-results'],
  periodFrom: '2026-01-05',
  periodTo: '2026-01-11',
  reportRef: 'report-week-1',
};
const ORDER = {
  orderId: 'order-118',
  court: 'County Circuit Court',
  section: '2.64',
  issuedOn: '2026-01-08',
  authorisedCategories: ['attendance', 'lab-results'],
};
/** A 42 CFR 2.35 consent naming the probation officer, irrevocable until the end of June. */
const criminalJustice = {
  recipients: [{ kind: 'named' as const, recipientId: 'probation-7' }],
  purposes: ['HLEGAL' as const],
  categories: ['attendance' as const, 'lab-results' as const],
  expiry: { kind: 'date' as const, expiresOn: '2027-01-01' },
  criminalJustice: { conditionOf: 'parole' as const, revocableFrom: { kind: 'date' as const, on: '2026-06-30' } },
};

/** The refusal's answer, and nothing appended anywhere, not even an access record. */
async function expectNothingWritten(refusal: () => Promise<{ status: number }>, status: number) {
  const before = await flushedSnapshot(service);
  const response = await refusal();
  expect(response.status).toBe(status);
  expect(await appendedSinceFlushed(service, before)).toEqual([]);
  return response as {
    status: number;
    body: Record<string, unknown> & { details?: { reasons?: Array<{ code: string; citation: string }> } };
  };
}

/** Publishes an intake event and waits until the client's consent file has copied it. */
async function copied(event: Parameters<TreatmentPlanTestApp['publish']>[0]) {
  await service.publish(event);
  await eventually(async () => {
    const file = await service.store().readStream(consentCopiesStream(event.clientId));
    return file.some((recorded) => (recorded.data as { sourceEventId?: string }).sourceEventId === event.eventId) ? true : undefined;
  }, `the copy of ${event.type}`);
}

beforeAll(async () => {
  service = await startTreatmentPlanTestApp('outside-sends-e2e', { now: new Date('2026-01-12T09:00:00.000Z') });
  caseManager = await token('case-manager', [SITE], 'case-manager-2');
  clinician = await token('clinician', [SITE], 'clinician-7');
  nurse = await token('nurse', [SITE], 'nurse-3');
  caseManagerElsewhere = await token('case-manager', ['site-south'], 'case-manager-9');
}, 30_000);

afterAll(() => service.close());

describe('a payer authorisation request', () => {
  it('waits for a consent, then goes with its disclosure record when intake’s consent arrives, once however often delivered', async () => {
    const { admitted, episodeId } = await service.admit();
    const clientId = admitted.data.clientId;

    const asked = await post(caseManager, `/episodes/${episodeId}/authorization-requests`, AUTHORIZATION);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      episodeId,
      status: 'awaiting-consent',
      held: { reasonCode: 'no-consent', citation: '42 CFR 2.33(a)' },
    });
    const stream = outsideSendStream('payer-authorization-request', asked.body.sendId);
    expect(await typesIn(stream)).toEqual(['OutsideSendRequested', 'OutsideSendHeld']);

    const consent = consentGranted(clientId);
    await service.publish(consent);
    await eventually(async () => ((await typesIn(stream)).includes('OutsideSendSent') ? true : undefined), 'the held request sent');
    await service.publish(consent);
    await service.quiet();

    const events = await service.store().readStream(stream);
    expect(events.map((event) => event.type)).toEqual(['OutsideSendRequested', 'OutsideSendHeld', 'DisclosureRecorded', 'OutsideSendSent']);
    expect(events[2]!.data).toMatchObject({
      clientId,
      siteId: SITE,
      carriedBy: { kind: 'payer-authorization-request', id: asked.body.sendId },
      recipient: { recipientId: 'payer-bluefield', kind: 'health-plan' },
      purpose: 'HPAYMT',
      categories: ['diagnosis', 'level-of-care', 'treatment-plan'],
      basis: { kind: 'consent', consentId: consent.data.consentId },
      disclosedBy: { userId: 'case-manager-2', role: 'case-manager' },
      consentCopy: { consentId: consent.data.consentId },
    });
    // The send and its disclosure record were caused by the consent's arrival, decided together.
    expect(events.slice(2).map((event) => event.metadata.causationId)).toEqual([consent.eventId, consent.eventId]);
  });

  it('goes at once under the client’s consent, the disclosure recorded in the same answer', async () => {
    const { admitted, episodeId } = await service.admit();
    await copied(consentGranted(admitted.data.clientId));

    const sent = await post(caseManager, `/episodes/${episodeId}/authorization-requests`, AUTHORIZATION);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'sent', disclosureId: sent.body.sendId });
    expect(sent.body.events.map((event: { type: string }) => event.type)).toEqual([
      'OutsideSendRequested',
      'DisclosureRecorded',
      'OutsideSendSent',
    ]);
  });

  it('is refused with the reason and writes nothing for an episode the client paid for in full, consent or not', async () => {
    const { admitted, episodeId } = await service.admit();
    const clientId = admitted.data.clientId;
    await copied(consentGranted(clientId));
    await copied(paidInFullAgreed(clientId, [episodeId]));

    const refused = await expectNothingWritten(
      () => post(caseManager, `/episodes/${episodeId}/authorization-requests`, AUTHORIZATION),
      422,
    );
    expect(refused.body).toMatchObject({ code: 'disclosure-refused', type: expect.stringContaining('disclosure-refused') });
    expect(refused.body.details?.reasons).toEqual([
      expect.objectContaining({ code: 'paid-in-full', citation: '42 CFR 2.26(a); 45 CFR 164.522(a)(1)(vi)' }),
    ]);
  });

  it('is held again once the consent was revoked', async () => {
    const { admitted, episodeId } = await service.admit();
    const clientId = admitted.data.clientId;
    const consent = consentGranted(clientId);
    await copied(consent);
    await copied(consentRevoked(clientId, consent.data.consentId, '2026-01-11T12:00:00.000Z'));

    const asked = await post(caseManager, `/episodes/${episodeId}/authorization-requests`, AUTHORIZATION);
    expect(asked.body).toMatchObject({
      status: 'awaiting-consent',
      held: { reasonCode: 'consent-revoked', citation: '42 CFR 2.31(a)(6)' },
    });
  });

  it('is held after the discharge when the consent ran "until discharge"', async () => {
    const { admitted, episodeId } = await service.admit();
    const clientId = admitted.data.clientId;
    await copied(consentGranted(clientId, { expiry: { kind: 'event', event: 'discharge' } }));
    const discharged = await post(clinician, `/episodes/${episodeId}/discharge`, {
      disposition: 'against-advice',
      dischargeSummaryRef: 'summary-1',
    });
    expect(discharged.status).toBe(201);
    await eventually(
      async () => ((await typesIn(consentCopiesStream(clientId))).includes('ClientEventNoted') ? true : undefined),
      'the discharge noted in the consent file',
    );

    const asked = await post(caseManager, `/episodes/${episodeId}/authorization-requests`, AUTHORIZATION);
    expect(asked.body).toMatchObject({ status: 'awaiting-consent', held: { reasonCode: 'consent-expired-by-event' } });
  });

  it('is for case managers at the episode’s site; anyone else is refused and nothing is written', async () => {
    const { episodeId } = await service.admit();
    for (const who of [nurse, clinician, caseManagerElsewhere]) {
      await expectNothingWritten(() => post(who, `/episodes/${episodeId}/authorization-requests`, AUTHORIZATION), 403);
    }
  });

  it('refuses a diagnosis that is not an ICD-10-CM code (400), writing nothing', async () => {
    const { episodeId } = await service.admit();
    await expectNothingWritten(
      () => post(caseManager, `/episodes/${episodeId}/authorization-requests`, { ...AUTHORIZATION, diagnosisCodes: ['opioid use'] }),
      400,
    );
  });
});

describe('a court report', () => {
  it('goes under a court order within its scope, recorded with the order', async () => {
    const { episodeId } = await service.admit();
    const sent = await post(clinician, `/episodes/${episodeId}/court-reports`, { ...REPORT, basis: 'court-order', courtOrder: ORDER });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('sent');
    const [, disclosure] = await service.store().readStream(outsideSendStream('court-report', sent.body.sendId));
    expect(disclosure).toMatchObject({
      type: 'DisclosureRecorded',
      data: {
        carriedBy: { kind: 'court-report', id: sent.body.sendId },
        purpose: 'HLEGAL',
        basis: { kind: 'court-order', orderId: 'order-118', court: 'County Circuit Court', section: '2.64', issuedOn: '2026-01-08' },
      },
    });
  });

  it('goes under a 42 CFR 2.35 consent to the probation officer who monitors the client', async () => {
    const { admitted, episodeId } = await service.admit();
    const consent = consentGranted(admitted.data.clientId, criminalJustice);
    await copied(consent);
    const sent = await post(caseManager, `/episodes/${episodeId}/court-reports`, { ...REPORT, basis: 'consent' });
    expect(sent.body).toMatchObject({ status: 'sent', consentId: consent.data.consentId });
  });

  it('waits for a 2.35 consent when there is none', async () => {
    const { episodeId } = await service.admit();
    const asked = await post(caseManager, `/episodes/${episodeId}/court-reports`, { ...REPORT, basis: 'consent' });
    expect(asked.body).toMatchObject({ status: 'awaiting-consent', held: { reasonCode: 'no-consent' } });
  });

  const refusals: Array<[string, object, string]> = [
    ['a subpoena alone', { basis: 'subpoena', subpoenaReference: 'subpoena-42' }, 'subpoena-alone'],
    [
      'an order outside its scope',
      { basis: 'court-order', courtOrder: { ...ORDER, authorisedCategories: ['attendance'] } },
      'outside-order',
    ],
    ['an expired order', { basis: 'court-order', courtOrder: { ...ORDER, expiresOn: '2026-01-12' } }, 'order-expired'],
    [
      'a consent to a recipient that does not monitor progress',
      { basis: 'consent', recipient: { ...PROBATION, monitorsProgress: false } },
      'not-monitoring-progress',
    ],
  ];
  it.each(refusals)('is refused on %s, with the reason, writing nothing', async (_case, change, code) => {
    const { admitted, episodeId } = await service.admit();
    await copied(consentGranted(admitted.data.clientId, criminalJustice));
    const refused = await expectNothingWritten(
      () => post(clinician, `/episodes/${episodeId}/court-reports`, { ...REPORT, ...change }),
      422,
    );
    expect(refused.body.code).toBe('disclosure-refused');
    expect(refused.body.details?.reasons?.map((reason) => reason.code)).toContain(code);
  });

  it('asks for the order when the basis is a court order without one (400), writing nothing', async () => {
    const { episodeId } = await service.admit();
    await expectNothingWritten(() => post(clinician, `/episodes/${episodeId}/court-reports`, { ...REPORT, basis: 'court-order' }), 400);
  });

  it('is for clinicians and case managers at the episode’s site; a nurse is refused and nothing is written', async () => {
    const { episodeId } = await service.admit();
    await expectNothingWritten(
      () => post(nurse, `/episodes/${episodeId}/court-reports`, { ...REPORT, basis: 'court-order', courtOrder: ORDER }),
      403,
    );
  });
});
