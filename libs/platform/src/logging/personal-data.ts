// A safety net, not the policy: personal data must not be logged in the first place. If an
// object with a name, birth date or notes is passed to the logger anyway, those keys are
// dropped before the line is written, and the line says which keys were dropped so the
// mistake is seen and fixed at its source.

const PERSONAL_KEYS = new Set(
  [
    'name',
    'firstName',
    'lastName',
    'middleName',
    'fullName',
    'preferredName',
    'clientName',
    'dateOfBirth',
    'dob',
    'birthDate',
    'address',
    'homeAddress',
    'streetAddress',
    'phone',
    'phoneNumber',
    'email',
    'emailAddress',
    'ssn',
    'socialSecurityNumber',
    'notes',
    'note',
  ].map(normalise),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// A service logs the same few dozen keys on every line (the request line's alone on every
// request): each key's verdict is worked out once. Bounded, because a logged object may be
// keyed by ids; past the bound a key is judged afresh each time.
const VERDICT_CACHE_SIZE = 1000;
const verdicts = new Map<string, boolean>();

export function isPersonalDataKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = PERSONAL_KEYS.has(normalise(key));
    if (verdicts.size < VERDICT_CACHE_SIZE) verdicts.set(key, verdict);
  }
  return verdict;
}

const MAX_DEPTH = 8;

/** A copy of `value` without personal-data keys at any depth, and the paths it dropped. */
export function withoutPersonalData(value: unknown): { value: unknown; dropped: string[] } {
  const dropped: string[] = [];
  const seen = new WeakSet<object>();

  // Most values are plain (strings, numbers): the path is spelt out only on the way into an object or when a key is dropped.
  function visit(current: unknown, path: string, depth: number): unknown {
    if (current === null || typeof current !== 'object') return current;
    if (current instanceof Error) return { name: current.name, message: current.message, stack: current.stack };
    if (current instanceof Date) return current.toISOString();
    if (seen.has(current) || depth > MAX_DEPTH) return '[omitted]';
    seen.add(current);
    if (Array.isArray(current)) return current.map((item, index) => visit(item, `${path}[${index}]`, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(current)) {
      const item = (current as Record<string, unknown>)[key];
      if (isPersonalDataKey(key)) dropped.push(path ? `${path}.${key}` : key);
      else copy[key] = item === null || typeof item !== 'object' ? item : visit(item, path ? `${path}.${key}` : key, depth + 1);
    }
    return copy;
  }

  return { value: visit(value, '', 0), dropped };
}
