// A written consent to disclose Part 2 records, as 42 CFR 2.31 has it since the 2024 final rule
// (89 FR 12472, 16 February 2024; compliance date 16 February 2026), with the rules on minors
// (2.14), representatives (2.15) and criminal-justice referrals (2.35). Pure data and pure
// checks: the clock and the network's policy are inputs.
import { isCalendarDate } from '@continuum/care-episode';
import { type PurposeOfUse, isPurposeOfUse, isTreatmentPaymentOrOperations } from './purpose-of-use.js';

/**
 * What a disclosure sends, by category. SUD counselling notes (42 CFR 2.11) are kept apart:
 * notes of a counselling session, separated from the rest of the record; never medication,
 * session times, modalities, test results or a summary of diagnosis, plan, symptoms or progress.
 */
export const INFORMATION_CATEGORIES = [
  'demographics',
  'diagnosis',
  'medications',
  'attendance',
  'screening-results',
  'treatment-plan',
  'discharge-summary',
  'lab-results',
  'level-of-care',
  'billing',
  'sud-counselling-notes',
] as const;
export type InformationCategory = (typeof INFORMATION_CATEGORIES)[number];
export const COUNSELLING_NOTES: InformationCategory = 'sud-counselling-notes';

/**
 * The general designations a single consent for all future treatment, payment and health care
 * operations may use (42 CFR 2.31(a)(4)(i): "my treating providers, health plans, third-party
 * payers, and people helping to operate this program").
 */
export const GENERAL_DESIGNATIONS = ['treating-providers', 'health-plans', 'third-party-payers', 'program-operations'] as const;
export type GeneralDesignation = (typeof GENERAL_DESIGNATIONS)[number];

export type ConsentRecipient =
  /** A person or entity by name (42 CFR 2.31(a)(4)(i)); `coveredEntity` when a HIPAA covered entity or business associate. */
  | { kind: 'named'; recipientId: string; name: string; coveredEntity?: boolean }
  /** A class of recipients, only on a treatment, payment and operations consent (42 CFR 2.31(a)(4)(i)). */
  | { kind: 'general'; designation: GeneralDesignation }
  /**
   * An intermediary (42 CFR 2.11, 2.24), by name, with its member participants by name or, by
   * general designation, only those with a treating provider relationship (42 CFR 2.31(a)(4)(ii)).
   */
  | {
      kind: 'intermediary';
      intermediaryId: string;
      name: string;
      participants: { kind: 'named'; participantIds: string[] } | { kind: 'treating-providers' };
    };

/** Events a consent may expire on (42 CFR 2.31(a)(7)); the services publish when they happen. */
export const EXPIRY_EVENTS = ['discharge', 'end-of-aftercare', 'end-of-treatment', 'final-disposition', 'end-of-research-study'] as const;
export type ExpiryEvent = (typeof EXPIRY_EVENTS)[number];

export type ConsentExpiry =
  /** Inactive from the start (00:00 UTC) of `expiresOn`: the safer reading of "until" a date. */
  | { kind: 'date'; expiresOn: string }
  /** Inactive from the instant the event happens, for the episode named if one is. */
  | { kind: 'event'; event: ExpiryEvent; description: string; episodeId?: string }
  /** "None": sufficient only on a treatment, payment and operations consent (42 CFR 2.31(a)(7)). */
  | { kind: 'none' };

export type Signer =
  | { role: 'client'; name: string }
  /** A parent, guardian or other person authorised by state law to act for a minor (42 CFR 2.14). */
  | { role: 'guardian'; name: string; authority: string }
  /** For a client adjudicated as lacking capacity, or deceased (42 CFR 2.15). */
  | { role: 'authorised-representative'; name: string; authority: string };

/** The statements a consent must carry, beyond its elements. */
export const CONSENT_STATEMENTS = ['revocation', 'hipaa-redisclosure', 'redisclosure-potential', 'treatment-not-conditioned'] as const;
export type ConsentStatement = (typeof CONSENT_STATEMENTS)[number];

