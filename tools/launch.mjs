#!/usr/bin/env node
// node tools/launch.mjs <tool under tools/dist, e.g. token/mint-token.js> [its arguments…]
//
// How the npm scripts (npm run token, audit, dlq, demo, start…) and the continuum-* bins run a
// tool: from its build, at once, building first only when the build is missing or a source
// is newer than it — so editing a library or a service still just works, and a call that
// changes nothing costs no compile. "A source": a .ts or .json file under libs/*/src,
// services/*/src or tools/ (specs, tests' kits and build folders aside), a project's
// package.json or tsconfig, the root tsconfigs. The build is `npm run build`, its output on
// stderr so that a tool's stdout stays its own (TOKEN=$(npm run -s token -- …)). The tool then
// runs in this process with the same arguments (process.argv[1] is the tool), so its exit
// code and signals are its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDist = path.join(root, 'tools', 'dist');
/** Touched when a build this launcher ran succeeded, dated when that build started. */
const BUILT_AT = path.join(toolsDist, '.launch-built-at');

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.nx', 'testing', 'coverage', 'data', '.cache']);
// Folders of tools/ the build leaves out (tools/tsconfig.lib.json).
const UNBUILT_TOOLS = new Set(['eslint', 'jest', 'lockfile', 'system', 'workspace', 'bin']);
const isSource = (name) => (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) || name.endsWith('.json');

const mtimeOf = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The first source file modified after `since` (ms), or undefined: stops at the first. */
function sourceNewerThan(since) {
  const walk = (folder, skipped = SKIPPED_FOLDERS) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (skipped.has(entry.name)) continue;
        const found = walk(file);
        if (found) return found;
      } else if (isSource(entry.name) && (mtimeOf(file) ?? 0) > since) {
        return file;
      }
    }
    return undefined;
  };
  const newer = (file) => ((mtimeOf(file) ?? 0) > since ? file : undefined);
  for (const file of ['tsconfig.base.json', 'tsconfig.build.json', 'package.json']) {
    const found = newer(path.join(root, file));
    if (found) return found;
  }
  for (const group of ['libs', 'services']) {
    let projects = [];
    try {
      projects = readdirSync(path.join(root, group), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    } catch {
      continue;
    }
    for (const project of projects) {
      const folder = path.join(root, group, project.name);
      for (const file of ['package.json', 'tsconfig.json', 'tsconfig.lib.json', 'project.json']) {
        const found = newer(path.join(folder, file));
        if (found) return found;
      }
      const found = walk(path.join(folder, 'src'));
      if (found) return found;
    }
  }
  return walk(path.join(root, 'tools'), new Set([...SKIPPED_FOLDERS, ...UNBUILT_TOOLS]));
}

/** Why the build must run first, or undefined when the built tool is current. */
export function staleness(entry) {
  const entryTime = mtimeOf(entry);
  if (entryTime === undefined) return `${path.relative(root, entry)} is not built yet`;
  const builtAt = Math.max(entryTime, mtimeOf(BUILT_AT) ?? 0);
  const newer = sourceNewerThan(builtAt);
  return newer === undefined ? undefined : `${path.relative(root, newer)} changed since the last build`;
}

/** Runs `npm run build` (output on stderr); exits with its status when it fails. */
export function build(reason) {
  process.stderr.write(`${reason}: building first (npm run build)…\n`);
  const started = Date.now();
  const npmCli = process.env.npm_execpath;
  const [command, args] =
    npmCli && /npm-cli\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli, 'run', '-s', 'build']] : ['npm', ['run', '-s', 'build']];
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' && command === 'npm' });
  if (result.status !== 0) {
    process.stderr.write(`the build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); the tool did not run\n`);
    process.exit(result.status || 1);
  }
  writeFileSync(BUILT_AT, '');
  const seconds = started / 1000;
  utimesSync(BUILT_AT, seconds, seconds);
}

/** Builds when stale, then runs the built tool in this process with `args`. */
export async function launch(tool, args) {
  const entry = path.resolve(toolsDist, tool ?? '');
  if (!tool || !entry.startsWith(toolsDist + path.sep) || !entry.endsWith('.js')) {
    process.stderr.write(
      `launch: name a built tool under tools/dist, e.g. node tools/launch.mjs token/mint-token.js --help (got ${tool ?? 'nothing'})\n`,
    );
    process.exit(2);
  }
  const reason = staleness(entry);
  if (reason !== undefined) build(reason);
  if (!existsSync(entry)) {
    process.stderr.write(`launch: the build made no ${path.relative(root, entry)}: is ${tool} the right name?\n`);
    process.exit(2);
  }
  process.argv = [process.argv[0], entry, ...args];
  await import(pathToFileURL(entry).href);
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invokedDirectly) await launch(process.argv[2], process.argv.slice(3));
