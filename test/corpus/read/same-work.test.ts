import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../../src/corpus/open-index.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { FIXTURES, tempCorpus } from '../temp-corpus.js';

const SAME_WORK = join(FIXTURES, 'same-work');

describe('loadCorpus: one paper per work, on real duplicates of the paperlists corpus', () => {
  it('merges a workshop paper with its conference version, and one paper at two venues', async () => {
    const corpus = await loadCorpus(join(SAME_WORK, 'paperlists-duplicates.jsonl'));
    const merges = corpus.merged.map((m) => m.papers.map((p) => `${p.id}${p.rule ? ` ${p.rule}` : ''}`));
    expect(merges).toEqual([
      // ICLR 2013 (its workshop track) then NIPS 2013.
      ['iclr2013-qEV_E7oCrKqWT', 'nips2013-3839 title-author'],
      // ICRA 2005 and IROS 2005.
      ['icra2005-1570592', 'iros2005-1545379 title-author'],
      // Listed twice in ICRA 2010 under two first authors.
      ['icra2010-5509857', 'icra2010-5509241 title-venue'],
    ]);
    expect(corpus.papers).toHaveLength(15 - 3);
    expect(corpus.problems).toEqual([]);
  });

  it('keeps the links of both venues and the longer abstract', async () => {
    const corpus = await loadCorpus(join(SAME_WORK, 'paperlists-duplicates.jsonl'));
    const zeroShot = corpus.papers.find((p) => p.id === 'iclr2013-qEV_E7oCrKqWT')!;
    expect(zeroShot.links.map((l) => l.url)).toEqual([
      'https://nips.cc/virtual/2013/poster/3839',
      'https://papers.nips.cc/paper_files/paper/2013/file/2d6cc4b2d139a53512fb8cbb3086ae2e-Paper.pdf',
      'https://openreview.net/forum?id=qEV_E7oCrKqWT',
    ]);
    expect(zeroShot.text).toMatch(/^This work introduces a model/);
    expect(zeroShot.venue).toBe('iclr');
    expect(corpus.papers.filter((p) => p.title === 'Zero-Shot Learning Through Cross-Modal Transfer')).toHaveLength(1);
  });

  it('leaves apart a series of Preface pages, "Withdraw" placeholders, and one title by two swapped first authors', async () => {
    const corpus = await loadCorpus(join(SAME_WORK, 'paperlists-duplicates.jsonl'));
    const titles = corpus.papers.map((p) => p.title);
    expect(titles.filter((t) => t === 'Preface')).toHaveLength(3);
    expect(titles.filter((t) => t === 'Asian Conference on Machine Learning: Preface')).toHaveLength(2);
    expect(titles.filter((t) => /^withdraw$/i.test(t))).toHaveLength(2);
    expect(titles.filter((t) => t === 'Image Transformer')).toHaveLength(2);
  });

  it('merges the same paper as a .bib entry, a PDF and a JSON Lines line', async () => {
    const corpus = await loadCorpus(join(SAME_WORK, 'one-paper'));
    expect(corpus.papers).toHaveLength(1);
    const [paper] = corpus.papers;
    expect(paper).toMatchObject({ id: 'socher2013zeroshot', source: { file: 'library.bib', line: 1 } });
    expect(paper!.pageStarts).toHaveLength(2);
    expect(paper!.text).toContain('outlier');
    expect(paper!.merged).toEqual([
      { id: 'nips2013-3839', source: { file: 'nips2013.jsonl', line: 1 }, rule: 'title-author' },
      { id: 'zero-shot-cross-modal-aec08efcf9', source: { file: 'zero-shot-cross-modal.pdf', line: 1 }, rule: 'arxiv' },
    ]);
  });

  it('keeps two papers apart that a sidecar says are distinct, and warns of a distinct id that matches nothing', async () => {
    const root = await tempCorpus({
      'library.bib': await readFile(join(SAME_WORK, 'one-paper', 'library.bib')),
      'nips2013.jsonl': await readFile(join(SAME_WORK, 'one-paper', 'nips2013.jsonl')),
      'nips2013.meta.yaml': 'papers:\n  nips2013-3839:\n    distinct: [socher2013zeroshot, no-such-paper]\n',
    });
    const corpus = await loadCorpus(root);
    expect(corpus.papers.map((p) => p.id)).toEqual(['socher2013zeroshot', 'nips2013-3839']);
    expect(corpus.merged).toEqual([]);
    expect(corpus.warnings).toEqual([
      {
        file: 'nips2013.jsonl',
        line: 1,
        message: 'distinct: "no-such-paper" (kept apart from "nips2013-3839") matches no paper',
      },
    ]);
  });

  it('reports a distinct that is not a list of ids as bad metadata', async () => {
    const root = await tempCorpus({
      'a.md': '---\ntitle: A paper\n---\nText.\n',
      'a.meta.yaml': 'distinct: socher2013zeroshot\n',
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^bad metadata: distinct: /)]);
  });
});

describe('a merged paper in a snapshot', () => {
  it('comes back from the snapshot with its merged papers, text and pages', async () => {
    const files = ['library.bib', 'nips2013.jsonl', 'zero-shot-cross-modal.pdf'];
    const contents = await Promise.all(files.map((f) => readFile(join(SAME_WORK, 'one-paper', f))));
    const root = await tempCorpus(Object.fromEntries(files.map((f, i) => [`corpus/${f}`, contents[i]!])));
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const built = await openIndex(options);
    const loaded = await openIndex(options);
    expect(loaded.source).toBe('snapshot');
    expect(loaded.index.paperIds).toEqual(['socher2013zeroshot']);
    expect(loaded.index.paperById('socher2013zeroshot')).toEqual(built.index.paperById('socher2013zeroshot'));
    expect(loaded.index.paperById('socher2013zeroshot')!.merged).toHaveLength(2);
  });
});

describe('loadCorpus: first-seen times name a merged work', () => {
  it('keeps the id first seen, reading first-seen times only when papers merge', async () => {
    let reads = 0;
    const seen = new Map([['nips2013-3839', '2024-01-01T00:00:00.000Z']]);
    const firstSeen = () => {
      reads++;
      return Promise.resolve(seen);
    };
    const corpus = await loadCorpus(join(SAME_WORK, 'paperlists-duplicates.jsonl'), { firstSeen });
    expect(reads).toBe(1);
    expect(corpus.papers.some((p) => p.id === 'nips2013-3839')).toBe(true);
    expect(corpus.papers.some((p) => p.id === 'iclr2013-qEV_E7oCrKqWT')).toBe(false);

    const root = await tempCorpus({
      'one.jsonl': (await readFile(join(SAME_WORK, 'paperlists-duplicates.jsonl'), 'utf8')).split('\n')[0]!,
    });
    await loadCorpus(root, { firstSeen });
    expect(reads).toBe(1);
  });

  it('falls back to corpus order when first-seen times cannot be read', async () => {
    const corpus = await loadCorpus(join(SAME_WORK, 'paperlists-duplicates.jsonl'), {
      firstSeen: () => Promise.reject(new Error('store: out of reach')),
    });
    expect(corpus.papers.some((p) => p.id === 'iclr2013-qEV_E7oCrKqWT')).toBe(true);
  });
});
