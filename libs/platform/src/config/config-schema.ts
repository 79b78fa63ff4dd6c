// A small typed schema for environment variables. A service states what it reads once, at
// boot; a bad or missing value stops it there with a message naming the variable and what
// it expects, rather than surfacing later as a confusing failure mid-request.
import { readFileSync } from 'node:fs';

/** Every problem found in the environment, so one restart fixes them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`The service cannot start: its configuration is not valid.\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

export type Setting<T> = {
  /** What a valid value looks like, in words, for the error message. */
  readonly expected: string;
  /** Secrets are never echoed back in error messages. */
  readonly isSecret: boolean;
  read(raw: string | undefined): Reading<T>;
};

export type ConfigSchema = Record<string, Setting<unknown>>;
export type ConfigOf<Schema extends ConfigSchema> = { readonly [Name in keyof Schema]: Schema[Name] extends Setting<infer T> ? T : never };

/** A rule across several variables; returns a problem (naming the variable) or nothing. */
export type ConfigCheck<Config> = (config: Config) => string | undefined;

export type ConfigDefinition<Config> = {
  readonly variables: readonly string[];
  load(env?: Record<string, string | undefined>): Config;
};

/**
 * The environment with each `<NAME>_FILE` of the given names replaced by `<NAME>` holding that
 * file's content, less one trailing newline: how Docker and Kubernetes hand secrets over
 * (docs/operations/README.md#credentials-from-files). Setting both `<NAME>` and `<NAME>_FILE`, or
 * naming a file that cannot be read, is a problem. A name that already ends in `_FILE`
 * (CLIENT_INDEX_FILE) is a path of its own and is left alone.
 */
export function withFileVariables(
  env: Record<string, string | undefined>,
  names: readonly string[],
): { env: Record<string, string | undefined>; problems: string[] } {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const fileVariable = `${name}_FILE`;
    const file = env[fileVariable]?.trim();
    if (!file) continue;
    delete resolved[fileVariable];
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}: set either ${name} or ${fileVariable}, not both`);
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${fileVariable}: the file "${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: resolved, problems };
}

/** withFileVariables, throwing a ConfigError that names every problem. */
export function resolveFileVariables(
  env: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, string | undefined> {
  const resolved = withFileVariables(env, names);
  if (resolved.problems.length > 0) throw new ConfigError(resolved.problems);
  return resolved.env;
}

export function defineConfig<Schema extends ConfigSchema>(
  schema: Schema,
  checks: ConfigCheck<ConfigOf<Schema>>[] = [],
): ConfigDefinition<ConfigOf<Schema>> {
  return {
    variables: Object.keys(schema),
    load(given = process.env) {
      const { env, problems } = withFileVariables(given, Object.keys(schema));
      const config: Record<string, unknown> = {};
      for (const [name, setting] of Object.entries(schema)) {
        const raw = env[name];
        const reading = setting.read(raw === '' ? undefined : raw);
        if (reading.ok) {
          config[name] = reading.value;
        } else {
          const shown = raw === undefined || raw === '' ? 'it is not set' : setting.isSecret ? 'the value given is not' : `got "${raw}"`;
          problems.push(`${name}: ${reading.problem}; expected ${setting.expected} (${shown})`);
        }
      }
      if (problems.length === 0) {
        for (const check of checks) {
          const problem = check(config as ConfigOf<Schema>);
          if (problem) problems.push(problem);
        }
      }
      if (problems.length > 0) throw new ConfigError(problems);
      return Object.freeze(config) as ConfigOf<Schema>;
    },
  };
}

function setting<T>(expected: string, parse: (raw: string) => T | undefined, fallback: T | undefined, isSecret = false): Setting<T> {
  return {
    expected,
    isSecret,
    read(raw) {
      if (raw === undefined) {
        return fallback === undefined ? { ok: false, problem: 'missing' } : { ok: true, value: fallback };
      }
      const value = parse(raw.trim());
      return value === undefined ? { ok: false, problem: 'not valid' } : { ok: true, value };
    },
  };
}

/** The variable may be left unset; then the value is `undefined`. */
export function optional<T>(inner: Setting<T>): Setting<T | undefined> {
  return {
    expected: `${inner.expected}, or nothing`,
    isSecret: inner.isSecret,
    read: (raw) => (raw === undefined ? { ok: true, value: undefined } : inner.read(raw)),
  };
}

export function string(options: { default?: string; minLength?: number; secret?: boolean } = {}): Setting<string> {
  const minLength = options.minLength ?? 1;
  return setting(
    minLength > 1 ? `a text of at least ${minLength} characters` : 'a non-empty text',
    (raw) => (raw.length >= minLength ? raw : undefined),
    options.default,
    options.secret ?? false,
  );
}

export function integer(options: { default?: number; min?: number; max?: number } = {}): Setting<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return setting(
    `a whole number${options.min !== undefined || options.max !== undefined ? ` between ${min} and ${max}` : ''}`,
    (raw) => {
      if (!/^-?\d+$/.test(raw)) return undefined;
      const value = Number(raw);
      return value >= min && value <= max ? value : undefined;
    },
    options.default,
  );
}

export function port(defaultPort?: number): Setting<number> {
  return { ...integer({ default: defaultPort, min: 1, max: 65535 }), expected: 'a TCP port number between 1 and 65535' };
}

export function oneOf<const Value extends string>(values: readonly Value[], options: { default?: Value } = {}): Setting<Value> {
  return setting(
    `one of ${values.map((value) => `"${value}"`).join(', ')}`,
    (raw) => values.find((value) => value === raw),
    options.default,
  );
}

export function url(options: { default?: string; protocols?: readonly string[] } = {}): Setting<string> {
  const protocols = options.protocols ?? ['http:', 'https:'];
  return setting(
    `a URL starting with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}`,
    (raw) => {
      try {
        return protocols.includes(new URL(raw).protocol) ? raw : undefined;
      } catch {
        return undefined;
      }
    },
    options.default,
  );
}

export function boolean(options: { default?: boolean } = {}): Setting<boolean> {
  return setting('"true" or "false"', (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined), options.default);
}
