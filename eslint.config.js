import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import continuum from './tools/eslint/boundaries.js';
import jsoncParser from 'jsonc-eslint-parser';

// @nx/enforce-module-boundaries reads the cached project graph and silently skips itself when
// there is none (a fresh clone, after `nx reset`): compute it before any file is linted.
await createProjectGraphAsync({ exitOnError: true });

export default tseslint.config(
  { ignores: ['dist/**', '**/dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.nx/**', 'infra/**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { continuum },
    rules: {
      'continuum/boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Layering by Nx project tags (docs/adr/0002-npm-workspaces-and-nx.md,
    // docs/adr/0003-adapter-projects.md): domain libraries import only domain libraries; ports
    // and the platform (Nest bootstrap, HTTP, auth, logging, the SQLite file helper) build on
    // the domain, ports and the platform; an adapter implements a port and imports no other
    // adapter. Only a program — a service (app) or a tool — chooses adapters, so no library
    // carries a driver it does not use. Every rule is on direct imports. The domain-folder
    // rule inside a service stays continuum/boundaries: Nx knows projects, not folders.
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:port', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:platform'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:platform'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:platform'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:platform', 'type:adapter', 'type:tool'] },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:platform', 'type:adapter', 'type:app', 'type:tool'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // A library's specs use the test kit (libs/testing), which itself builds on the libraries:
    // that cycle is the specs', by design, not the production code's.
    files: ['libs/**/*.spec.ts', 'libs/**/*.contract.ts', 'libs/**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Nest resolves constructor parameters from emitted decorator metadata: a parameter
    // type imported with `import type` would vanish from it, so this rule stays off where Nest injects.
    files: [
      'services/**/*.ts',
      'libs/platform/**/*.ts',
      'libs/messaging*/**/*.ts',
      'libs/read-store*/**/*.ts',
      'libs/event-store*/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Every project's package.json names exactly the packages its production code imports:
    // what its image installs (docs/adr/0003-adapter-projects.md) is what it uses.
    files: ['libs/*/package.json', 'services/*/package.json', 'tools/package.json'],
    languageOptions: { parser: jsoncParser },
    plugins: { '@nx': nx },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          buildTargets: ['build'],
          checkMissingDependencies: true,
          checkObsoleteDependencies: true,
          checkVersionMismatches: false,
          // tools/jest: the test runner's own set-up (reporter, OpenAPI conformance check), never built.
          ignoredFiles: [
            '{projectRoot}/**/*.spec.ts',
            '{projectRoot}/**/*.contract.ts',
            '{projectRoot}/**/testing/**',
            '{projectRoot}/jest/**',
            // The console's build configuration: Vite runs it at build time; nothing ships it.
            '{projectRoot}/web/vite.config.ts',
          ],
          // Loaded at run time, never imported: @nestjs/swagger serves its UI through it on Fastify.
          ignoredDependencies: ['@fastify/static'],
        },
      ],
    },
  },
);
