// The JavaScript of the first screen (the sign-in page) stays within 300 KB gzipped
// (docs/architecture/console.md#performance): the entry script and the modules it preloads, in
// the gzip form the console serves them in. The intake flow and the chart load when opened and
// do not count. Reads the built pages (npm run build; CI builds before it tests).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { WebApp, defaultWebAppFolder } from './web-app/web-app.js';

const BUDGET_KB = 300;

describe('the first screen', () => {
  it(`loads at most ${BUDGET_KB} KB of JavaScript, gzipped`, () => {
    const folder = defaultWebAppFolder();
    const app = new WebApp(folder);
    if (!app.isBuilt) throw new Error(`The console's pages are not built in ${folder}: run npm run build first`);
    const html = readFileSync(path.join(folder, 'index.html'), 'utf8');
    const scripts = [
      ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g),
      ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g),
    ].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((script) => {
      const file = app.file(script);
      if (!file) throw new Error(`index.html names ${script}, which the build does not hold`);
      return file.gzipped.length;
    });
    const kilobytes = sizes.reduce((sum, size) => sum + size, 0) / 1024;
    console.log(`first screen: ${kilobytes.toFixed(1)} KB of JavaScript gzipped in ${scripts.length} file(s)`);
    expect(kilobytes).toBeLessThanOrEqual(BUDGET_KB);
  });
});