/** A consent under 42 CFR 2.35 to the criminal-justice body that made treatment a condition of the client's disposition or release. */
export type CriminalJusticeTerms = {
  /** What treatment is a condition of (42 CFR 2.35(a)). */
  conditionOf: 'criminal-proceeding' | 'parole' | 'other-release';
  /** When the consent becomes revocable (42 CFR 2.35(d)): a stated date or an ascertainable event. */
  revocableFrom: { kind: 'date'; on: string } | { kind: 'event'; event: ExpiryEvent };
  /** The expected final disposition of the conditional release, when known (the latest revocableFrom may be). */
  finalDispositionOn?: string;
};

export type ConsentForm = {
  consentId: string;
  clientId: string;
  /** 2.31(a)(1) */
  clientName: string;
  /** 2.31(a)(2): who may make the disclosure. */
  disclosingParty: string;
  /** 2.31(a)(3): the information, described in a specific and meaningful fashion, and the categories it means. */
  information: { description: string; categories: InformationCategory[] };
  /** 2.31(a)(4) */
  recipients: ConsentRecipient[];
  /** 2.31(a)(5): each purpose as a code and as written on the form. */
  purposes: PurposeOfUse[];
  purposeDescription: string;
  /** 2.31(a)(7) */
  expiry: ConsentExpiry;
  /** 2.31(a)(8), 2.14, 2.15 */
  signers: Signer[];
  /** Whether the client was a minor under the network's state rule when signing (2.14). */
  clientIsMinor: boolean;
  /** 2.31(a)(9): YYYY-MM-DD */
  signedOn: string;
  /** The statements printed on the form, by code (texts as the network configured them). */
  statements: Partial<Record<ConsentStatement, string>>;
  /** Present only for a 42 CFR 2.35 consent. */
  criminalJustice?: CriminalJusticeTerms;
};

export type Revocation = {
  /** When the written revocation reached the programme: the consent stops from this instant (42 CFR 2.31(a)(6)). */
  receivedAt: string;
  channel: 'letter' | 'signed-form' | 'email' | 'fax' | 'patient-portal';
};

/** A consent as the programme holds it: the form, when it was recorded, and its revocation once received. */
export type Consent = { form: ConsentForm; recordedAt: string; revocation?: Revocation };

/**
 * The network's consent policy. State law decides who signs for a minor (42 CFR 2.14(a)/(b));
 * the network chooses the wording of each required statement and of the 2.32 notice.
 */
export type ConsentPolicy = {
  /** `minor-alone`: the minor's own signature (2.14(a)); `minor-and-guardian`: both (2.14(b)). */
  minorRule: 'minor-alone' | 'minor-and-guardian';
  statementTexts: Record<ConsentStatement, string>;
  /** The written statement accompanying each disclosure (42 CFR 2.32(a)(1) or (a)(2)). */
  disclosureNotice: string;
};

/** 42 CFR 2.32(a)(2), the short form. */
export const SHORT_DISCLOSURE_NOTICE = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

export const DEFAULT_CONSENT_POLICY: ConsentPolicy = {
  minorRule: 'minor-and-guardian',
  statementTexts: {
    revocation:
      'You may revoke this consent in writing at any time, by letter, signed form, email, fax or the patient portal to the programme. ' +
      'Revocation does not undo a use or disclosure already made in reliance on this consent.',
    'hipaa-redisclosure':
      'A recipient that is a HIPAA covered entity or business associate may redisclose your records as the HIPAA regulations permit, ' +
      'except for uses and disclosures for civil, criminal, administrative and legislative proceedings against you.',
    'redisclosure-potential':
      'Records disclosed under this consent may be redisclosed by the recipient and then no longer be protected by 42 CFR part 2.',
    'treatment-not-conditioned':
      'Your treatment, payment, enrollment in a health plan or eligibility for benefits does not depend on whether you sign this consent.',
  },
  disclosureNotice: SHORT_DISCLOSURE_NOTICE,
};

export type ConsentElement =
  | 'client-name'
  | 'disclosing-party'
  | 'information'
  | 'recipients'
  | 'purpose'
  | 'expiry'
  | 'signature'
  | 'signature-date'
  | ConsentStatement
  | 'criminal-justice';

export type ConsentProblem = { element: ConsentElement; citation: string; message: string };

