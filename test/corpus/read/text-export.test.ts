import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkPaper, splitSentences } from '../../../src/core/search/text/chunk.js';
import { PaperSchema } from '../../../src/core/paper/paper.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { FIXTURES, tempCorpus } from '../temp-corpus.js';

const SEED = join(FIXTURES, 'seed');
const TITLES = [
  'On the Asymptotics of Self-Supervised Pre-training: Two-Stage M-Estimation and Representation Symmetry',
  'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
  'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
  'PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds',
  'On the Effect of Pre-training for Transformer in Different Modality on Offline Reinforcement Learning',
];
const SUPPLEMENT = 'f1c1592588411002af340cbaedd6fc33';

describe('the seed export with its metadata', () => {
  it('reads exactly the five seed papers, in order, with no problems', async () => {
    const corpus = await loadCorpus(SEED);
    expect(corpus.problems).toEqual([]);
    expect(corpus.warnings).toEqual([]);
    expect(corpus.papers.map((p) => p.title)).toEqual(TITLES);
    expect(corpus.files).toEqual([
      { file: 'pre-training.txt', papers: 5, format: 'text' },
      { file: 'pre-training.meta.json', papers: 5, format: 'sidecar' },
    ]);
    for (const paper of corpus.papers) {
      expect(PaperSchema.parse(paper)).toEqual(paper);
      expect(paper.topic).toBe('pre-training');
      expect(paper.firstSeen).toBeNull();
    }
  });

  it('keeps place tags with weights and the "(2 more...)" count', async () => {
    const [first, second, supplement, pred, last] = (await loadCorpus(SEED)).papers;
    expect(first!.tags).toHaveLength(7);
    expect(first!.moreTags).toBe(2);
    expect(first!.tags[0]).toEqual({
      path: ['North America', 'United States', 'Minnesota', 'Hennepin County', 'Minneapolis'],
      weight: 0.14,
    });
    expect(first!.tags[3]!.path).toEqual([
      'Europe',
      'Romania',
      'Sud - Muntenia Development Region',
      'Giurgiu County',
      'Giurgiu',
    ]);
    expect(supplement!.tags).toHaveLength(4);
    expect(supplement!.moreTags).toBe(0);
    expect(supplement!.tags.at(-1)).toEqual({ path: ['Europe', 'Austria', 'Styria', 'Graz'], weight: 0.04 });
    for (const paper of [second!, pred!, last!]) expect(paper.tags).toEqual([]);
  });

  it('keeps the supplement hash as its id and takes its title from the metadata', async () => {
    const supplement = (await loadCorpus(SEED)).papers[2]!;
    expect(supplement.id).toBe(SUPPLEMENT);
    expect(supplement.title).toBe(TITLES[2]);
    expect(supplement.source).toEqual({ file: 'pre-training.txt', line: 14 });
    expect(supplement.text.startsWith('Figure 2: These two graphs')).toBe(true);
  });

  it('links every paper to its real page first, then arXiv and code, with the metadata facts', async () => {
    const papers = (await loadCorpus(SEED)).papers;
    expect(papers.map((p) => p.links[0]!.url)).toEqual([
      'https://proceedings.mlr.press/v336/tinati26a.html',
      'https://papers.nips.cc/paper_files/paper/2023/hash/9098e2901b4eb54772f83535f89cb8ac-Abstract-Conference.html',
      'https://papers.nips.cc/paper_files/paper/2021/hash/f1c1592588411002af340cbaedd6fc33-Abstract.html',
      'https://arxiv.org/abs/2311.04501',
      'https://openreview.net/forum?id=9GXoMs__ckJ',
    ]);
    const pred = papers[3]!;
    // Its metadata URL is its arXiv page, and the code repository it names in its text appears once.
    expect(pred.links.map((l) => [l.kind, l.url])).toEqual([
      ['page', 'https://arxiv.org/abs/2311.04501'],
      ['code', 'https://github.com/PRED4pc/PRED'],
    ]);
    expect(papers[1]!.links.map((l) => l.kind)).toEqual(['page', 'arxiv', 'code']);
    expect(papers[0]!.authors).toEqual(['Mohammad Tinati', 'Stephen Tu']);
    expect(papers[4]).toMatchObject({ year: 2022, venue: 'NeurIPS 2022', authors: ['Shiro Takagi'] });
    expect(papers.every((p) => p.links.every((l) => l.kind !== 'search'))).toBe(true);
  });

  it('cuts every paper into chunks that cover every sentence at exact offsets', async () => {
    for (const paper of (await loadCorpus(SEED)).papers) {
      const chunks = chunkPaper(paper);
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) expect(paper.text.slice(c.start, c.end)).toBe(c.text);
      for (const s of splitSentences(paper.text)) {
        expect(chunks.some((c) => c.start <= s.start && s.end <= c.end)).toBe(true);
      }
    }
  });

  it('the shipped corpus/ folder is the seed: five papers, no problems', async () => {
    const corpus = await loadCorpus(new URL('../../../corpus/', import.meta.url).pathname);
    expect(corpus.problems).toEqual([]);
    expect(corpus.papers.slice(0, 5).map((p) => p.title)).toEqual(TITLES);
  });
});

