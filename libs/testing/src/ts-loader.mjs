// Runs the repository's TypeScript in a plain `node` process, without a build: tests that
// need several OS processes (two writers on one SQLite file, a bus consumer killed
// mid-batch…) start their children with `node --import <this file> child.ts`.
//
// Imported with --import, the file registers itself as a module-customisation hook
// (Node >= 20.6 `module.register`); in the hooks thread Node then calls `resolve` and `load`:
// - `@continuum/<project>` resolves with the `continuum-dev` export condition, to the
//   project's sources (its default export is its build, which may be stale or absent);
// - a relative `./x.js` resolves to `./x.ts` when that file exists, as NodeNext sources say;
// - a `.ts` file is transpiled alone by the installed `typescript` (`transpileModule`, no
//   type checking) with the repository's compiler options, decorator metadata included, so
//   Nest modules run as they do under jest and in dist/.
//
// Worker threads started by the child need their own `--import` of this file in execArgv.
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const repositoryRoot = resolvePath(dirname(fileURLToPath(import.meta.url)), '../../..');

if (isMainThread) register(import.meta.url);

let typescript;
let compilerOptions;

async function transpiler() {
  if (!typescript) {
    typescript = (await import('typescript')).default;
    const configPath = join(repositoryRoot, 'tsconfig.base.json');
    const { config, error } = typescript.readConfigFile(configPath, typescript.sys.readFile);
    if (error) throw new Error(`ts-loader cannot read ${configPath}: ${typescript.flattenDiagnosticMessageText(error.messageText, '\n')}`);
    const parsed = typescript.convertCompilerOptionsFromJson(config.compilerOptions, repositoryRoot);
    compilerOptions = {
      ...parsed.options,
      // Each file is compiled alone into an ES module; source maps inline so that stack
      // traces (with --enable-source-maps) point at the .ts lines.
      module: typescript.ModuleKind.ESNext,
      moduleResolution: typescript.ModuleResolutionKind.Bundler,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: true,
      noEmit: false,
      declaration: false,
    };
  }
  return { typescript, compilerOptions };
}

export async function resolve(specifier, context, nextResolve) {
  // A workspace package resolves through its package.json exports, under the condition that
  // sends it to its sources instead of its build.
  if (specifier.startsWith('@continuum/'))
    return nextResolve(specifier, { ...context, conditions: [...(context.conditions ?? []), 'continuum-dev'] });
  const isRelative = specifier.startsWith('./') || specifier.startsWith('../');
  if (isRelative && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const candidate = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const { typescript: ts, compilerOptions: options } = await transpiler();
  const fileName = fileURLToPath(url);
  const output = ts.transpileModule(readFileSync(fileName, 'utf8'), { compilerOptions: options, fileName, reportDiagnostics: false });
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
