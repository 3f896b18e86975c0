// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Import walls, one named group each. ESLint keeps only the last `no-restricted-imports` setting that
 * matches a file, so every block below lists all the walls its files stand behind, from these groups.
 */
const WALLS = {
  coreAdapters: {
    group: ['**/discord/**', '**/terminal/**', '**/corpus/**', '**/store/**', '**/cli*', '**/main*'],
    message: 'core/ must not import an adapter.',
  },
  coreIo: {
    group: ['discord.js', 'better-sqlite3', 'node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'pino', 'pg'],
    message: 'core/ is pure: no I/O libraries.',
  },
  minisearch: {
    group: ['minisearch', 'minisearch/**'],
    message: "MiniSearch is the search engine's own: import it only under src/core/search/.",
  },
  searchEngine: {
    group: ['**/search/engine/**'],
    message:
      'answer/ and digest/ use the search room through search-index.ts, question.ts, rank.ts and text/, not engine internals.',
  },
  corpusAdapters: {
    group: ['**/discord/**', '**/terminal/**', 'discord.js'],
    message: 'corpus/ and store/ know nothing of the adapters.',
  },
};

/** The `no-restricted-imports` rule for files behind `walls`. */
function walledBy(...walls) {
  return { 'no-restricted-imports': ['error', { patterns: walls }] };
}

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
  // Import walls: the later block wins for a file, so the narrower folders come after the wider ones.
  { files: ['src/**/*.ts'], rules: walledBy(WALLS.minisearch) },
  {
    // The core is pure: it never reaches for an adapter, the file system, the network or the clock's owner.
    files: ['src/core/**/*.ts'],
    rules: walledBy(WALLS.coreAdapters, WALLS.coreIo, WALLS.minisearch),
  },
  { files: ['src/core/search/**/*.ts'], rules: walledBy(WALLS.coreAdapters, WALLS.coreIo) },
  {
    files: ['src/core/answer/**/*.ts', 'src/core/digest/**/*.ts'],
    rules: walledBy(WALLS.coreAdapters, WALLS.coreIo, WALLS.minisearch, WALLS.searchEngine),
  },
  {
    // The core is pure in time and process too: the clock and the environment are the adapters' to read.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'core/ is pure: no process (env, argv, exit, output); what it needs comes in as an argument.',
        },
        { name: 'performance', message: 'core/ is pure: time comes in as an argument.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^(node:)?process$/]',
          message: 'core/ is pure: no process (env, argv, exit, output); what it needs comes in as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core/ is pure: time comes in as an argument (Date.now() reads the clock).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core/ is pure: time comes in as an argument (new Date() reads the clock; new Date(iso) is fine).',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'core/ is pure: time comes in as an argument (Date() reads the clock).',
        },
      ],
    },
  },
  { files: ['src/corpus/**/*.ts', 'src/store/**/*.ts'], rules: walledBy(WALLS.corpusAdapters, WALLS.minisearch) },
  // The benchmark's MiniSearch baseline is plain MiniSearch by design.
  { files: ['src/bench/minisearch-driver.ts'], rules: walledBy() },
);
