// What every tool's command line does alike (npm run token, audit, dlq, demo, start…):
// - `--help` or `-h` anywhere before `--` prints the usage on stdout and exits 0;
// - an unknown option, a missing or bad value, an unknown command is ONE line on stderr,
//   `<tool>: <what is wrong> (see --help)`, and exit 2;
// - asking about something that does not exist (a dead letter, a client, a bus file) is
//   `<tool>: <what>` on stderr and exit 1 (`fail`);
// - anything else thrown is a bug or a broken environment: its stack, and exit 1.
// A tool declares its options and usage once, then runs its main through `run`.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseEventStoreUrl } from '@continuum/event-store';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export type ParsedCommandLine<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** A wrong option, value or command: exit 2, one line naming what is wrong. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What was asked about does not exist, or the answer is "no": exit 1, one line. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
}

/** `--help` was given: the usage goes to stdout and the tool exits 0 without doing anything. */
export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
  constructor(readonly usage: string) {
    super('help requested');
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Stops the tool with exit 2: `<tool>: <message> (see --help)`. */
export function usageError(message: string): never {
  throw new UsageError(message);
}

/** Stops the tool with exit 1: `<tool>: <message>` (what was asked about does not exist, or the answer is no). */
export function fail(message: string): never {
  throw new CommandFailed(message);
}

export type CommandLineSpec<O extends OptionsConfig> = {
  /** How errors begin, `dlq: …`: the npm script's name. */
  name: string;
  /** The whole help text, printed by --help. */
  usage: string;
  options?: O;
  /** More positional arguments than this is a usage error; default: any number. */
  maxPositionals?: number;
};

export type CommandLine<O extends OptionsConfig> = {
  readonly name: string;
  readonly usage: string;
  /** Parses argv (default: this process's); throws HelpRequested or UsageError. */
  parse(argv?: readonly string[]): ParsedCommandLine<O>;
  /** For a tool whose options another parser reads: throws HelpRequested when argv asks for help. */
  helpIfAsked(argv?: readonly string[]): void;
  /** Runs main and sets the exit code: main's number (nothing: as main left it, 0 by default); 2, 1 or 0 for what it throws (see above). */
  run(main: () => Promise<number | void> | number | void): Promise<void>;
};

type Output = { write(text: string): unknown };

export function commandLine<const O extends OptionsConfig = Record<never, never>>(spec: CommandLineSpec<O>): CommandLine<O> {
  const { name, usage } = spec;
  return {
    name,
    usage,
    parse: (argv = process.argv.slice(2)) => parseCommandLine(spec, argv),
    helpIfAsked: (argv = process.argv.slice(2)) => {
      if (asksForHelp(argv)) throw new HelpRequested(usage);
    },
    run: async (main) => {
      try {
        const code = await main();
        if (typeof code === 'number') process.exitCode = code;
      } catch (error) {
        process.exitCode = reportError(name, error);
      }
    },
  };
}

/** `--help` or `-h` before the `--` that ends the options. */
export const asksForHelp = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
};

function parseCommandLine<O extends OptionsConfig>(spec: CommandLineSpec<O>, argv: readonly string[]): ParsedCommandLine<O> {
  if (asksForHelp(argv)) throw new HelpRequested(spec.usage);
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs({ args: [...argv], options: (spec.options ?? {}) as O, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as Error));
  }
  if (spec.maxPositionals !== undefined && parsed.positionals.length > spec.maxPositionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[spec.maxPositionals]}'`);
  }
  return parsed;
}

/** node:util's parse errors, said in a line: `unknown option '--bogus'`, `--limit needs a value`. */
export function parseErrorMessage(error: Error): string {
  const message = error.message;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /^Option '(?:-\w, )?(--[^' ]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  const noValue = /^Option '(?:-\w, )?(--[^' ]+)' does not take an argument/.exec(message);
  if (noValue) return `${noValue[1]} takes no value`;
  const positional = /^Unexpected argument '([^']*)'/.exec(message);
  if (positional) return `unexpected argument '${positional[1]}'`;
  return oneLine(message.charAt(0).toLowerCase() + message.slice(1));
}

const oneLine = (text: string) => text.trim().replace(/\.?\s*\n\s*/g, '; ');

/** Writes what `error` calls for and returns the exit code (see the top of this file). */
export function reportError(
  name: string,
  error: unknown,
  io: { out: Output; err: Output } = { out: process.stdout, err: process.stderr },
): number {
  if (error instanceof HelpRequested) {
    io.out.write(error.usage.endsWith('\n') ? error.usage : `${error.usage}\n`);
    return EXIT.ok;
  }
  if (error instanceof UsageError) {
    io.err.write(`${name}: ${oneLine(error.message)} (see --help)\n`);
    return EXIT.usage;
  }
  if (error instanceof CommandFailed) {
    io.err.write(`${name}: ${oneLine(error.message)}\n`);
    return EXIT.failed;
  }
  io.err.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failed;
}

/** A whole number option: absent gives `fallback`; anything else not a whole number in [min, max] is a usage error. */
export function wholeNumber(
  value: string | undefined,
  option: string,
  { fallback, min = 1, max = Number.MAX_SAFE_INTEGER }: { fallback: number; min?: number; max?: number },
): number {
  if (value === undefined) return fallback;
  const number = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${option} takes a whole number ${range} (got "${value}")`);
  }
  return number;
}

/** A positive number option (seconds, a rate): absent gives `fallback`. */
export function positiveNumber(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${option} takes a number above 0 (got "${value}")`);
  return number;
}

/** The file of a `sqlite:<path>` event store URL given on the command line; anything else is a usage error saying `why`. */
export function sqliteStoreFile(url: string, why: string): string {
  let location: ReturnType<typeof parseEventStoreUrl>;
  try {
    location = parseEventStoreUrl(url);
  } catch (error) {
    usageError((error as Error).message);
  }
  if (location.adapter !== 'sqlite' || location.path === ':memory:') usageError(why);
  return location.path;
}
