// The repository stands on its own: what it cites is in it. Three checks over the files a
// commit carries, each a pure function of them (the spec reads the files; nothing here does):
// - no file refers to the reference documents that were never part of the repository (the
//   domain, architecture and style guides that lived beside it, and the `shared` folder next
//   to it); docs/ now holds what they said;
// - every relative Markdown link reaches a file or folder of the repository, and its
//   `#anchor`, if any, is a heading of the page it names (GitHub's slugs);
// - every Markdown path a source file cites (`docs/domain/compliance.md#the-access-log` in a
//   comment, say) is a page of the repository, and its anchor a heading of that page.
import path from 'node:path';

/** Every path of the repository, with its text, or null where it is not a text file. */
export type Repository = ReadonlyMap<string, string | null>;

/** One finding: where it is, and what is wrong there. */
export type Problem = { file: string; line: number; message: string };

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

// The names are spelled in pieces, so that this file does not trip the check it defines.
const OUTSIDE_REFERENCE = new RegExp(['\\.\\.\\/shared', '\\b(?:DOMAIN|ARCHITECTURE|STYLE)\\.md\\b', '[Dd]omain\\sbrief'].join('|'), 'g');

/** Each mention of a document outside the repository, in any text file. */
export function findOutsideReferences(repository: Repository): Problem[] {
  const problems: Problem[] = [];
  for (const [file, text] of repository) {
    if (text === null) continue;
    linesOf(text).forEach((line, index) => {
      for (const match of line.matchAll(OUTSIDE_REFERENCE)) {
        problems.push({
          file,
          line: index + 1,
          message: `refers to "${match[0]}", which is not part of the repository; cite the page under docs/ that covers it`,
        });
      }
    });
  }
  return problems;
}

/**
 * The anchor GitHub gives a heading: its text as rendered (link targets, markup and HTML
 * dropped), lower case, punctuation removed except `-` and `_`, each space a `-`.
 */
export function githubSlug(heading: string): string {
  const text = heading
    .split(/(`+[^`]*`+)/)
    .map((part) =>
      part.startsWith('`')
        ? part.replace(/^`+|`+$/g, '')
        : part
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
            .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
            .replace(/<[^>]+>/g, '')
            .replace(/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, ''),
    )
    .join('');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown page: its headings' slugs (a repeated one numbered as GitHub does) and any HTML id or name. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (slug: string) => {
    let anchor = slug;
    let count = seen.get(slug) ?? 0;
    while (anchors.has(anchor)) anchor = `${slug}-${++count}`;
    seen.set(slug, count);
    anchors.add(anchor);
  };
  const lines = linesOf(markdown);
  forEachProseLine(lines, (line, index) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    const previous = lines[index - 1] ?? '';
    if (atx) add(githubSlug(atx[1] ?? ''));
    else if (/^ {0,3}(?:=+|-+)[ \t]*$/.test(line) && isParagraphLine(previous)) add(githubSlug(previous));
    for (const match of line.matchAll(/<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(match[1] as string);
  });
  return anchors;
}

