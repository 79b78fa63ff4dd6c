// What a page asks for before its script has run (docs/architecture/console.md#performance):
// opened at a chart's address, index.html also names the chart's chunks (modulepreload, from
// Vite's manifest) and the two reads the chart starts with, the session and the chart's header
// (preload as fetch), so the browser fetches them beside the application's own script instead
// of after it. Paths carry ids only; the id is checked to be a client id before it is written
// into the page.

/** Vite's .vite/manifest.json: source → built file and the chunks it imports. */
type Manifest = Record<string, { file: string; imports?: string[] }>;

const CHART_PATH = /^\/clients\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const CHART_SOURCE = 'src/pages/Chart.tsx';

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

  constructor(manifestJson: string | undefined, indexHtml: string) {
    let manifest: Manifest = {};
    try {
      manifest = manifestJson ? (JSON.parse(manifestJson) as Manifest) : {};
    } catch {
      manifest = {};
    }
    // What index.html already loads needs no second mention.
    this.chartChunks = chunksOf(manifest, CHART_SOURCE).filter((file) => !indexHtml.includes(`"${file}"`));
  }

  /** The <link> elements for the page at `url`, or '' for a page with nothing to preload. */
  linksFor(url: string): string {
    const pathOnly = url.split(/[?#]/, 1)[0]!;
    const chart = CHART_PATH.exec(pathOnly);
    if (!chart) return '';
    const clientId = chart[1]!;
    return [
      ...this.chartChunks.map((file) => `<link rel="modulepreload" crossorigin href="${file}">`),
      '<link rel="preload" as="fetch" crossorigin href="/api/v1/session">',
      `<link rel="preload" as="fetch" crossorigin href="/api/v1/chart/${clientId}/header">`,
    ].join('\n    ');
  }
}
