import { type DocumentCollection, type ReadModelDefinition } from '@continuum/read-store';
import { type IntakeCommand } from '../domain/index.js';
import {
  CLIENT_ID,
  IOP,
  PHP,
  admission,
  assessment,
  consentForm,
  grantConsent,
  historyOf,
  imminentSuicideRisk,
  itemsSummingTo,
  noSuicideRisk,
  phq9,
  placedClient,
  placementDecision,
  referral,
  registration,
  revokeConsent,
  safetyPlan,
  screenedClient,
  screening,
} from '../domain/testing/intake-fixtures.js';
import { ACTIVE_CONSENTS, type ActiveConsents, consentsInForce } from './active-consents.js';
import { CLIENT_LIST, type ClientListItem } from './client-list.js';
import { CLIENT_RECORDS, type ClientRecord, clientSummaryOf } from './client-record.js';
import { intakeClientsProjection } from './intake-clients.projection.js';
import { intakeConsentsProjection } from './intake-consents.projection.js';
import { type ProjectedDocuments, inMemoryContext, project, recordedInStream } from './testing/projected-documents.js';

const eventsOf = (commands: IntakeCommand[]) => recordedInStream(CLIENT_ID, historyOf(commands));

async function listRowAfter(commands: IntakeCommand[]): Promise<ClientListItem> {
  const documents = await project(intakeClientsProjection, eventsOf(commands));
  return documents.get(CLIENT_LIST.name)!.get(CLIENT_ID)!.document as ClientListItem;
}

describe('the clients list', () => {
  it('lists a newly registered client at its site, with no flags and no levels yet', async () => {
    expect(await listRowAfter([referral(), registration()])).toEqual({
      clientId: CLIENT_ID,
      siteId: 'site-north',
      status: 'registered',
      isOnSafetyHold: false,
      isDuplicateSuspect: false,
      hasCoOccurringCondition: false,
      flags: [],
      recommendedLevel: null,
      decidedLevel: null,
      registeredAt: '2026-01-15T09:00:00.000Z',
      updatedAt: '2026-01-15T09:00:01.000Z',
    });
  });

  it('flags a possible duplicate from registration', async () => {
    const row = await listRowAfter([referral(), registration({ possibleDuplicateOf: ['client-0'] })]);
    expect(row).toMatchObject({ isDuplicateSuspect: true, flags: ['duplicate-suspect'] });
  });

  it('moves a screened client to screening and flags a positive PHQ-9 as co-occurring', async () => {
    const row = await listRowAfter([referral(), registration(), screening(phq9(itemsSummingTo(14, 9, 3)))]);
    expect(row).toMatchObject({ status: 'screening', hasCoOccurringCondition: true, flags: ['co-occurring'] });
  });

  it('puts a client with imminent suicide risk on the safety-hold flag until a safety plan is recorded', async () => {
    const onHold = [referral(), registration(), screening(imminentSuicideRisk)];
    expect(await listRowAfter(onHold)).toMatchObject({ isOnSafetyHold: true, flags: ['safety-hold'] });
    expect(await listRowAfter([...onHold, safetyPlan()])).toMatchObject({ isOnSafetyHold: false, flags: [] });
  });

  it('shows the recommended level after the assessment, and the decided level beside it after placement', async () => {
    expect(await listRowAfter([...screenedClient(), assessment()])).toMatchObject({
      status: 'assessed',
      recommendedLevel: IOP,
      decidedLevel: null,
    });
    const varied = await listRowAfter([
      ...screenedClient(),
      assessment(),
      placementDecision({ level: PHP, varianceReason: 'works nights' }),
    ]);
    expect(varied).toMatchObject({ status: 'placed', recommendedLevel: IOP, decidedLevel: PHP });
  });

  it('shows an admitted client as admitted', async () => {
    expect(await listRowAfter([...placedClient(), admission()])).toMatchObject({ status: 'admitted', decidedLevel: IOP });
  });

  it('versions every document with the position of the last event folded into it', async () => {
    const events = eventsOf([...placedClient(), admission()]);
    const documents = await project(intakeClientsProjection, events);
    expect(documents.get(CLIENT_LIST.name)!.get(CLIENT_ID)!.version).toBe(events.at(-1)!.position);
    expect(documents.get(CLIENT_RECORDS.name)!.get(CLIENT_ID)!.version).toBe(events.at(-1)!.position);
  });
});

