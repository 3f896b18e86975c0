import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/core/paper/paper.js';
import { loadCorpus } from '../../src/corpus/read/load-corpus.js';

export const SEED_CORPUS = new URL('../fixtures/corpus/seed/', import.meta.url).pathname;
export const BENCH_CORPUS = new URL('../fixtures/bench/corpus.jsonl', import.meta.url).pathname;

/** The five seed papers with their sidecar metadata, as the bot loads them. */
export async function seedPapers(): Promise<Paper[]> {
  const { papers, problems } = await loadCorpus(SEED_CORPUS);
  if (problems.length > 0) throw new Error(`seed fixture: ${JSON.stringify(problems)}`);
  return papers;
}

/** The 49 paperlists papers of the bench fixture. */
export async function benchPapers(): Promise<Paper[]> {
  return (await loadCorpus(BENCH_CORPUS)).papers;
}

/** A minimal valid paper for hand-made cases. */
export function paper(id: string, title: string, text: string, extra: Partial<Paper> = {}): Paper {
  return {
    id,
    title,
    text,
    topic: null,
    authors: [],
    year: null,
    venue: null,
    tags: [],
    moreTags: 0,
    links: [{ kind: 'search', url: `https://example.org/search?q=${encodeURIComponent(title)}`, label: 'search' }],
    source: { file: 'test.txt', line: 1 },
    pageStarts: null,
    firstSeen: null,
    ...extra,
  };
}

export function benchQueries(): Array<{ _id: string; text: string; kind: string; paper?: string }> {
  const path = new URL('../fixtures/bench/queries.jsonl', import.meta.url).pathname;
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { _id: string; text: string; kind: string; paper?: string });
}
