// The console's pages: React, built by Vite into services/console/dist/public, which the
// console serves (docs/architecture/adr-console.md). No source maps in the build: they would be served.
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/public'),
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json: the console names a page's chunks in its HTML (modulepreload) from it.
    manifest: true,
    // Below this, one screen's JavaScript stays far under the 300 KB (gzipped) budget.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Whatever two or more chunks share goes into one chunk: left to itself the bundler made a
        // chunk per shared piece (some of a few hundred bytes), each a request of its own, and the
        // browser's six connections to the console queued the queues' first read behind them.
        codeSplitting: { groups: [{ name: 'shared', minShareCount: 2 }] },
      },
    },
  },
});