// 2.31(a)(3): "in a specific and meaningful fashion"; blanket phrases are not.
const NON_SPECIFIC_INFORMATION = new Set([
  'all',
  'any',
  'everything',
  'all records',
  'all information',
  'any information',
  'my records',
  'records',
]);

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';
const startOfDate = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);

/** A single consent for all future treatment, payment and operations: every purpose is one of them (42 CFR 2.31(a)(4)(i), (a)(5)(ii)). */
export const isTpoConsent = (form: Pick<ConsentForm, 'purposes'>): boolean =>
  form.purposes.length > 0 && form.purposes.every(isTreatmentPaymentOrOperations);

/** A consent to SUD counselling notes (42 CFR 2.31(b)). */
export const isCounsellingNotesConsent = (form: Pick<ConsentForm, 'information'>): boolean =>
  form.information.categories.includes(COUNSELLING_NOTES);

/**
 * The statements this form must carry, each with its citation and the network's text: what the
 * intake form prints and what `validateConsent` checks for.
 */
export function requiredStatements(
  form: ConsentForm,
  policy: ConsentPolicy,
): Array<{ statement: ConsentStatement; citation: string; text: string }> {
  const required: Array<{ statement: ConsentStatement; citation: string }> = [
    // How to revoke, and the exception for action already taken in reliance on it.
    { statement: 'revocation', citation: '42 CFR 2.31(a)(6)' },
    // Safer reading: every consent says whether anything depends on signing (HIPAA 45 CFR
    // 164.508(c)(2)(ii) asks it of every authorisation; Part 2 asks it of a TPO consent in
    // 2.31(a)(10)(ii) and forbids conditioning on a counselling-notes consent in 2.31(b)(3)).
    { statement: 'treatment-not-conditioned', citation: '42 CFR 2.31(a)(10)(ii), 2.31(b)(3)' },
  ];
  const toCoveredEntities =
    isTpoConsent(form) &&
    form.recipients.some(
      (recipient) => recipient.kind === 'general' || recipient.kind === 'intermediary' || recipient.coveredEntity === true,
    );
  if (toCoveredEntities) required.push({ statement: 'hipaa-redisclosure', citation: '42 CFR 2.31(a)(4)(iii)' });
  if (isTpoConsent(form)) required.push({ statement: 'redisclosure-potential', citation: '42 CFR 2.31(a)(10)(i)' });
  return required.map((r) => ({ ...r, text: policy.statementTexts[r.statement] }));
}

/**
 * Every missing or invalid element or statement of the form, each with its citation, in the
 * order of the regulation; empty when the consent is valid. `now` is when it is being recorded.
 */
