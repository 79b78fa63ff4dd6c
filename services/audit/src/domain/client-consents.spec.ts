import { consentFromCopy, consentStateAt, consentsAndRestrictionsOf } from '@continuum/consent';
import { foldClientConsents, startClientConsents } from './client-consents.js';
import { form2024, namedForm2024 } from './testing/consent-forms.js';
import { CLIENT, EPISODE, OTHER_CLIENT, journeyOfOneClient, recorder } from './testing/recorded-history.js';

// The client's consents as the store holds them (intake's ConsentGranted on either form,
// ConsentRevoked, RestrictionAgreed; discharges; the end of aftercare), in the one model every
// discloser keeps: what the audit's gateway and FHIR export read.

const about = { clientId: CLIENT };
const fold = (events: ReturnType<typeof recorder>['events']) => {
  const consents = startClientConsents(CLIENT);
  for (const event of events) foldClientConsents(consents, event);
  return consents;
};

describe("the client's consents read from the store", () => {
  it('keeps a 2024 form as every discloser copies it: ids and codes, signer roles, no names', () => {
    const history = recorder();
    history.record(
      `intake-client-${CLIENT}`,
      'ConsentGranted',
      { clientId: CLIENT, consent: namedForm2024('provider-3'), grantedAt: '2026-03-02T10:00:00.000Z' },
      about,
    );
    const consents = fold(history.events);
    expect(consents.file.consents).toEqual([
      expect.objectContaining({
        consentId: 'consent-provider-3',
        recipients: [{ kind: 'named', recipientId: 'provider-3' }],
        purposes: ['TREAT'],
        categories: ['diagnosis', 'level-of-care', 'treatment-plan', 'attendance'],
        signedOn: '2026-03-02',
        grantedAt: '2026-03-02T10:00:00.000Z',
      }),
    ]);
    expect(consents.signerRoles.get('consent-provider-3')).toEqual(['client']);
    expect(JSON.stringify(consents.file)).not.toMatch(/Núñez|Rivera|Northside/);
  });

  it('keeps an old form as its copies always were, and reads a revocation stored without its receipt from the start of its day', () => {
    const consents = fold(recordedOldForms());
    expect(consents.file.consents.map((copy) => [copy.consentId, copy.revokedFrom])).toEqual([['consent-old', '2026-04-01T00:00:00.000Z']]);
    expect(consents.signerRoles.get('consent-old')).toEqual(['authorised-representative']);
  });

  it('takes a revocation from the instant it was received (42 CFR 2.31(a)(6))', () => {
    const history = recorder();
    history.record(
      `intake-client-${CLIENT}`,
      'ConsentGranted',
      { clientId: CLIENT, consent: form2024(), grantedAt: '2026-03-02T10:00:00.000Z' },
      about,
    );
    history.record(
      `intake-client-${CLIENT}`,
      'ConsentRevoked',
      {
        clientId: CLIENT,
        consentId: 'consent-tpo',
        receivedAt: '2026-03-20T14:05:00.000Z',
        receivedVia: 'letter',
        recordedAt: '2026-03-21T09:00:00.000Z',
      },
      about,
    );
    const { consents } = consentsAndRestrictionsOf(fold(history.events).file, CLIENT);
    expect(consentStateAt(consents[0]!, new Date('2026-03-20T14:04:59.999Z'), []).status).toBe('active');
    expect(consentStateAt(consents[0]!, new Date('2026-03-20T14:05:00.000Z'), []).status).toBe('revoked');
  });

  it('stops a consent "until discharge" when the ledger records the discharge, from the start of the discharge day', () => {
    const history = journeyOfOneClient(); // discharged on 2026-05-01
    history.record(
      `intake-client-${CLIENT}`,
      'ConsentGranted',
      {
        clientId: CLIENT,
        consent: namedForm2024('provider-3', {
          expiry: { kind: 'event', event: 'discharge', description: 'discharge from the programme' },
        }),
        grantedAt: '2026-03-02T10:00:00.000Z',
      },
      about,
    );
    // The ledger here records at test minutes; the discharge is recorded on its day, as it would be.
    const discharge = history.events.find((event) => event.type === 'EpisodeDischarged')!;
    discharge.recordedAt = '2026-05-01T16:00:00.000Z';
    const file = fold(history.events).file;
    expect(file.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'discharge', occurredAt: '2026-05-01T00:00:00.000Z', episodeId: EPISODE })]),
    );
    const consent = consentFromCopy(file.consents[0]!, CLIENT);
    expect(consentStateAt(consent, new Date('2026-04-30T23:59:59.999Z'), file.events).status).toBe('active');
    expect(consentStateAt(consent, new Date('2026-05-01T00:00:00.000Z'), file.events).status).toBe('expired');
  });

  it('notes the end of aftercare and agreed restrictions, and ignores another client’s events', () => {
    const history = recorder();
    history.record(
      'aftercare-plan-1',
      'ContinuingCareEnded',
      { planId: 'plan-1', clientId: CLIENT, reason: 'year-completed', endedOn: '2027-05-01', endedAt: '2027-05-01T06:00:00.000Z' },
      about,
    );
    history.record(
      `intake-client-${CLIENT}`,
      'RestrictionAgreed',
      {
        restrictionId: 'restriction-1',
        clientId: CLIENT,
        request: { kind: 'paid-in-full', serviceIds: ['service-9'] },
        required: true,
        agreedAt: '2026-03-05T10:00:00.000Z',
      },
      about,
    );
    history.record(
      `intake-client-${OTHER_CLIENT}`,
      'ConsentGranted',
      { clientId: OTHER_CLIENT, consent: form2024(), grantedAt: '2026-03-02T10:00:00.000Z' },
      { clientId: OTHER_CLIENT },
    );
    const { consents, restrictions, events } = consentsAndRestrictionsOf(fold(history.events).file, CLIENT);
    expect(consents).toEqual([]);
    expect(events).toEqual([{ clientId: CLIENT, event: 'end-of-aftercare', occurredAt: '2027-05-01T06:00:00.000Z' }]);
    expect(restrictions).toEqual([
      expect.objectContaining({ restrictionId: 'restriction-1', status: 'agreed', decidedAt: '2026-03-05T10:00:00.000Z' }),
    ]);
  });
});

function recordedOldForms() {
  const history = recorder();
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentGranted',
    {
      clientId: CLIENT,
      grantedAt: '2026-03-02T09:40:00.000Z',
      consent: {
        consentId: 'consent-old',
        clientName: 'Ana Núñez',
        disclosingParty: 'Northside IOP programme',
        information: 'attendance and progress',
        recipients: [{ kind: 'treating-providers' }],
        purposes: ['treatment'],
        purposeDescription: 'treatment by my treating providers',
        expiry: { kind: 'event', event: 'discharge from the programme' },
        signature: { signedBy: 'authorised-representative', signerName: 'Rosa Núñez', signedOn: '2026-03-02' },
        acknowledgesRightToRevoke: true,
      },
    },
    about,
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentRevoked',
    { clientId: CLIENT, consentId: 'consent-old', revokedOn: '2026-04-01', receivedVia: 'letter', recordedAt: '2026-04-01T10:00:00.000Z' },
    about,
  );
  return history.events;
}
