import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import continuum from './tools/eslint/boundaries.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.nx/**', 'infra/**/.cache/**'] },
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
    // Nest resolves constructor parameters from emitted decorator metadata: a parameter
    // type imported with `import type` would vanish from it, so this rule stays off where Nest injects.
    files: ['services/**/*.ts', 'libs/platform/**/*.ts', 'libs/messaging/**/*.ts', 'libs/read-store/**/*.ts', 'libs/event-store/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