export function validateConsent(form: ConsentForm, policy: ConsentPolicy, now: Date): ConsentProblem[] {
  const problems: ConsentProblem[] = [];
  const add = (element: ConsentElement, citation: string, message: string) => problems.push({ element, citation, message });
  const purposes = Array.isArray(form?.purposes) ? form.purposes : [];
  const categories = Array.isArray(form?.information?.categories) ? form.information.categories : [];
  const tpo = purposes.length > 0 && purposes.every((p) => isPurposeOfUse(p) && isTreatmentPaymentOrOperations(p));

  if (isBlank(form?.clientName)) add('client-name', '42 CFR 2.31(a)(1)', "write the client's name on the consent");
  if (isBlank(form?.disclosingParty)) {
    add('disclosing-party', '42 CFR 2.31(a)(2)', 'name who may make the disclosure (the programme or site holding the records)');
  }

  const description = form?.information?.description;
  if (isBlank(description)) {
    add('information', '42 CFR 2.31(a)(3)', 'describe the information to be disclosed, e.g. "diagnosis, medications and attendance"');
  } else if (NON_SPECIFIC_INFORMATION.has(description.trim().toLowerCase())) {
    add(
      'information',
      '42 CFR 2.31(a)(3)',
      `"${description.trim()}" is not specific: describe which information, e.g. "diagnosis and attendance"`,
    );
  }
  if (categories.length === 0) add('information', '42 CFR 2.31(a)(3)', 'choose the categories of information the consent covers');
  // A consent to counselling notes may be combined only with another consent to counselling notes.
  if (categories.includes(COUNSELLING_NOTES) && categories.length > 1) {
    add(
      'information',
      '42 CFR 2.31(b)(2)',
      'SUD counselling notes need a consent of their own: take the other categories on a separate consent',
    );
  }

  const recipients = Array.isArray(form?.recipients) ? form.recipients : [];
  if (recipients.length === 0) add('recipients', '42 CFR 2.31(a)(4)(i)', 'name at least one recipient or class of recipients');
  recipients.forEach((recipient, index) => {
    const which = `recipient ${index + 1}`;
    if (recipient?.kind === 'named') {
      if (isBlank(recipient.recipientId) || isBlank(recipient.name))
        add('recipients', '42 CFR 2.31(a)(4)(i)', `${which} needs an id and a name`);
    } else if (recipient?.kind === 'general') {
      if (!(GENERAL_DESIGNATIONS as readonly string[]).includes(recipient.designation)) {
        add('recipients', '42 CFR 2.31(a)(4)(i)', `${which}: unknown general designation "${String(recipient.designation)}"`);
      } else if (!tpo) {
        add(
          'recipients',
          '42 CFR 2.31(a)(4)(i)',
          `${which}: a general designation is allowed only on a consent for treatment, payment and health care operations; name the recipients for any other purpose`,
        );
      }
    } else if (recipient?.kind === 'intermediary') {
      if (isBlank(recipient.intermediaryId) || isBlank(recipient.name)) {
        add('recipients', '42 CFR 2.31(a)(4)(ii)', `${which}: name the intermediary`);
      }
      const participants = recipient.participants;
      const named = participants?.kind === 'named' && Array.isArray(participants.participantIds) && participants.participantIds.length > 0;
      if (!named && participants?.kind !== 'treating-providers') {
        add(
          'recipients',
          '42 CFR 2.31(a)(4)(ii)',
          `${which}: name the intermediary's member participants, or designate only participants with a treating provider relationship`,
        );
      }
    } else {
      add('recipients', '42 CFR 2.31(a)(4)', `${which} must be named, a general designation or an intermediary`);
    }
  });

  if (purposes.length === 0 || isBlank(form?.purposeDescription)) {
    add('purpose', '42 CFR 2.31(a)(5)', 'state each purpose (a PurposeOfUse code and its description as written on the form)');
  }
  purposes
    .filter((p) => !isPurposeOfUse(p))
    .forEach((p) => add('purpose', '42 CFR 2.31(a)(5)', `"${String(p)}" is not a known PurposeOfUse code`));

  const expiry = form?.expiry;
  if (expiry?.kind === 'date') {
    if (!isCalendarDate(expiry.expiresOn)) add('expiry', '42 CFR 2.31(a)(7)', 'give the expiry date as YYYY-MM-DD');
    else if (startOfDate(expiry.expiresOn) <= now.getTime())
      add('expiry', '42 CFR 2.31(a)(7)', `the consent would already have expired on ${expiry.expiresOn}`);
    else if (isCalendarDate(form?.signedOn) && expiry.expiresOn <= form.signedOn) {
      add('expiry', '42 CFR 2.31(a)(7)', 'the expiry date must come after the signature date');
    }
  } else if (expiry?.kind === 'event') {
    if (!(EXPIRY_EVENTS as readonly string[]).includes(expiry.event))
      add('expiry', '42 CFR 2.31(a)(7)', 'choose the event the consent expires on');
    if (isBlank(expiry.description)) add('expiry', '42 CFR 2.31(a)(7)', 'describe the expiry event as written on the form');
  } else if (expiry?.kind === 'none') {
    if (!tpo)
      add(
        'expiry',
        '42 CFR 2.31(a)(7)',
        '"none" is a sufficient expiry only on a consent for treatment, payment and health care operations',
      );
  } else {
    add('expiry', '42 CFR 2.31(a)(7)', 'give an expiry date or the event on which the consent expires');
  }

  validateSigners(form, policy, add);

  if (!isCalendarDate(form?.signedOn)) add('signature-date', '42 CFR 2.31(a)(9)', 'give the date of signature as YYYY-MM-DD');
  else if (startOfDate(form.signedOn) > now.getTime()) add('signature-date', '42 CFR 2.31(a)(9)', 'the signature date is in the future');

  if (form && Array.isArray(form.purposes) && Array.isArray(form.recipients)) {
    const statements = form.statements ?? {};
    for (const { statement, citation } of requiredStatements({ ...form, purposes }, policy)) {
      if (isBlank(statements[statement]))
        add(statement, citation, `the form must carry the statement: "${policy.statementTexts[statement]}"`);
    }
  }

  if (form?.criminalJustice) validateCriminalJustice(form, add);
  return problems;
}