describe('replaying events after a crash', () => {
  const history = () => eventsOf([...placedClient(), admission()]);

  it('changes nothing when every event is applied a second time', async () => {
    const once = await project(intakeClientsProjection, history());
    const twice = await project(intakeClientsProjection, history(), structuredClone(once));
    expect(twice).toEqual(once);
  });

  it('writes the list row that a crash between the two writes of an event left behind', async () => {
    const events = history();
    const uninterrupted = await project(intakeClientsProjection, events);

    const documents = await project(intakeClientsProjection, events.slice(0, -1));
    await expect(intakeClientsProjection.apply(events.at(-1)!, failingOn(CLIENT_LIST.name, documents))).rejects.toThrow('power cut');
    expect(documents.get(CLIENT_LIST.name)!.get(CLIENT_ID)!.document).toMatchObject({ status: 'placed' });

    // The checkpoint was older than the crash: the runner replays the last few events.
    await project(intakeClientsProjection, events.slice(-3), documents);
    expect(documents).toEqual(uninterrupted);
  });
});

describe('active consents', () => {
  const consentsAfter = async (commands: IntakeCommand[]) =>
    (await project(intakeConsentsProjection, eventsOf(commands))).get(ACTIVE_CONSENTS.name)!.get(CLIENT_ID)!.document as ActiveConsents;

  it('holds a granted consent without the names written on the form', async () => {
    const document = await consentsAfter([referral(), registration(), grantConsent()]);
    expect(document.siteId).toBe('site-north');
    expect(document.consents).toEqual([
      expect.objectContaining({
        consentId: 'consent-1',
        purposes: ['TREAT'],
        recipients: consentForm().recipients,
        information: consentForm().information,
        signedOn: '2026-01-15',
      }),
    ]);
    expect(JSON.stringify(document)).not.toContain('Ana');
    expect(document.consents[0]).not.toHaveProperty('signers');
  });

  it('drops a consent as soon as it is revoked, and keeps the others', async () => {
    const document = await consentsAfter([
      referral(),
      registration(),
      grantConsent(),
      grantConsent({ consentId: 'consent-2' }),
      revokeConsent(),
    ]);
    expect(document.consents.map((consent) => consent.consentId)).toEqual(['consent-2']);
  });

  it('answers that a consent past its expiry date is no longer in force', async () => {
    const document = await consentsAfter([referral(), registration(), grantConsent({ expiry: { kind: 'date', expiresOn: '2026-06-01' } })]);
    expect(consentsInForce(document, new Date('2026-05-31T12:00:00Z'))).toHaveLength(1);
    expect(consentsInForce(document, new Date('2026-06-01T00:00:00Z'))).toHaveLength(0);
  });

  it('keeps a record for a registered client with no consents, so that "none" is an answer and not a 404', async () => {
    expect((await consentsAfter([referral(), registration()])).consents).toEqual([]);
  });
});

describe('the client summary', () => {
  it('gives each consent its status on the day asked, and the latest result of each screening with the positive ones named', async () => {
    const commands = [
      referral(),
      registration(),
      grantConsent(),
      grantConsent({ consentId: 'consent-2', expiry: { kind: 'date', expiresOn: '2026-03-01' } }),
      grantConsent({ consentId: 'consent-3' }),
      revokeConsent({ consentId: 'consent-3' }),
      screening(phq9(itemsSummingTo(4, 9, 3)), 'phq9-first'),
      screening(phq9(itemsSummingTo(14, 9, 3)), 'phq9-again'),
      screening(noSuicideRisk, 'cssrs'),
    ];
    const documents = await project(intakeClientsProjection, eventsOf(commands));
    const record = documents.get(CLIENT_RECORDS.name)!.get(CLIENT_ID)!.document as ClientRecord;
    const summary = clientSummaryOf(record, new Date('2026-04-01T00:00:00Z'));
    expect(summary.consents.map((consent) => [consent.consentId, consent.status])).toEqual([
      ['consent-1', 'active'],
      ['consent-2', 'expired'],
      ['consent-3', 'revoked'],
    ]);
    expect(summary.latestScreenings.map((s) => [s.screeningId, s.score])).toEqual([
      ['phq9-again', 14],
      ['cssrs', 0],
    ]);
    expect(summary.positiveScreenings).toEqual(['PHQ-9']);
    expect(summary.person).toMatchObject({ givenName: 'Ana' });
  });
});

/** A context whose writes to one collection fail, as if the power went between two writes of one event. */
function failingOn(collection: string, documents: ProjectedDocuments) {
  const context = inMemoryContext(documents);
  return {
    collection: async <T>(definition: ReadModelDefinition) => {
      const inner = await context.collection<T>(definition);
      if (definition.name !== collection) return inner;
      return { ...inner, upsert: async () => Promise.reject(new Error('power cut')) } as DocumentCollection<T>;
    },
  };
}