describe('the export without metadata', () => {
  it('gives the supplement a readable supplement title and still links every paper', async () => {
    const text = await readFile(join(SEED, 'pre-training.txt'));
    const root = await tempCorpus({ 'pre-training.txt': text });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([]);
    const supplement = corpus.papers[2]!;
    expect(supplement.id).toBe(SUPPLEMENT);
    expect(supplement.title).toBe(`Supplemental material (${SUPPLEMENT}-Supplemental.pdf)`);
    expect(supplement.links).toEqual([
      { kind: 'search', url: `https://scholar.google.com/scholar?q=${SUPPLEMENT}`, label: 'search Google Scholar' },
    ]);
    // PRED names its code repository in its abstract.
    expect(corpus.papers[3]!.links).toEqual([
      { kind: 'code', url: 'https://github.com/PRED4pc/PRED', label: 'code (github.com/PRED4pc/PRED)' },
    ]);
    expect(corpus.papers[0]!.links[0]!.url).toBe(
      `https://scholar.google.com/scholar?q=${encodeURIComponent(TITLES[0]!)}`,
    );
  });

  it('gives the same ids on every run, and ids that follow the file and title', async () => {
    const text = await readFile(join(SEED, 'pre-training.txt'));
    const a = await loadCorpus(await tempCorpus({ 'pre-training.txt': text }));
    const b = await loadCorpus(await tempCorpus({ 'pre-training.txt': text }));
    const renamed = await loadCorpus(await tempCorpus({ 'other.txt': text }));
    expect(a.papers.map((p) => p.id)).toEqual(b.papers.map((p) => p.id));
    expect(a.papers[1]!.id).toMatch(/^droppos-pre-training-vision-transformers-by-reco-[0-9a-f]{10}$/);
    expect(renamed.papers[1]!.id).not.toBe(a.papers[1]!.id);
    // The supplement is its hash wherever it is.
    expect(renamed.papers[2]!.id).toBe(SUPPLEMENT);
    expect(new Set(a.papers.map((p) => p.id)).size).toBe(5);
  });

  it('joins several paragraphs of one paper and tells a title from a paragraph', async () => {
    const root = await tempCorpus({
      'export.txt': [
        'graphs',
        'A First Paper About Graphs',
        'The first paragraph ends with a sentence.',
        '',
        'A second paragraph continues the same paper and also ends properly.',
        'A Second Paper Title Without Period',
        'Its only paragraph.',
        '- Graphs (0.5)',
        '- Untitled tag without weight',
      ].join('\n'),
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([]);
    expect(corpus.papers.map((p) => p.title)).toEqual([
      'A First Paper About Graphs',
      'A Second Paper Title Without Period',
    ]);
    expect(corpus.papers[0]!.text).toBe(
      'The first paragraph ends with a sentence.\n\nA second paragraph continues the same paper and also ends properly.',
    );
    expect(corpus.papers[1]!.tags).toEqual([
      { path: ['Graphs'], weight: 0.5 },
      { path: ['Untitled tag without weight'], weight: null },
    ]);
    expect(corpus.papers[1]!.source.line).toBe(6);
  });
});
