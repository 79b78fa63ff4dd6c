import { jest } from '@jest/globals';
import {
  CommandFailed,
  HelpRequested,
  UsageError,
  asksForHelp,
  commandLine,
  fail,
  parseErrorMessage,
  positiveNumber,
  reportError,
  usageError,
  wholeNumber,
} from './command-line.js';

const cli = commandLine({
  name: 'dlq',
  usage: 'usage: npm run dlq -- list <topic> [--limit N]',
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, site: { type: 'string', multiple: true } },
  maxPositionals: 2,
});

/** What a tool would print and exit with for what `run` is given. */
async function outcome(main: () => Promise<number | void> | number | void) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((text) => out.push(String(text)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((text) => err.push(String(text)) > 0);
  const before = process.exitCode;
  try {
    await cli.run(main);
    return { code: process.exitCode, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.exitCode = before;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('a tool command line', () => {
  it('parses options and positionals', () => {
    const { values, positionals } = cli.parse(['list', 'topic', '--limit', '5', '--site', 'a', '--site', 'b', '--json']);
    expect(positionals).toEqual(['list', 'topic']);
    expect(values).toEqual({ limit: '5', site: ['a', 'b'], json: true });
  });

  it('prints the usage on stdout and exits 0 for --help or -h, whatever else is on the line', async () => {
    for (const argv of [['--help'], ['-h'], ['list', '--bogus', '-h']]) {
      expect(await outcome(() => void cli.parse(argv))).toEqual({
        code: 0,
        stdout: 'usage: npm run dlq -- list <topic> [--limit N]\n',
        stderr: '',
      });
    }
    // After `--`, -h is an argument like any other.
    expect(asksForHelp(['list', '--', '-h'])).toBe(false);
    expect(() => cli.helpIfAsked(['--role', 'x', '--help'])).toThrow(HelpRequested);
  });

  it('says what is wrong with the line in one line on stderr, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['list', '--bogus'], "dlq: unknown option '--bogus' (see --help)\n"],
      [['list', '--limit'], 'dlq: --limit needs a value (see --help)\n'],
      [['list', '--limit', '--json'], 'dlq: --limit needs a value (see --help)\n'],
      [['list', '--json=yes'], 'dlq: --json takes no value (see --help)\n'],
      [['list', 'topic', 'more'], "dlq: unexpected argument 'more' (see --help)\n"],
    ];
    for (const [argv, stderr] of cases) {
      expect(await outcome(() => void cli.parse(argv))).toEqual({ code: 2, stdout: '', stderr });
    }
  });

  it("exits 2 for the tool's own usage errors and 1 for what does not exist, each in one line", async () => {
    expect(await outcome(() => usageError('there is no command "purge"'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'dlq: there is no command "purge" (see --help)\n',
    });
    expect(await outcome(() => fail('no dead letter has event id nope'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'dlq: no dead letter has event id nope\n',
    });
    expect(await outcome(() => usageError('two lines.\n  - and more'))).toMatchObject({
      stderr: 'dlq: two lines; - and more (see --help)\n',
    });
  });

  it("exits with main's number, as main left it when it returns nothing, and 1 with the stack for anything else thrown", async () => {
    expect(await outcome(() => 1)).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await outcome(async () => undefined)).toEqual({ code: undefined, stdout: '', stderr: '' });
    const crashed = await outcome(() => {
      throw new Error('disk on fire');
    });
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).toMatch(/^dlq: Error: disk on fire\n\s+at /);
  });

  it('reports to the streams it is given', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: { write: (text: string) => out.push(text) }, err: { write: (text: string) => err.push(text) } };
    expect(reportError('token', new HelpRequested('usage: npm run token'), io)).toBe(0);
    expect(reportError('token', new UsageError('--role is required'), io)).toBe(2);
    expect(reportError('token', new CommandFailed('refused'), io)).toBe(1);
    expect(out).toEqual(['usage: npm run token\n']);
    expect(err).toEqual(['token: --role is required (see --help)\n', 'token: refused\n']);
  });

  it("rewords node:util's parse errors, leaving other messages as they are in one line", () => {
    expect(
      parseErrorMessage(new Error("Unknown option '-x'. To specify a positional argument starting with a '-', place it at the end")),
    ).toBe("unknown option '-x'");
    expect(parseErrorMessage(new Error("Option '-l, --limit <value>' argument missing"))).toBe('--limit needs a value');
    expect(parseErrorMessage(new Error('--role is required'))).toBe('--role is required');
    expect(parseErrorMessage(new Error('Something odd.\nsecond line'))).toBe('something odd; second line');
  });
});

describe('option values', () => {
  it('reads whole numbers within bounds, the fallback when absent', () => {
    expect(wholeNumber(undefined, '--limit', { fallback: 1000 })).toBe(1000);
    expect(wholeNumber(' 25 ', '--limit', { fallback: 1000 })).toBe(25);
    expect(wholeNumber('65535', 'INTAKE_PORT', { fallback: 0, max: 65_535 })).toBe(65_535);
    expect(() => wholeNumber('0', '--limit', { fallback: 1 })).toThrow(
      new UsageError('--limit takes a whole number of at least 1 (got "0")'),
    );
    expect(() => wholeNumber('1.5', '--limit', { fallback: 1 })).toThrow(UsageError);
    expect(() => wholeNumber('1e3', '--limit', { fallback: 1 })).toThrow(UsageError);
    expect(() => wholeNumber('70000', 'PORT', { fallback: 1, max: 65_535 })).toThrow(
      new UsageError('PORT takes a whole number from 1 to 65535 (got "70000")'),
    );
  });

  it('reads positive numbers', () => {
    expect(positiveNumber(undefined, '--rate', 200)).toBe(200);
    expect(positiveNumber('2.5', '--rate', 200)).toBe(2.5);
    expect(() => positiveNumber('0', '--rate', 200)).toThrow(new UsageError('--rate takes a number above 0 (got "0")'));
    expect(() => positiveNumber('', '--rate', 200)).toThrow(UsageError);
  });
});
