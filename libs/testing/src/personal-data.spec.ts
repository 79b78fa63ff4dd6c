import { findPersonalData, personalDataOf } from './personal-data.js';

// The detector guards the promise that no personal data leaves a service (intake's data here); these cases show it
// would notice a leak, so that its silence in the mapping spec means something.

const CLIENT = '9d2f6c1e-7b3a-4c5d-8e9f-a0b1c2d3e4f5';

const registered = {
  type: 'ClientRegistered',
  data: {
    clientId: CLIENT,
    siteId: 'site-north',
    person: {
      givenName: 'Zoraida',
      familyName: 'Núñez-Quintanilla',
      dateOfBirth: '1988-03-14',
      contact: { phone: '+1 555 0142', email: 'zoraida.nq@example.org', address: '17 Larkspur Lane, Millbrook' },
    },
    possibleDuplicateOf: [],
    registeredAt: '2026-01-15T09:00:00.000Z',
  },
};
const consent = {
  type: 'ConsentGranted',
  data: {
    clientId: CLIENT,
    consent: {
      consentId: 'consent-1',
      clientName: 'Zoraida Núñez-Quintanilla',
      information: 'diagnosis, medications and attendance',
      recipients: [{ kind: 'named', recipientId: 'provider-7', name: 'Riverside Psychiatry' }],
      purposes: ['treatment'],
      expiry: { kind: 'event', event: 'discharge from the programme' },
    },
    grantedAt: '2026-01-15T09:00:00.000Z',
  },
};
const screened = {
  type: 'ScreeningRecorded',
  data: { clientId: CLIENT, answers: { instrument: 'PHQ-9', items: [2, 3, 1, 2, 2, 1, 0, 1, 0] } },
};
const placed = { type: 'PlacementDecided', data: { clientId: CLIENT, variance: { reason: 'lives two hours from the nearest IOP' } } };

const personal = personalDataOf([registered, consent, screened, placed]);
const leaksIn = (output: unknown) => findPersonalData(output, personal);
const clean = {
  type: 'ClientRegistered',
  clientId: CLIENT,
  data: { clientId: CLIENT, siteId: 'site-north', purposes: ['treatment'], score: 17 },
};

describe('the personal data detector', () => {
  it('counts as personal every input string that is not an id, a code or a timestamp', () => {
    expect(personal.identities.map((found) => found.path)).toEqual([
      'ClientRegistered#0.data.person.givenName',
      'ClientRegistered#0.data.person.familyName',
      'ClientRegistered#0.data.person.dateOfBirth',
      'ClientRegistered#0.data.person.contact.phone',
      'ClientRegistered#0.data.person.contact.email',
      'ClientRegistered#0.data.person.contact.address',
      'ConsentGranted#1.data.consent.clientName',
      'ConsentGranted#1.data.consent.recipients[0].name',
    ]);
    expect(personal.texts.map((found) => found.path)).toEqual([
      'ConsentGranted#1.data.consent.information',
      'ConsentGranted#1.data.consent.expiry.event',
      'PlacementDecided#3.data.variance.reason',
    ]);
    expect(personal.answerSets.map((found) => found.path)).toEqual(['ScreeningRecorded#2.data.answers.items']);
  });

  it('finds nothing in ids, codes and scores', () => {
    expect(leaksIn(clean)).toEqual([]);
  });

  it('finds the given name inside a sentence deep in an array', () => {
    expect(leaksIn({ ...clean, data: { notes: [{ text: 'called Zoraida back' }] } })).toEqual([
      '$.data.notes[0].text: holds ClientRegistered#0.data.person.givenName ("Zoraida")',
      // The e-mail address is built from the given name: either one found there is a leak.
      '$.data.notes[0].text: holds ClientRegistered#0.data.person.contact.email ("zoraida.nq@example.org")',
      '$.data.notes[0].text: holds ConsentGranted#1.data.consent.clientName ("Zoraida Núñez-Quintanilla")',
    ]);
  });

  it('finds one part of a double family name written in capitals without accents', () => {
    expect(leaksIn({ surname: 'NUNEZ' })).toEqual([
      '$.surname: holds ClientRegistered#0.data.person.familyName ("Núñez-Quintanilla")',
      '$.surname: holds ConsentGranted#1.data.consent.clientName ("Zoraida Núñez-Quintanilla")',
    ]);
  });

  it('finds the date of birth written another way', () => {
    expect(leaksIn({ born: '14/03/1988' })).toEqual(['$.born: holds ClientRegistered#0.data.person.dateOfBirth ("1988-03-14")']);
  });

  it('finds the phone number with other separators, and a word of the address', () => {
    expect(leaksIn({ reach: '1-555-0142', near: 'larkspur' })).toEqual([
      '$.reach: holds ClientRegistered#0.data.person.contact.phone ("+1 555 0142")',
      '$.near: holds ClientRegistered#0.data.person.contact.address ("17 Larkspur Lane, Millbrook")',
    ]);
  });

  it('finds a personal value used as a key', () => {
    expect(leaksIn({ byEmail: { 'zoraida.nq@example.org': true } })).toEqual([
      '$.byEmail (key): holds ClientRegistered#0.data.person.givenName ("Zoraida")',
      '$.byEmail (key): holds ClientRegistered#0.data.person.contact.email ("zoraida.nq@example.org")',
      '$.byEmail (key): holds ConsentGranted#1.data.consent.clientName ("Zoraida Núñez-Quintanilla")',
    ]);
  });

  it("finds the consent form's wording, a recipient's name and a clinician's free-text reason", () => {
    expect(
      leaksIn({ what: 'Diagnosis, medications and attendance', to: 'riverside psychiatry', why: 'lives two hours from the nearest IOP' }),
    ).toEqual([
      '$.to: holds ConsentGranted#1.data.consent.recipients[0].name ("Riverside Psychiatry")',
      '$.what: holds ConsentGranted#1.data.consent.information ("diagnosis, medications and attendance")',
      '$.why: holds PlacementDecided#3.data.variance.reason ("lives two hours from the nearest IOP")',
    ]);
  });

  it("finds a screening's item answers copied as a set", () => {
    expect(leaksIn({ phq9: [2, 3, 1, 2, 2, 1, 0, 1, 0] })).toEqual([
      '(output): holds ScreeningRecorded#2.data.answers.items ("[2,3,1,2,2,1,0,1,0]")',
    ]);
  });

  it('finds the whole person when a mapping spreads the domain event', () => {
    const findings = leaksIn({ ...clean, data: { ...registered.data } });
    expect(findings.length).toBeGreaterThanOrEqual(6);
    for (const field of ['givenName', 'familyName', 'dateOfBirth', 'phone', 'email', 'address']) {
      expect(findings.some((finding) => finding.includes(`person.${field}`) || finding.includes(`contact.${field}`))).toBe(true);
    }
  });
});