/** The targets of a Markdown page's links, inline (`](target)`) and reference definitions (`[label]: target`), outside code. */
export function markdownLinks(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  forEachProseLine(linesOf(markdown), (line, index) => {
    const prose = line.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
    for (const match of prose.matchAll(/\]\(\s*(<[^>]*>|[^\s)]*)/g))
      links.push({ line: index + 1, target: (match[1] as string).replace(/^<|>$/g, '') });
    const definition = /^ {0,3}\[(?!\^)[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(prose);
    if (definition) links.push({ line: index + 1, target: (definition[1] as string).replace(/^<|>$/g, '') });
  });
  return links;
}

/** Each relative link of a Markdown file whose target is not in the repository, or whose anchor is not a heading there. */
export function findBrokenMarkdownLinks(repository: Repository): Problem[] {
  const pages = new Pages(repository);
  const problems: Problem[] = [];
  for (const [file, text] of repository) {
    if (text === null || !file.endsWith('.md')) continue;
    for (const { line, target } of markdownLinks(text)) {
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const [pathPart = '', anchor] = splitAnchor(target);
      const resolved = pathPart === '' ? file : resolveFrom(pathPart.startsWith('/') ? '' : path.posix.dirname(file), pathPart);
      const message = pages.missing(resolved, anchor, target);
      if (message) problems.push({ file, line, message });
    }
  }
  return problems;
}

const SOURCE = /\.(?:ts|js|mjs|cjs)$/;
// A path to a Markdown file, with its anchor: not part of a longer path, a URL or a package name.
const CITED_PAGE = /(?<![\w.@/:\\-])((?:[\w.-]+\/)*[\w.-]*[\w-]\.md)(?![\w-])(?:#([\p{L}\p{N}_-]+))?/gu;

/** Each Markdown page a source file cites (from the repository root, or from the file's folder) that is not in the repository, or whose anchor is not a heading there. */
export function findBrokenSourceCitations(repository: Repository): Problem[] {
  const pages = new Pages(repository);
  const problems: Problem[] = [];
  for (const [file, text] of repository) {
    if (text === null || !SOURCE.test(file)) continue;
    linesOf(text).forEach((line, index) => {
      for (const match of line.matchAll(CITED_PAGE)) {
        const cited = match[1] as string;
        const anchor = match[2];
        const fromFile = resolveFrom(path.posix.dirname(file), cited);
        const candidates = cited.startsWith('.') ? [fromFile] : [resolveFrom('', cited), fromFile];
        const found = candidates.find((candidate) => pages.exists(candidate)) ?? (candidates[0] as string);
        const message = pages.missing(found, anchor, anchor === undefined ? cited : `${cited}#${anchor}`);
        if (message) problems.push({ file, line: index + 1, message });
      }
    });
  }
  return problems;
}

/** The three checks at once. */
export function checkRepository(repository: Repository): {
  outsideReferences: Problem[];
  brokenLinks: Problem[];
  brokenCitations: Problem[];
} {
  return {
    outsideReferences: findOutsideReferences(repository),
    brokenLinks: findBrokenMarkdownLinks(repository),
    brokenCitations: findBrokenSourceCitations(repository),
  };
}

/** What exists in the repository: its files, the folders that hold them, and each page's anchors (read once). */
class Pages {
  private readonly folders = new Set<string>(['']);
  private readonly anchors = new Map<string, Set<string>>();

  constructor(private readonly repository: Repository) {
    for (const file of repository.keys()) {
      for (let folder = path.posix.dirname(file); folder !== '.' && !this.folders.has(folder); folder = path.posix.dirname(folder))
        this.folders.add(folder);
    }
  }

  exists(target: string): boolean {
    return this.repository.has(target) || this.folders.has(target);
  }

  /** Why `target` (and `anchor`) cannot be followed, or undefined when they can. */
  missing(target: string, anchor: string | undefined, cited: string): string | undefined {
    if (target.startsWith('../') || target === '..') return `${cited} points outside the repository`;
    if (!this.exists(target)) return `${cited}: ${target} is not in the repository`;
    const text = this.repository.get(target);
    if (anchor === undefined || anchor === '' || !target.endsWith('.md') || typeof text !== 'string') return undefined;
    let anchors = this.anchors.get(target);
    if (!anchors) this.anchors.set(target, (anchors = headingAnchors(text)));
    return anchors.has(anchor) ? undefined : `${cited}: ${target} has no heading with the anchor #${anchor}`;
  }
}

function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Calls `visit` for each line outside fenced code blocks. */
function forEachProseLine(lines: string[], visit: (line: string, index: number) => void): void {
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    visit(line, index);
  });
}

/** A line that can be the text of a setext heading: prose, not a list item, quote, table row, fence or heading. */
function isParagraphLine(line: string): boolean {
  return line.trim() !== '' && !/^ {0,3}(?:#|>|[-*+]\s|\d+[.)]\s|\||```|~~~)/.test(line) && !/^ {4}/.test(line);
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  const [pathPart, anchor] = hash === -1 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
  return [decode(pathPart), anchor === undefined ? undefined : decode(anchor)];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `target` from the folder `from` (the repository root is ''), normalised, without a trailing slash. */
function resolveFrom(from: string, target: string): string {
  const joined = path.posix.normalize(path.posix.join(from, target.replace(/^\/+/, '')));
  return joined === '.' || joined === './' ? '' : joined.replace(/\/+$/, '');
}
