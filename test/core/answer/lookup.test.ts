import { beforeAll, describe, expect, it } from 'vitest';
import { lookup, suggest, SUGGEST_LIMIT, SUGGESTION_MAX_CHARS } from '../../../src/core/answer/lookup.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { benchPapers, paper, seedPapers } from '../search-fixtures.js';

let seed: SearchIndex;
let bench: SearchIndex;

beforeAll(async () => {
  seed = SearchIndex.build(await seedPapers());
  bench = SearchIndex.build(await benchPapers());
});

const titlesOf = (result: ReturnType<typeof lookup>) =>
  result.kind === 'found' ? result.papers.map((hit) => hit.paper.title) : [];

describe('lookup', () => {
  it('finds a paper by its id first', () => {
    const id = seed.papers[2]!.id;
    const result = lookup(seed, id);
    expect(result.kind === 'found' && result.papers[0]).toMatchObject({ paper: { id }, fields: ['id'] });
  });

  it('finds a paper by title words despite a typo', () => {
    expect(titlesOf(lookup(seed, 'dropos vision'))[0]).toMatch(/^DropPos/);
  });

  it('finds a paper by an author or by its venue', () => {
    expect(titlesOf(lookup(seed, 'Takagi'))[0]).toMatch(/Offline Reinforcement Learning/);
    const colt = lookup(seed, 'COLT');
    expect(colt.kind === 'found' && colt.papers[0]?.fields).toEqual(['venue']);
    expect(titlesOf(colt)[0]).toMatch(/^On the Asymptotics/);
  });

  it('marks the query words in the title', () => {
    const result = lookup(seed, 'semantic rendering');
    if (result.kind !== 'found') throw new Error('expected found');
    const { text, highlights } = result.papers[0]!.title;
    expect(highlights.map((h) => text.slice(h.start, h.end))).toEqual(['Semantic', 'Rendering']);
  });

  it('returns no-match with close titles when nothing is named so', () => {
    const result = lookup(seed, 'graphormer');
    expect(result.kind).toBe('no-match');
    if (result.kind === 'no-match') expect(result.suggestions[0]?.text).toMatch(/Graph Representation/);
  });
});

describe('suggest', () => {
  it('returns at most 25 suggestions of at most 100 characters, title starts first', () => {
    const long = 'A '.repeat(5) + 'Very Long Title '.repeat(12);
    const papers = Array.from({ length: 60 }, (_, i) => paper(`p${i}`, i === 7 ? long : `A Study of Things ${i}`, ''));
    papers.push(paper('later', 'Yet Another Study of Things', ''));
    const index = SearchIndex.build(papers);
    const suggestions = suggest(index, 'a ');
    expect(suggestions).toHaveLength(SUGGEST_LIMIT);
    for (const s of suggestions) expect(s.title.length).toBeLessThanOrEqual(SUGGESTION_MAX_CHARS);
    expect(suggestions.map((s) => s.paperId)).toContain('p7');
    expect(suggestions.find((s) => s.paperId === 'p7')?.title.endsWith('…')).toBe(true);
    expect(suggest(index, 'study of things 5').map((s) => s.paperId)).toEqual([
      'p5',
      'p50',
      'p51',
      'p52',
      'p53',
      'p54',
      'p55',
      'p56',
      'p57',
      'p58',
      'p59',
    ]);
    expect(suggest(index, 'yet another').map((s) => s.paperId)).toEqual(['later']);
    expect(suggest(index, 'a', 100)).toHaveLength(SUGGEST_LIMIT);
  });

  it('ignores case, accents and punctuation, and treats a trailing space as a finished word', () => {
    expect(suggest(seed, 'DROPPOS PRE TRAINING').map((s) => s.title)).toEqual([
      'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
    ]);
    expect(suggest(seed, 'pred ').map((s) => s.title)).toEqual([
      'PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds',
    ]);
    // `pre ` is the finished word of `Pre-training`, which four titles hold; none starts with it.
    expect(suggest(seed, 'pre ')).toHaveLength(4);
    expect(suggest(seed, 'pre')[0]?.title).toMatch(/^PRED/);
  });

  it('also offers titles with a later word starting with the text', () => {
    const titles = suggest(bench, 'reconstruction').map((s) => s.title);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title.toLowerCase()).toMatch(/\breconstruction/);
    expect(suggest(bench, '')).toEqual([]);
  });
});
