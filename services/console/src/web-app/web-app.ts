// The single-page application's files (built by Vite into dist/public), read once at boot and
// kept in memory with their gzip form. Hashed assets may be cached for a year; index.html never.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type RolesHeld } from '../session/site-roles.js';
import { PagePreloads } from './page-preloads.js';

export type WebFile = { contentType: string; body: Buffer; gzipped: Buffer; immutable: boolean };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Where the build put the application: beside the compiled console (dist/public), or from its sources. */
export function defaultWebAppFolder(): string {
  const candidates = [path.resolve(import.meta.dirname, '../public'), path.resolve(import.meta.dirname, '../../dist/public')];
  return candidates.find((folder) => existsSync(path.join(folder, 'index.html'))) ?? candidates[0]!;
}

export class WebApp {
  private readonly files = new Map<string, WebFile>();
  private preloads = new PagePreloads(undefined, '');

  constructor(readonly folder: string) {
    if (!existsSync(path.join(folder, 'index.html'))) return;
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const relative = path.relative(folder, full).split(path.sep).join('/');
      const body = readFileSync(full);
      this.files.set(relative, {
        contentType: TYPES[path.extname(entry.name)] ?? 'application/octet-stream',
        body,
        gzipped: gzipSync(body),
        immutable: relative.startsWith('assets/'),
      });
    }
    this.preloads = new PagePreloads(this.files.get('.vite/manifest.json')?.body.toString('utf8'), this.indexHtml);
  }

  private get indexHtml(): string {
    return this.files.get('index.html')?.body.toString('utf8') ?? '';
  }

  /** index.html for the page at `url`, as `signedIn` says who opens it: with what that page needs first named for preloading (see PagePreloads). */
  page(url: string, signedIn?: () => RolesHeld | undefined): WebFile | undefined {
    const index = this.files.get('index.html');
    if (!index) return undefined;
    const links = this.preloads.linksFor(url, signedIn);
    if (!links) return index;
    const body = Buffer.from(this.indexHtml.replace('</head>', `  ${links}\n  </head>`));
    return { ...index, body, gzipped: gzipSync(body) };
  }

  get isBuilt(): boolean {
    return this.files.has('index.html');
  }

  file(relative: string): WebFile | undefined {
    return this.files.get(relative);
  }
}