type Add = (element: ConsentElement, citation: string, message: string) => void;

function validateSigners(form: ConsentForm, policy: ConsentPolicy, add: Add): void {
  const signers = Array.isArray(form?.signers) ? form.signers : [];
  signers
    .filter((signer) => isBlank(signer?.name) || (signer.role !== 'client' && isBlank(signer.authority)))
    .forEach((signer) =>
      add('signature', '42 CFR 2.31(a)(8)', `record the name${signer?.role === 'client' ? '' : ' and authority'} of each signer`),
    );
  const byClient = signers.some((s) => s?.role === 'client');
  const byGuardian = signers.some((s) => s?.role === 'guardian');
  const byRepresentative = signers.some((s) => s?.role === 'authorised-representative');
  if (form?.clientIsMinor === true) {
    // 2.14(a): where state law lets a minor consent to treatment alone, only the minor consents.
    // 2.14(b): where it needs a parent or guardian, both the minor and that person sign.
    if (!byClient) add('signature', '42 CFR 2.14', 'a minor client signs the consent themself');
    if (policy.minorRule === 'minor-and-guardian' && !byGuardian) {
      add('signature', '42 CFR 2.14(b)', "this network's state rule needs the signature of a parent or guardian as well as the minor's");
    }
  } else if (!byClient && !byRepresentative) {
    const message = byGuardian
      ? 'a guardian alone cannot sign for an adult client: the client signs, or a representative authorised under 42 CFR 2.15'
      : 'the client signs, or a representative authorised under 42 CFR 2.15';
    add('signature', '42 CFR 2.31(a)(8), 2.15', message);
  }
}

function validateCriminalJustice(form: ConsentForm, add: Add): void {
  const terms = form.criminalJustice as CriminalJusticeTerms;
  // 2.35(a)(1): only those in the criminal justice system who monitor the client's progress.
  if (form.recipients.some((recipient) => recipient.kind !== 'named')) {
    add(
      'criminal-justice',
      '42 CFR 2.35(a)(1)',
      'name each criminal-justice recipient who monitors the client’s progress; no general designation',
    );
  }
  // 2.35(c): the consent states how long it stays in effect.
  if (form.expiry?.kind === 'none') add('criminal-justice', '42 CFR 2.35(c)', 'state the period the consent remains in effect');
  // 2.35(d): revocable on a stated time or event, no later than the final disposition.
  const from = terms.revocableFrom;
  if (from?.kind === 'date') {
    if (!isCalendarDate(from.on))
      add('criminal-justice', '42 CFR 2.35(d)', 'give the date from which the consent becomes revocable as YYYY-MM-DD');
    else if (terms.finalDispositionOn !== undefined && isCalendarDate(terms.finalDispositionOn) && from.on > terms.finalDispositionOn) {
      add(
        'criminal-justice',
        '42 CFR 2.35(d)',
        'the consent must become revocable no later than the final disposition of the conditional release',
      );
    }
  } else if (from?.kind === 'event') {
    if (!(EXPIRY_EVENTS as readonly string[]).includes(from.event))
      add('criminal-justice', '42 CFR 2.35(d)', 'choose the event from which the consent becomes revocable');
  } else {
    add('criminal-justice', '42 CFR 2.35(d)', 'state the time or event from which the consent becomes revocable');
  }
  if (terms.finalDispositionOn !== undefined && !isCalendarDate(terms.finalDispositionOn)) {
    add('criminal-justice', '42 CFR 2.35(d)', 'give the expected final disposition as YYYY-MM-DD');
  }
}
