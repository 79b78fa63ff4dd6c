import {
  DEFAULT_CONSENT_POLICY,
  consentStateAt,
  consentsAndRestrictionsOf,
  copyOfPublishedConsent,
  emptyConsentFile,
  withConsentCopied,
  withRevocationCopied,
} from '@continuum/consent';
import { type IntegrationEvent, validateIntegrationEvent } from '@continuum/contracts';
import { appendedSinceFlushed, flushedSnapshot } from '@continuum/service-testing';
import { exampleRegistration, exampleTreatmentConsent } from './api/examples.js';
import { clientStream } from './domain/index.js';
import { toIntegrationEvent } from './messaging/intake-integration-events.js';
import { type IntakeTestApp, bearer as as, inDays, startIntakeTestApp, today, tokenFor as token } from './testing/intake-app.js';

// The Part 2 consent form at intake, case by case (issue 16 items 1 and 6), over HTTP: what the
// coordinator is answered, what intake stored and what it publishes for the services that
// disclose. The rule itself is @continuum/consent's (its specs test every boundary); these show
// intake applies it: each expiry kind, a TPO consent's general designation, minors under the
// network's state rule (CONSENT_MINOR_RULE), 42 CFR 2.35 criminal-justice consents, SUD
// counselling notes on a consent of their own, and revocation effective on receipt. Every
// refusal is a 422 naming the element with its section, and writes nothing.

const SITE = 'site-north';
const STATEMENTS = DEFAULT_CONSENT_POLICY.statementTexts;

let intake: IntakeTestApp;
let minorAloneIntake: IntakeTestApp;
let coordinator: string;

beforeAll(async () => {
  intake = await startIntakeTestApp('intake-part-2-consents');
  // A network whose state lets a minor consent to treatment alone (42 CFR 2.14(a)).
  minorAloneIntake = await startIntakeTestApp('intake-minor-alone', { env: { CONSENT_MINOR_RULE: 'minor-alone' } });
  coordinator = await token('intake-coordinator', [SITE]);
});

afterAll(async () => {
  await intake.close();
  await minorAloneIntake.close();
});

type Form = ReturnType<typeof exampleTreatmentConsent> & Record<string, unknown>;
const form = (changes: Record<string, unknown> = {}): Form => ({ ...structuredClone(exampleTreatmentConsent(today())), ...changes });

/** A consent naming one provider, for a purpose outside treatment, payment and operations: no general designation, no "none". */
const researchConsent = (changes: Record<string, unknown> = {}) =>
  form({
    recipients: [{ kind: 'named', recipientId: 'university-study-4', name: 'Millbrook University Recovery Study' }],
    purposes: ['HRESCH'],
    purposeDescription: 'the recovery outcomes study',
    expiry: { kind: 'event', event: 'end-of-research-study', description: 'the end of the study' },
    statements: { revocation: STATEMENTS.revocation, 'treatment-not-conditioned': STATEMENTS['treatment-not-conditioned'] },
    ...changes,
  });

/** A consent to the probation officer who monitors the client's progress (42 CFR 2.35), revocable from `revocableOn`. */
const criminalJusticeConsent = (revocableOn: string, changes: Record<string, unknown> = {}) =>
  form({
    recipients: [{ kind: 'named', recipientId: 'probation-officer-12', name: 'County Probation, Officer Lee' }],
    purposes: ['HLEGAL'],
    purposeDescription: 'to report attendance and progress to my probation officer',
    expiry: { kind: 'event', event: 'final-disposition', description: 'the final disposition of my probation' },
    statements: { revocation: STATEMENTS.revocation, 'treatment-not-conditioned': STATEMENTS['treatment-not-conditioned'] },
    criminalJustice: { conditionOf: 'parole', revocableFrom: { kind: 'date', on: revocableOn }, finalDispositionOn: inDays(180) },
    ...changes,
  });

async function register(app = intake): Promise<string> {
  const response = await app.http().post('/api/v1/clients').set(as(coordinator)).send(exampleRegistration(SITE)).expect(201);
  return response.body.clientId as string;
}

