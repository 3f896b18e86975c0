import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchCorpus, EngineDriver, ServingEngine } from '../../src/bench/bench-engine.js';
import { FTS5_DRIVER, fts5AskQuery, fts5SuggestQuery } from '../../src/bench/fts5-driver.js';
import { MINISEARCH_DRIVER } from '../../src/bench/minisearch-driver.js';
import { readBenchCorpus } from '../../src/bench/read-bench-corpus.js';

const CORPUS = 'test/fixtures/bench/corpus.jsonl';

describe('fts5 queries', () => {
  it('quotes every word so FTS5 syntax in a question is just words', () => {
    expect(fts5AskQuery('what is "exact" AND NEAR(x) col:y *')).toBe(
      '"what" OR "is" OR "exact" OR "and" OR "near" OR "x" OR "col" OR "y"',
    );
    expect(fts5AskQuery('!!! ???')).toBe('');
  });

  it('requires every word in the title and treats only an unfinished last word as a prefix', () => {
    expect(fts5SuggestQuery('Origami fo')).toBe('title : ("origami" AND "fo"*)');
    expect(fts5SuggestQuery('Combining Online ')).toBe('title : ("combining" AND "online")');
    expect(fts5SuggestQuery('  ')).toBe('');
  });
});

describe.each([MINISEARCH_DRIVER, FTS5_DRIVER])('$name baseline', (driver: EngineDriver) => {
  let corpus: BenchCorpus;
  let dir: string;
  let engine: ServingEngine;

  beforeAll(async () => {
    corpus = await readBenchCorpus(CORPUS, null);
    dir = await mkdtemp(join(tmpdir(), `paperboy-bench-test-${driver.name}-`));
    await (await driver.build(corpus)).save(dir);
    engine = await driver.load(dir);
  });
  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers from the loaded snapshot with at most `limit` paper ids', async () => {
    const ids = await engine.ask('robotic hand folding origami', 3);
    expect(ids[0]).toBe('iros2007-4399358');
    expect(ids.length).toBeLessThanOrEqual(3);
    for (const id of ids) expect(corpus.papers.some((p) => p.id === id)).toBe(true);
  });

  it('finds a paper from a few words of its title', async () => {
    expect(await engine.ask('watertight surface reconstruction of caves', 5)).toContain('iros2011-6095145');
  });

  it('suggests a paper for the start of its title', async () => {
    expect(await engine.suggest('Origami fo')).toContain('iros2007-4399358');
    expect(await engine.suggest('Combining Online ')).toContain('colt2019-3f27e1d561');
  });

  it('returns nothing, without throwing, for text with no words or full of query syntax', async () => {
    expect(await engine.ask('!!!', 5)).toEqual([]);
    expect(await engine.suggest('"')).toEqual([]);
    await expect(engine.ask('"exact" AND OR NEAR * col:', 5)).resolves.toBeInstanceOf(Array);
  });
});
