import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const DOCS = [
  'README.md',
  'DESIGN.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'test/e2e/fake-discord/README.md',
];
/** First folders of a path the docs may cite without `src/`: `corpus/live/live-corpus.ts`, `discord/router.ts`. */
const CITED_ROOTS = new Set(['src', 'test', 'docs', 'corpus', 'core', 'discord', 'store', 'terminal', 'cli', 'bench']);

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}
const SOURCE_FILE_NAMES = new Set([...filesUnder('src'), ...filesUnder('test')]);

/** Whether `cited`, written in `doc`, names something in the repository (as is, or a module without `.ts`). */
function exists(cited: string, doc: string): boolean {
  const bases = [ROOT, join(ROOT, dirname(doc)), join(ROOT, 'src')];
  if (bases.some((base) => existsSync(join(base, cited)) || existsSync(join(base, `${cited}.ts`)))) return true;
  return !cited.includes('/') && SOURCE_FILE_NAMES.has(cited);
}

/** Paths a doc cites: link targets, code spans that look like repository paths, and bare `src/…` words. */
function citedPaths(text: string): string[] {
  const cited = new Set<string>();
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (!/^[a-z]+:|^#/.test(target!)) cited.add(target!.replace(/#.*/, ''));
  }
  for (const [, span] of text.matchAll(/`([^`\s]+)`/g)) {
    if (/[*…<>|:]|^[/@.]/.test(span!) && !span!.startsWith('./')) continue;
    const first = span!.replace(/^\.\//, '').split('/')[0]!;
    if ((span!.includes('/') && CITED_ROOTS.has(first)) || /^[\w./-]+\.ts$/.test(span!)) cited.add(span!);
  }
  for (const [word] of text.matchAll(/(?<![\w.@/-])(?:src|test|docs)\/[^\s`'")\]]*/g)) {
    const path = word.replace(/#.*/, '').replace(/[.,;:]+$/, '');
    if (!/[*…<>|]/.test(path)) cited.add(path);
  }
  return [...cited];
}

describe('the docs', () => {
  it.each(DOCS)('%s cites only paths that exist', (doc) => {
    const missing = citedPaths(readFileSync(join(ROOT, doc), 'utf8')).filter((p) => !exists(p, doc));
    expect(missing, `${relative(ROOT, join(ROOT, doc))} cites paths that do not exist`).toEqual([]);
  });
});
