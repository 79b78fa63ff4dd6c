import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Repository,
  checkRepository,
  findBrokenMarkdownLinks,
  findBrokenSourceCitations,
  findOutsideReferences,
  formatProblem,
  githubSlug,
  headingAnchors,
} from './repository-docs.js';

// The repository stands on its own (docs/README.md is where its documentation starts): these
// specs run the checks over the files a commit would carry, and over small fixtures that show
// each check catches what it is for. The fixtures spell Markdown file names and the refused
// references in pieces, so that this file passes the very checks it runs.
const MD = '.md';
const OUTSIDE_DOMAIN = 'DOMAIN' + MD;
const OUTSIDE_STYLE = 'STYLE' + MD;
const OUTSIDE_FOLDER = '..' + '/shared';

/** The files a commit would carry (tracked, plus new ones git does not ignore), each with its text, or null if binary. */
function readRepository(): Repository {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: here, encoding: 'utf8' }).trim();
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const repository = new Map<string, string | null>();
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    const absolute = path.join(root, file);
    const stat = lstatSync(absolute, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue; // deleted but not yet committed, or not a file
    const bytes = readFileSync(absolute);
    repository.set(file, bytes.includes(0) ? null : bytes.toString('utf8'));
  }
  return repository;
}

describe('this repository', () => {
  const repository = readRepository();
  const found = checkRepository(repository);

  it('is read whole: its documentation and its sources', () => {
    expect(repository.get('docs/README.md')).toEqual(expect.stringContaining('## Domain'));
    expect([...repository.keys()].filter((file) => file.endsWith('.ts')).length).toBeGreaterThan(100);
  });

  it('refers to no document outside itself: neither the old domain, architecture and style guides nor the shared folder beside it', () => {
    expect(found.outsideReferences.map(formatProblem)).toEqual([]);
  });

  it('links, from its Markdown, only to files it has and to headings those pages have', () => {
    expect(found.brokenLinks.map(formatProblem)).toEqual([]);
  });

  it('cites, from its sources, only Markdown pages it has and headings those pages have', () => {
    expect(found.brokenCitations.map(formatProblem)).toEqual([]);
  });
});

describe('the anchor GitHub gives a heading', () => {
  it.each([
    ['One stream: `runCommand`', 'one-stream-runcommand'],
    ['The relay (an outbox without an outbox table)', 'the-relay-an-outbox-without-an-outbox-table'],
    [
      '0003 — Each adapter is a project; the program that runs chooses them',
      '0003--each-adapter-is-a-project-the-program-that-runs-chooses-them',
    ],
    ['Target: placement rules v2', 'target-placement-rules-v2'],
    ['See [the guide](guide) and _this_ in `snake_case`', 'see-the-guide-and-this-in-snake_case'],
    ['Löwe & Spitzer', 'löwe--spitzer'],
  ])('of "%s" is #%s', (heading, anchor) => {
    expect(githubSlug(heading)).toBe(anchor);
  });

  it('numbers a repeated heading, and counts neither code blocks nor a page title twice', () => {
    const page = [
      '# Notes',
      '## Notes',
      '## Notes',
      '',
      '```sh',
      '# a shell comment, not a heading',
      '```',
      '',
      'Setext title',
      '============',
      '',
      '<a id="kept-by-hand"></a>',
    ].join('\n');
    expect(headingAnchors(page)).toEqual(new Set(['notes', 'notes-1', 'notes-2', 'setext-title', 'kept-by-hand']));
  });
});

describe('the checks, on a small repository', () => {
  const repository: Repository = new Map<string, string | null>([
    [
      `README${MD}`,
      [
        '# Project',
        '',
        `See [the guide](docs/guide${MD}#getting-started), [the folder](docs/) and [the logo](docs/logo.png).`,
        `A [moved page](docs/gone${MD}) and a [renamed heading](docs/guide${MD}#set-up).`,
        `[Next door](../elsewhere/notes${MD}), [the web](https://example.org/notes${MD}) and \`[code](not-a-link${MD})\`.`,
      ].join('\n'),
    ],
    [
      `docs/guide${MD}`,
      [
        '# Guide',
        '',
        '## Getting started',
        '',
        '```md',
        `[in a code block](nowhere${MD})`,
        '```',
        '',
        `[Back](../README${MD}#project), [up](#getting-started), [down](#further-reading).`,
      ].join('\n'),
    ],
    ['docs/logo.png', null],
    [`libs/thing/NOTES${MD}`, '# Notes\n'],
    [
      'libs/thing/src/thing.ts',
      [
        `// Rules live where docs/guide${MD}#getting-started says, next to ../NOTES${MD}#notes.`,
        `// See docs/gone${MD} and docs/guide${MD}#set-up.`,
        `// As ${OUTSIDE_DOMAIN} "Intake" said.`,
        `import { shared } from '${OUTSIDE_FOLDER}/shared.js';`,
      ].join('\n'),
    ],
    [`CONTRIBUTING${MD}`, `Write as the domain ${'brief'} did, and as ${OUTSIDE_STYLE} asks.`],
  ]);

  it('finds every mention of a document outside the repository, by file and line', () => {
    expect(findOutsideReferences(repository)).toEqual([
      { file: 'libs/thing/src/thing.ts', line: 3, message: expect.stringContaining(`"${OUTSIDE_DOMAIN}"`) },
      { file: 'libs/thing/src/thing.ts', line: 4, message: expect.stringContaining(`"${OUTSIDE_FOLDER}"`) },
      { file: `CONTRIBUTING${MD}`, line: 1, message: expect.stringContaining(`"domain ${'brief'}"`) },
      { file: `CONTRIBUTING${MD}`, line: 1, message: expect.stringContaining(`"${OUTSIDE_STYLE}"`) },
    ]);
  });

  it('finds a link to a missing page, to a missing heading and out of the repository, and passes the rest', () => {
    expect(findBrokenMarkdownLinks(repository).map(formatProblem)).toEqual([
      `README${MD}:4: docs/gone${MD}: docs/gone${MD} is not in the repository`,
      `README${MD}:4: docs/guide${MD}#set-up: docs/guide${MD} has no heading with the anchor #set-up`,
      `README${MD}:5: ../elsewhere/notes${MD} points outside the repository`,
      `docs/guide${MD}:9: #further-reading: docs/guide${MD} has no heading with the anchor #further-reading`,
    ]);
  });

  it('finds a page or a heading a source cites that is not there, from the root or from the file', () => {
    expect(findBrokenSourceCitations(repository).map(formatProblem)).toEqual([
      `libs/thing/src/thing.ts:2: docs/gone${MD}: docs/gone${MD} is not in the repository`,
      `libs/thing/src/thing.ts:2: docs/guide${MD}#set-up: docs/guide${MD} has no heading with the anchor #set-up`,
      `libs/thing/src/thing.ts:3: ${OUTSIDE_DOMAIN}: ${OUTSIDE_DOMAIN} is not in the repository`,
    ]);
  });
});
