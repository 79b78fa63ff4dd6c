// A test's detector for personal data that crossed a service's boundary. It reads what went
// in (domain events) and what came out (integration events) and reports every personal value
// of the input found anywhere in the output: in any string or number, in any key, however
// it is cased, accented or punctuated. Deny by default: every string of the input is
// personal unless its field is an id, a code or a timestamp, so a field added to the domain
// tomorrow is checked without anyone remembering to list it. A service names its own code
// fields (`options.codeFields`) beside the common ones below.

type Found = { path: string; value: string };

export type PersonalData = {
  /** Names, birth dates, contact details: also searched word by word, in other spellings. */
  identities: Found[];
  /** The consent form's wording, clinicians' reasons, any other prose: searched whole. */
  texts: Found[];
  /** Answer sets (screening items, assessment ratings): a leak is the set, not any single 0 or yes. */
  answerSets: Found[];
};

// Fields whose values are ids, codes or instants (first listed for intake's events): they may cross. Matched on the field's name.
const COMMON_CODE_FIELDS = new Set([
  'source',
  'reasonCode',
  'kind',
  'purposes',
  'signedBy',
  'receivedVia',
  'instrument',
  'riskCategory',
  'condition',
  'code',
  'edition',
  'track',
  'startDate',
  'score',
  'category',
  'substanceCode',
  'severity',
  'withdrawalRisk',
  'obligations',
  'coOccurringDisorder',
  'possibleDuplicateOf',
]);
const IDENTITY_FIELDS = new Set(['person', 'clientName', 'signerName', 'name']);
const isIdOrInstant = (field: string) => /(Id|At|On)$/.test(field);

function crossesBoundary(path: readonly string[], codeFields: ReadonlySet<string>): boolean {
  const field = path.findLast((segment) => !/^\d+$/.test(segment));
  if (field === undefined) return false;
  // `reason` is a code on the event itself (why a safety hold ended), prose anywhere deeper (a placement variance).
  if (field === 'reason') return path.length === 1;
  return COMMON_CODE_FIELDS.has(field) || codeFields.has(field) || isIdOrInstant(field);
}

export type PersonalDataOptions = {
  /** The service's own fields whose values are codes, dates or figures that may cross (e.g. `disposition`, `quantity`). */
  codeFields?: Iterable<string>;
};

/** Every personal value in the events' data, with where it was found. */
export function personalDataOf(events: readonly { type: string; data: unknown }[], options: PersonalDataOptions = {}): PersonalData {
  const codeFields = new Set(options.codeFields ?? []);
  const crosses = (path: readonly string[]) => crossesBoundary(path, codeFields);
  const found: PersonalData = { identities: [], texts: [], answerSets: [] };
  const walk = (value: unknown, path: string[], label: string, container: unknown) => {
    if (typeof value === 'string') {
      if (crosses(path)) return;
      (path.some((segment) => IDENTITY_FIELDS.has(segment)) ? found.identities : found.texts).push({ path: label, value });
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      if (!crosses(path) && container !== undefined) {
        const set = JSON.stringify(container);
        if (!found.answerSets.some((known) => known.value === set))
          found.answerSets.push({ path: label.replace(/[.[][^.[]*$/, ''), value: set });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, String(index)], `${label}[${index}]`, value));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) walk(field, [...path, key], `${label}.${key}`, value);
    }
  };
  events.forEach((event, index) => walk(event.data, [], `${event.type}#${index}.data`, undefined));
  return found;
}

/** Each place in `output` that holds a personal value, as `<output path>: holds <input path> ("<value>")`; empty when none. */
export function findPersonalData(output: unknown, personal: PersonalData): string[] {
  const strings = stringsOf(output);
  const findings: string[] = [];
  const report = (where: string, source: Found) => findings.push(`${where}: holds ${source.path} (${JSON.stringify(source.value)})`);

  for (const source of [...personal.identities, ...personal.texts]) {
    const needles = personal.identities.includes(source)
      ? identityNeedles(source.value)
      : [normalise(source.value)].filter((needle) => needle.length > 0);
    for (const { path, value } of strings) {
      const haystack = normalise(value);
      if (needles.some((needle) => (needle.length >= MIN_NEEDLE ? haystack.includes(needle) : haystack === needle))) report(path, source);
    }
  }
  const serialised = JSON.stringify(output);
  for (const source of personal.answerSets) {
    if (serialised.includes(source.value)) report('(output)', source);
  }
  return findings;
}

// Shorter fragments than this match inside unrelated ids and codes; they are compared whole instead.
const MIN_NEEDLE = 4;

/** Case, accents, spaces and punctuation removed: "Núñez-Ortiz", "NUNEZ ORTIZ" and "nunez.ortiz" are one needle. */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The value whole, and each of its words that could name the person on its own ("Larkspur"
 * of an address, "Quintanilla" of a double family name). Numbers are searched only whole
 * (a phone number, a birth date): a fragment like "17" is any score or house number.
 */
function identityNeedles(value: string): string[] {
  const words = value.split(/[^\p{L}\p{N}]+/u).filter((word) => /\p{L}/u.test(word) && normalise(word).length >= MIN_NEEDLE);
  const needles = [normalise(value), ...words.map(normalise)];
  // A birth date may be re-written 14/03/1988 or 03/14/1988.
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) needles.push(`${date[3]}${date[2]}${date[1]}`, `${date[2]}${date[3]}${date[1]}`);
  return [...new Set(needles)].filter((needle) => needle.length > 0);
}

/** Every string, number and key in `value`, with its path: a name hidden in a key is still a leak. */
function stringsOf(value: unknown, path = '$'): Found[] {
  if (typeof value === 'string') return [{ path, value }];
  if (typeof value === 'number') return [{ path, value: String(value) }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsOf(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, field]) => [{ path: `${path} (key)`, value: key }, ...stringsOf(field, `${path}.${key}`)]);
  }
  return [];
}