/** Records the consent (201) and answers with what intake stored and publishes for it. */
async function granted(body: object, app = intake) {
  const clientId = await register(app);
  const response = await app.http().post(`/api/v1/clients/${clientId}/consents`).set(as(coordinator)).send(body);
  expect(response.status).toBe(201);
  const stored = (await app.store().readStream(clientStream(clientId))).find((event) => event.type === 'ConsentGranted')!;
  const published = toIntegrationEvent(stored)! as IntegrationEvent & { data: Record<string, unknown> };
  expect(published).toMatchObject({ type: 'ConsentGranted', schemaVersion: 2 });
  expect(validateIntegrationEvent(published).ok).toBe(true);
  return { clientId, consentId: response.body.consentId as string, grantedAt: response.body.grantedAt as string, published };
}

/** Refused (422) naming `element` with its section; nothing written anywhere. */
async function refused(body: object, element: string, citation: RegExp, app = intake) {
  const clientId = await register(app);
  const before = await flushedSnapshot(app);
  const response = await app.http().post(`/api/v1/clients/${clientId}/consents`).set(as(coordinator)).send(body);
  expect(response.status).toBe(422);
  expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  const problems = response.body.errors as Array<{ field: string; problem: string }>;
  expect(problems.filter((p) => p.field === element).map((p) => p.problem)).toEqual(
    expect.arrayContaining([expect.stringMatching(citation)]),
  );
  expect(await appendedSinceFlushed(app, before)).toEqual([]);
}

describe('each expiry kind (42 CFR 2.31(a)(7))', () => {
  it('expires on a date: recorded and published with it; a date already come is refused', async () => {
    const expiresOn = inDays(30);
    const { published } = await granted(form({ expiry: { kind: 'date', expiresOn } }));
    expect(published.data.expiry).toEqual({ kind: 'date', expiresOn });
    await refused(form({ expiry: { kind: 'date', expiresOn: today() } }), 'expiry', /2\.31\(a\)\(7\).*already have expired/);
  });

  it('expires on an event, for the episode it names: published with both, so the disclosers stop it when it happens', async () => {
    const { published } = await granted(
      form({ expiry: { kind: 'event', event: 'discharge', description: 'my discharge', episodeId: 'episode-7c1' } }),
    );
    expect(published.data.expiry).toEqual({ kind: 'event', event: 'discharge', episodeId: 'episode-7c1' });
    await refused(
      form({ expiry: { kind: 'event', event: 'when I feel better', description: 'when I feel better' } }),
      'expiry',
      /2\.31\(a\)\(7\)/,
    );
  });

  it('has no expiry only on a treatment, payment and operations consent', async () => {
    const { published } = await granted(form({ expiry: { kind: 'none' } }));
    expect(published.data.expiry).toEqual({ kind: 'none' });
    await refused(
      researchConsent({ expiry: { kind: 'none' } }),
      'expiry',
      /2\.31\(a\)\(7\).*treatment, payment and health care operations/,
    );
  });

  it('is refused without one', () => refused(form({ expiry: undefined }), 'expiry', /2\.31\(a\)\(7\)/));
});

describe('a single consent for treatment, payment and operations (42 CFR 2.31(a)(4)(i))', () => {
  it('designates "my treating providers, health plans and payers" generally, and is published by designation', async () => {
    const { published } = await granted(
      form({
        recipients: [
          { kind: 'general', designation: 'treating-providers' },
          { kind: 'general', designation: 'health-plans' },
          { kind: 'general', designation: 'third-party-payers' },
        ],
        purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
        information: { description: 'diagnosis, attendance and billing', categories: ['diagnosis', 'attendance', 'billing'] },
      }),
    );
    expect(published.data.recipients).toEqual([
      { kind: 'general', designation: 'treating-providers' },
      { kind: 'general', designation: 'health-plans' },
      { kind: 'general', designation: 'third-party-payers' },
    ]);
    expect(published.data.purposes).toEqual(['TREAT', 'HPAYMT', 'HOPERAT']);
  });

  it('allows a general designation on no other consent: one for research names its recipients', () =>
    refused(
      researchConsent({ recipients: [{ kind: 'general', designation: 'treating-providers' }] }),
      'recipients',
      /2\.31\(a\)\(4\)\(i\)/,
    ));
});

