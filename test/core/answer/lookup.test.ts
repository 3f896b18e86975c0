import { beforeAll, describe, expect, it } from 'vitest';
import { lookup, suggest, SUGGEST_LIMIT, SUGGESTION_MAX_CHARS } from '../../../src/core/answer/lookup.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import type { PaperLink } from '../../../src/core/paper/paper.js';
import { benchPapers, paper, seedPapers } from '../search-fixtures.js';

let seed: SearchIndex;
let bench: SearchIndex;

beforeAll(async () => {
  seed = SearchIndex.build(await seedPapers());
  bench = SearchIndex.build(await benchPapers());
});

const doiLink = (doi: string): PaperLink => ({ kind: 'doi', url: `https://doi.org/${doi}`, label: `DOI ${doi}` });
const arxivLink = (id: string): PaperLink => ({
  kind: 'arxiv',
  url: `https://arxiv.org/abs/${id}`,
  label: `arXiv:${id}`,
});

const titlesOf = (result: ReturnType<typeof lookup>) =>
  result.kind === 'found' ? result.papers.map((hit) => hit.paper.title) : [];

describe('lookup', () => {
  it('finds a paper by its id', () => {
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

  it('finds a paper by a method name its title, text or code repository defines', () => {
    const graphormer = lookup(seed, 'Graphormer');
    expect(titlesOf(graphormer)[0]).toMatch(/Graph Representation\? \(supplemental material\)$/);
    expect(graphormer.kind === 'found' && graphormer.papers[0]?.fields).toEqual(['names']);
    expect(titlesOf(lookup(seed, 'graphormr'))[0]).toMatch(/Graph Representation/);
    expect(titlesOf(lookup(seed, 'PRED'))[0]).toMatch(/^PRED:/);
  });

  it('returns no-match with close titles when nothing is named so', () => {
    expect(lookup(seed, 'zzyzx qwxv').kind).toBe('no-match');
  });

  it('answers an exact id, arXiv id or DOI with that paper alone', () => {
    const droppos = /^DropPos:/;
    for (const query of [
      '2309.03576',
      'arXiv:2309.03576',
      'arxiv:2309.03576v2',
      ' 2309.03576v1 ',
      'https://arxiv.org/abs/2309.03576',
      'http://arxiv.org/pdf/2309.03576v3.pdf',
    ]) {
      const result = lookup(seed, query);
      expect(titlesOf(result), query).toHaveLength(1);
      expect(titlesOf(result)[0], query).toMatch(droppos);
      expect(result.kind === 'found' && result.papers[0]?.fields, query).toEqual(['id']);
    }
    const id = seed.papers[2]!.id;
    expect(lookup(seed, id)).toMatchObject({ kind: 'found', papers: [{ paper: { id }, fields: ['id'] }] });
    expect(titlesOf(lookup(seed, id))).toHaveLength(1);
    expect(titlesOf(lookup(seed, '2309.03577'))).not.toContainEqual(expect.stringMatching(droppos));
  });

  it('finds DOIs in any case, with or without the resolver, and old-style arXiv ids', () => {
    const index = SearchIndex.build([
      {
        ...paper('doi-paper', 'Kernel Methods for Graphs', 'About kernels.'),
        links: [doiLink('10.1145/3292500.3330701')],
      },
      { ...paper('old-arxiv', 'A Note on Knots', 'About knots.'), links: [arxivLink('cs/0112017v1')] },
      { ...paper('10.5555/Self.Named', 'A Paper Named by Its DOI', 'Itself.') },
      paper('other', 'Kernel Methods Revisited', 'About kernels too.'),
    ]);
    for (const query of [
      '10.1145/3292500.3330701',
      'https://doi.org/10.1145/3292500.3330701',
      'DOI:10.1145/3292500.3330701',
    ]) {
      expect(lookup(index, query), query).toMatchObject({ kind: 'found', papers: [{ paper: { id: 'doi-paper' } }] });
      expect(titlesOf(lookup(index, query)), query).toHaveLength(1);
    }
    expect(titlesOf(lookup(index, 'arXiv:cs/0112017'))).toEqual(['A Note on Knots']);
    expect(titlesOf(lookup(index, 'https://arxiv.org/abs/cs/0112017v2'))).toEqual(['A Note on Knots']);
    expect(titlesOf(lookup(index, 'https://doi.org/10.5555/self.named'))).toEqual(['A Paper Named by Its DOI']);
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

  it('offers a paper for its arXiv id or a method name being typed, after the titles', () => {
    const title = (typed: string) => suggest(seed, typed).map((s) => s.title);
    expect(title('2309.035')).toEqual([
      'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
    ]);
    expect(title('arXiv:2311.04')).toEqual(['PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds']);
    expect(title('graphor')).toEqual([
      'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
    ]);
    expect(title('2309.9')).toEqual([]);
    // A title starting with the text comes before a paper named by it.
    expect(title('gra')[0]).toMatch(/Graph Representation/);
  });
});
