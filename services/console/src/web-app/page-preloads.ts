// What a page asks for before its script has run (docs/architecture/console.md#performance):
// opened at a chart's address, index.html also names the chart's chunks (modulepreload, from
// Vite's manifest) and the two reads the chart starts with, the session and the chart's header
// (preload as fetch), so the browser fetches them beside the application's own script instead
// of after it. Opened at the work queues, it names the queues page's chunks, the session's read
// and, for a signed-in user, the first page of the first tab that user has (the queue catalogue's,
// by the session's roles and sites): the rows the page shows first are on their way before its
// script runs. Paths carry ids and codes only; the id is checked to be a client id before it is
// written into the page, and a site id is written only as the session holds it, escaped.
import { type RolesHeld } from '../session/site-roles.js';
import { firstTabReads } from '../queues/queue-catalogue.js';

/** Vite's .vite/manifest.json: source → built file and the chunks it imports. */
type Manifest = Record<string, { file: string; imports?: string[] }>;

const CHART_PATH = /^\/clients\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const CHART_SOURCE = 'src/pages/Chart.tsx';
const QUEUES_PATH = '/queues';
const QUEUES_SOURCE = 'src/pages/WorkQueues.tsx';
const SESSION_PRELOAD = '<link rel="preload" as="fetch" crossorigin href="/api/v1/session">';
const modulePreload = (file: string) => `<link rel="modulepreload" crossorigin href="${file}">`;
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fetchPreload = (url: string) => `<link rel="preload" as="fetch" crossorigin href="${escapeAttribute(url)}">`;

/** The built files a source needs (itself and what it imports, transitively), as /assets/ paths. */
function chunksOf(manifest: Manifest, source: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(source);
  return [...seen].map((file) => `/${file}`);
}

export class PagePreloads {
  private readonly chartChunks: string[];
  private readonly queuesChunks: string[];

  constructor(manifestJson: string | undefined, indexHtml: string) {
    let manifest: Manifest = {};
    try {
      manifest = manifestJson ? (JSON.parse(manifestJson) as Manifest) : {};
    } catch {
      manifest = {};
    }
    // What index.html already loads needs no second mention.
    const notInIndex = (file: string) => !indexHtml.includes(`"${file}"`);
    this.chartChunks = chunksOf(manifest, CHART_SOURCE).filter(notInIndex);
    this.queuesChunks = chunksOf(manifest, QUEUES_SOURCE).filter(notInIndex);
  }

  /**
   * The <link> elements for the page at `url`, or '' for a page with nothing to preload. `signedIn`
   * says who opens it (undefined: nobody); it is asked only by the page whose preloads depend on
   * the user (the work queues), so other pages look up no session.
   */
  linksFor(url: string, signedIn: () => RolesHeld | undefined = () => undefined): string {
    const pathOnly = url.split(/[?#]/, 1)[0]!;
    if (pathOnly === QUEUES_PATH) {
      const user = signedIn();
      const reads = user ? firstTabReads(user).map(fetchPreload) : [];
      return [...this.queuesChunks.map(modulePreload), SESSION_PRELOAD, ...reads].join('\n    ');
    }
    const chart = CHART_PATH.exec(pathOnly);
    if (!chart) return '';
    const clientId = chart[1]!;
    return [
      ...this.chartChunks.map(modulePreload),
      SESSION_PRELOAD,
      `<link rel="preload" as="fetch" crossorigin href="/api/v1/chart/${clientId}/header">`,
    ].join('\n    ');
  }
}