describe("a minor's consent, by the network's state rule (42 CFR 2.14)", () => {
  const minor = (signers: object[]) => form({ clientIsMinor: true, signers });
  const guardian = { role: 'guardian', name: 'Jordan Example', authority: 'parent' };
  const client = { role: 'client', name: 'Alex Example' };

  it('needs the minor and a parent or guardian where the state asks both (the default)', async () => {
    const { published } = await granted(minor([client, guardian]));
    expect(published.data.clientIsMinor).toBe(true);
    await refused(minor([client]), 'signature', /2\.14\(b\)/);
  });

  it("takes the minor's signature alone where the state lets the minor consent, and never a guardian's instead", async () => {
    const { published } = await granted(minor([client]), minorAloneIntake);
    expect(published.data.clientIsMinor).toBe(true);
    await refused(minor([guardian]), 'signature', /2\.14/, minorAloneIntake);
  });
});

describe('a criminal-justice consent (42 CFR 2.35)', () => {
  it('is published with its terms; revoked before it may be, the revocation is kept and takes effect only when it becomes revocable', async () => {
    const revocableOn = inDays(90);
    const { clientId, consentId, grantedAt, published } = await granted(criminalJusticeConsent(revocableOn));
    expect(published.data.criminalJustice).toEqual({
      conditionOf: 'parole',
      revocableFrom: { kind: 'date', on: revocableOn },
      finalDispositionOn: inDays(180),
    });

    const revocation = await intake
      .http()
      .post(`/api/v1/consents/${consentId}/revocation`)
      .set(as(coordinator))
      .send({ receivedVia: 'letter' });
    expect(revocation.status).toBe(200);
    // The coordinator sees it still active: irrevocable until its stated date (2.35(d)).
    const record = await intake.http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.body.consents).toEqual([
      expect.objectContaining({
        consentId,
        status: 'active',
        revocation: expect.objectContaining({ receivedAt: revocation.body.revocation.receivedAt }),
      }),
    ]);

    // A discloser reading what intake published reaches the same answer, and the revocation takes effect on the date.
    const revoked = toIntegrationEvent((await intake.store().readStream(clientStream(clientId))).at(-1)!)!;
    expect(revoked).toMatchObject({ type: 'ConsentRevoked', data: { consentId, effectiveAt: revocation.body.revocation.receivedAt } });
    let file = withConsentCopied(emptyConsentFile, copyOfPublishedConsent(published as never), grantedAt);
    file = withRevocationCopied(file, consentId, (revoked.data as { effectiveAt: string }).effectiveAt);
    const [copy] = consentsAndRestrictionsOf(file, clientId).consents;
    const revocableFrom = Date.parse(`${revocableOn}T00:00:00.000Z`);
    expect(consentStateAt(copy!, new Date(revocableFrom - 1), []).status).toBe('active');
    expect(consentStateAt(copy!, new Date(revocableFrom), [])).toMatchObject({ status: 'revoked', citation: '42 CFR 2.35(d)' });
  });

  it('revocable from an event, stays in effect after an early revocation until the event happens, for those who hear of it', async () => {
    const { clientId, consentId, grantedAt, published } = await granted(
      criminalJusticeConsent(inDays(90), {
        criminalJustice: { conditionOf: 'criminal-proceeding', revocableFrom: { kind: 'event', event: 'end-of-treatment' } },
      }),
    );
    expect(published.data.criminalJustice).toEqual({
      conditionOf: 'criminal-proceeding',
      revocableFrom: { kind: 'event', event: 'end-of-treatment' },
    });
    const revocation = await intake
      .http()
      .post(`/api/v1/consents/${consentId}/revocation`)
      .set(as(coordinator))
      .send({ receivedVia: 'signed-form' })
      .expect(200);
    const record = await intake.http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.body.consents).toEqual([expect.objectContaining({ consentId, status: 'active' })]);

    const revoked = toIntegrationEvent((await intake.store().readStream(clientStream(clientId))).at(-1)!)!;
    let file = withConsentCopied(emptyConsentFile, copyOfPublishedConsent(published as never), grantedAt);
    file = withRevocationCopied(file, consentId, (revoked.data as { effectiveAt: string }).effectiveAt);
    const [copy] = consentsAndRestrictionsOf(file, clientId).consents;
    const endOfTreatment = new Date(Date.parse(revocation.body.revocation.receivedAt) + 60_000);
    const events = [{ clientId, event: 'end-of-treatment' as const, occurredAt: endOfTreatment.toISOString() }];
    expect(consentStateAt(copy!, new Date(endOfTreatment.getTime() - 1), events).status).toBe('active');
    expect(consentStateAt(copy!, endOfTreatment, events)).toMatchObject({ status: 'revoked', citation: '42 CFR 2.35(d)' });
  });

  it('names only those who monitor the client’s progress: a general designation is refused', () =>
    refused(
      criminalJusticeConsent(inDays(90), { recipients: [{ kind: 'general', designation: 'treating-providers' }] }),
      'criminal-justice',
      /2\.35\(a\)\(1\)/,
    ));

  it('becomes revocable no later than the final disposition', () =>
    refused(criminalJusticeConsent(inDays(200)), 'criminal-justice', /2\.35\(d\).*no later than the final disposition/));

  it('states how long it stays in effect: "none" is refused', () =>
    refused(criminalJusticeConsent(inDays(90), { expiry: { kind: 'none' } }), 'criminal-justice', /2\.35\(c\)/));
});

