// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core is pure: it never reaches for an adapter, the file system, the network or the clock's owner.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/discord/**', '**/terminal/**', '**/corpus/**', '**/store/**', '**/cli*', '**/main*'],
              message: 'core/ must not import an adapter.',
            },
            {
              group: ['discord.js', 'better-sqlite3', 'node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'pino'],
              message: 'core/ is pure: no I/O libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/corpus/**/*.ts', 'src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/discord/**', '**/terminal/**', 'discord.js'],
              message: 'corpus/ and store/ know nothing of the adapters.',
            },
          ],
        },
      ],
    },
  },
);
