import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const CLOCK = 'core/ is pure: time comes in as an argument';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint();
});

/** The messages of the purity rules for `code` as if it were the file at `filePath`. */
async function purityMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-globals' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const BANNED: [string, string, string][] = [
  ['Date.now()', 'export const now = Date.now();\n', CLOCK],
  ['new Date() without arguments', 'export const now = new Date();\n', CLOCK],
  ['Date() called as a function', 'export const now = Date();\n', CLOCK],
  ['performance.now()', 'export const now = performance.now();\n', CLOCK],
  ['the process global', 'export const token = process.env.DISCORD_TOKEN;\n', 'core/ is pure: no process'],
  [
    'process imported',
    "import { env } from 'node:process';\nexport const token = env.DISCORD_TOKEN;\n",
    'core/ is pure: no process',
  ],
];

describe('core/ reads no clock and no process', () => {
  it.each(BANNED)('reports %s in src/core/', async (_name, code, message) => {
    const messages = await purityMessages(code, 'src/core/search/x.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(message);
  });

  it.each(BANNED)('allows %s outside core/', async (_name, code) => {
    expect(await purityMessages(code, 'src/cli/x.ts')).toEqual([]);
    expect(await purityMessages(code, 'src/discord/digest/x.ts')).toEqual([]);
  });

  it('allows a Date made from a given instant, and time passed in', async () => {
    const code = [
      "export const at = new Date('2025-03-01T09:00:00Z');",
      'export const later = (now: Date) => new Date(now.getTime() + 1000);',
      'export const parsed = Date.parse(at.toISOString());',
      '',
    ].join('\n');
    expect(await purityMessages(code, 'src/core/digest/x.ts')).toEqual([]);
  });
});