describe('SUD counselling notes (42 CFR 2.31(b))', () => {
  const notes = { description: 'notes of my counselling sessions with Dr Vega', categories: ['sud-counselling-notes'] };

  it('are consented to on a consent of their own, published with that one category', async () => {
    const { published } = await granted(form({ information: notes }));
    expect(published.data.categories).toEqual(['sud-counselling-notes']);
  });

  it('are never combined with other categories on one consent', () =>
    refused(
      form({ information: { description: notes.description, categories: ['sud-counselling-notes', 'diagnosis'] } }),
      'information',
      /2\.31\(b\)\(2\).*consent of their own/,
    ));
});

describe('a revocation, effective on receipt (42 CFR 2.31(a)(6))', () => {
  it('stops the consent from the instant it was received, as recorded, stored and published', async () => {
    const { clientId, consentId, grantedAt } = await granted(form());
    // Received at the instant intake recorded the consent (earlier than now): that instant, not now, stops it.
    const response = await intake
      .http()
      .post(`/api/v1/consents/${consentId}/revocation`)
      .set(as(coordinator))
      .send({ receivedAt: grantedAt, receivedVia: 'fax', revokedOn: today() });
    expect(response.status).toBe(200);
    expect(response.body.revocation).toMatchObject({ receivedAt: grantedAt, receivedVia: 'fax', revokedOn: today() });
    const stored = (await intake.store().readStream(clientStream(clientId))).at(-1)!;
    expect(stored).toMatchObject({ type: 'ConsentRevoked', data: { consentId, receivedAt: grantedAt } });
    const published = toIntegrationEvent(stored)!;
    expect(published.data).toEqual({ consentId, clientId, revokedOn: today(), effectiveAt: grantedAt });
    expect(validateIntegrationEvent(published).ok).toBe(true);
    const record = await intake.http().get(`/api/v1/clients/${clientId}`).set(as(coordinator));
    expect(record.body.consents).toEqual([expect.objectContaining({ consentId, status: 'revoked' })]);
  });

  it('cannot have been received before the consent was signed (422), be spoken (400) or be recorded twice (422), and then writes nothing', async () => {
    const signedOn = inDays(-2);
    const { consentId } = await granted(form({ signedOn }));
    const revoke = (body: object) => intake.http().post(`/api/v1/consents/${consentId}/revocation`).set(as(coordinator)).send(body);

    let before = await flushedSnapshot(intake);
    const early = await revoke({ receivedAt: `${inDays(-3)}T12:00:00.000Z`, receivedVia: 'letter' });
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(['receivedAt']);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);

    // Revocation is in writing: a spoken one is not a channel the form takes (400).
    const spoken = await revoke({ receivedVia: 'telephone' });
    expect(spoken.status).toBe(400);
    expect(spoken.body.errors.map((e: { field: string }) => e.field)).toEqual(['receivedVia']);
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);

    await revoke({ receivedVia: 'letter' }).expect(200);
    before = await flushedSnapshot(intake);
    const twice = await revoke({ receivedVia: 'letter' });
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('consent-already-revoked');
    expect(await appendedSinceFlushed(intake, before)).toEqual([]);
  });
});
