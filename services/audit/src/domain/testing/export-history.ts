import { form2024, namedForm2024 } from './consent-forms.js';
import { CLIENT, EPISODE, journeyOfOneClient } from './recorded-history.js';

// The journey of recorded-history.ts with what the FHIR export also maps: a Part 2 consent
// granted at intake and a treatment consent later revoked, plan goals (one achieved), the
// referral sent under the consent with its disclosure, the integrated-care goal from its
// outcome, and two reads of the client's record in the access log.

export const NOW = new Date('2026-06-10T12:00:00.000Z');

export function journeyForExport() {
  const history = journeyOfOneClient();
  const about = { clientId: CLIENT, siteId: 'site-north' };
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentGranted',
    {
      clientId: CLIENT,
      grantedAt: '2026-03-02T09:30:00.000Z',
      consent: {
        consentId: 'consent-1',
        clientName: 'Ana Núñez',
        disclosingParty: 'Northside IOP programme',
        information: 'referral reason, diagnosis codes, urgency',
        recipients: [{ kind: 'named', recipientId: 'provider-3', name: 'Dr Rivera, Eastside Psychiatry' }],
        purposes: ['care-coordination'],
        purposeDescription: 'to coordinate psychiatric care',
        expiry: { kind: 'date', expiresOn: '2027-03-02' },
        signature: { signedBy: 'client', signerName: 'Ana Núñez', signedOn: '2026-03-02' },
        acknowledgesRightToRevoke: true,
      },
    },
    about,
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentGranted',
    {
      clientId: CLIENT,
      grantedAt: '2026-03-02T09:40:00.000Z',
      consent: {
        consentId: 'consent-2',
        clientName: 'Ana Núñez',
        disclosingParty: 'Northside IOP programme',
        information: 'attendance and progress',
        recipients: [{ kind: 'treating-providers' }],
        purposes: ['treatment'],
        purposeDescription: 'treatment by my treating providers',
        expiry: { kind: 'event', event: 'discharge from the programme' },
        signature: { signedBy: 'client', signerName: 'Ana Núñez', signedOn: '2026-03-02' },
        acknowledgesRightToRevoke: true,
      },
    },
    about,
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentRevoked',
    { clientId: CLIENT, consentId: 'consent-2', revokedOn: '2026-04-01', receivedVia: 'letter', recordedAt: '2026-04-01T10:00:00.000Z' },
    about,
  );
  // On the 2024 form: a single TPO consent signed by a minor and their guardian, to general
  // designations and an intermediary; a criminal-justice consent (42 CFR 2.35) until discharge;
  // and a consent of its own for SUD counselling notes, revoked later.
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentGranted',
    {
      clientId: CLIENT,
      grantedAt: '2026-03-03T09:00:00.000Z',
      consent: form2024({
        consentId: 'consent-3',
        recipients: [
          { kind: 'general', designation: 'treating-providers' },
          {
            kind: 'intermediary',
            intermediaryId: 'hie-east',
            name: 'East Health Information Exchange',
            participants: { kind: 'named', participantIds: ['provider-3', 'provider-9'] },
          },
        ],
        signers: [
          { role: 'client', name: 'Ana Núñez' },
          { role: 'guardian', name: 'Rosa Núñez', authority: 'parent' },
        ],
        clientIsMinor: true,
        signedOn: '2026-03-03',
      }),
    },
    about,
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentGranted',
    {
      clientId: CLIENT,
      grantedAt: '2026-03-03T09:10:00.000Z',
      consent: namedForm2024('probation-office-2', {
        consentId: 'consent-4',
        purposes: ['HOPERAT'],
        information: { description: 'attendance', categories: ['attendance'] },
        expiry: { kind: 'event', event: 'discharge', description: 'my discharge from the programme' },
        signedOn: '2026-03-01',
        criminalJustice: { conditionOf: 'parole', revocableFrom: { kind: 'date', on: '2026-09-01' }, finalDispositionOn: '2026-12-31' },
      }),
    },
    about,
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentGranted',
    {
      clientId: CLIENT,
      grantedAt: '2026-03-03T09:20:00.000Z',
      consent: namedForm2024('provider-3', {
        consentId: 'consent-5',
        information: { description: 'my counselling notes', categories: ['sud-counselling-notes'] },
        expiry: { kind: 'date', expiresOn: '2026-12-31' },
        signedOn: '2026-03-03',
      }),
    },
    about,
  );
  history.record(
    `intake-client-${CLIENT}`,
    'ConsentRevoked',
    {
      clientId: CLIENT,
      consentId: 'consent-5',
      receivedAt: '2026-04-10T15:30:00.000Z',
      receivedVia: 'patient-portal',
      recordedAt: '2026-04-10T16:00:00.000Z',
    },
    about,
  );
  history.record(
    `treatment-plan-${EPISODE}`,
    'GoalAdded',
    { planId: EPISODE, goalId: 'goal-1', problemId: 'problem-1', code: 'abstinence-30-days', targetDate: '2026-04-15' },
    about,
  );
  history.record(
    `treatment-plan-${EPISODE}`,
    'GoalAdded',
    { planId: EPISODE, goalId: 'goal-2', problemId: 'problem-1', code: 'relapse-prevention-plan', targetDate: '2026-04-30' },
    about,
  );
  history.record(
    `treatment-plan-${EPISODE}`,
    'GoalStatusChanged',
    { planId: EPISODE, goalId: 'goal-1', from: 'proposed', to: 'achieved', changedOn: '2026-04-20' },
    about,
  );
  history.record(
    'referral-referral-7',
    'DisclosureRecorded',
    {
      disclosureId: 'disclosure-1',
      referralId: 'referral-7',
      clientId: CLIENT,
      recipientId: 'provider-3',
      information: ['dual-diagnosis-referral', 'condition:F32', 'specialty:psychiatric-evaluation', 'urgency:urgent'],
      purpose: 'care-coordination',
      consentId: 'consent-1',
      disclosedAt: '2026-03-11T10:00:00.000Z',
      redisclosureNotice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
    },
    about,
  );
  history.record(
    `treatment-plan-${EPISODE}`,
    'IntegratedCareGoalAdded',
    {
      planId: EPISODE,
      referralId: 'referral-7',
      goalId: 'goal-3',
      problemId: 'problem-2',
      problemAdded: true,
      conditionCode: 'F32',
      conditionConfirmed: true,
      recommendationCodes: ['ssri'],
      targetDate: '2026-05-20',
    },
    about,
  );
  const auditor = { userId: 'auditor-1', role: 'auditor' };
  const clinician = { userId: 'user-clinician-1', role: 'clinician' };
  const access = (
    service: string,
    who: { userId: string; role: string },
    route: string,
    resourceKind: string,
    purposeOfUse: string,
    accessedAt: string,
  ) => ({
    clientId: CLIENT,
    userId: who.userId,
    role: who.role,
    siteId: 'site-north',
    service,
    what: { method: 'GET', route, resourceKind, resourceIds: { clientId: CLIENT } },
    accessedAt,
    purposeOfUse,
    correlationId: `correlation-${accessedAt}`,
    causationId: `causation-${accessedAt}`,
  });
  history.record(
    'access-log-intake-2026-06-01-p1',
    'ClientRecordAccessed',
    access('intake', clinician, '/api/v1/clients/:clientId', 'intake-record', 'TREAT', '2026-06-01T08:00:00.000Z'),
    about,
  );
  history.record(
    'access-log-audit-2026-06-02-p1',
    'ClientRecordAccessed',
    access('audit', auditor, '/api/v1/clients/:clientId/history', 'audit-history', 'HCOMPL', '2026-06-02T08:00:00.000Z'),
    { ...about, actor: auditor },
  );
  return history;
}
