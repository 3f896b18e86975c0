import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The repository's own eslint.config.js, run on code placed at paths that need not exist.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The import-wall messages ESLint gives `code` placed at `filePath` (relative to the repository). */
async function wallErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importing = (from: string) => `import { value } from '${from}';\nexport const used = value;\n`;
const importingMiniSearch = (from: string) => `import MiniSearch from '${from}';\nexport const used = MiniSearch;\n`;

describe('the search engine wall', () => {
  it.each(['src/core/answer/x.ts', 'src/core/digest/x.ts'])('stops %s importing engine internals', async (file) => {
    const errors = await wallErrors(file, importing('../search/engine/chunk-index.js'));
    expect(errors).toEqual([expect.stringContaining('not engine internals')]);
  });

  it.each(['../search/search-index.js', '../search/question.js', '../search/rank.js', '../search/text/tokenize.js'])(
    'lets answer/ import %s',
    async (from) => {
      expect(await wallErrors('src/core/answer/x.ts', importing(from))).toEqual([]);
    },
  );

  it('keeps the core walls in answer/ (its walls add up, they do not replace each other)', async () => {
    expect(await wallErrors('src/core/answer/x.ts', importing('node:fs'))).toEqual([
      expect.stringContaining('no I/O libraries'),
    ]);
    expect(await wallErrors('src/core/digest/x.ts', importing('../../discord/router.js'))).toEqual([
      expect.stringContaining('must not import an adapter'),
    ]);
  });

  it('lets the search room reach its own engine', async () => {
    expect(await wallErrors('src/core/search/x.ts', importing('./engine/chunk-index.js'))).toEqual([]);
  });
});

describe('the MiniSearch wall', () => {
  it.each([
    ['src/core/answer/x.ts', 'minisearch'],
    ['src/core/paper/x.ts', 'minisearch'],
    ['src/discord/x.ts', 'minisearch'],
    ['src/corpus/x.ts', 'minisearch/SearchableMap'],
    ['src/bench/paperboy-driver.ts', 'minisearch'],
  ])('stops %s importing %s', async (file, from) => {
    expect(await wallErrors(file, importingMiniSearch(from))).toEqual([
      expect.stringContaining('only under src/core/search/'),
    ]);
  });

  it.each([
    ['src/core/search/engine/x.ts', 'minisearch'],
    ['src/core/search/engine/x.ts', 'minisearch/SearchableMap'],
    ['src/bench/minisearch-driver.ts', 'minisearch'],
  ])('lets %s import %s', async (file, from) => {
    expect(await wallErrors(file, importingMiniSearch(from))).toEqual([]);
  });

  it('keeps the core walls in the search room', async () => {
    expect(await wallErrors('src/core/search/engine/x.ts', importing('../../../store/db.js'))).toEqual([
      expect.stringContaining('must not import an adapter'),
    ]);
  });
});
