import { describe, expect, it } from 'vitest';
import { mergeSameWorks, mergeWork } from '../../../src/core/paper/merge-papers.js';
import type { Paper } from '../../../src/core/paper/paper.js';

function paper(id: string, file: string, fields: Partial<Paper> = {}): Paper {
  return {
    id,
    title: 'LoRA: Low-Rank Adaptation of Large Language Models',
    text: 'We propose Low-Rank Adaptation.',
    topic: null,
    authors: ['Edward J. Hu'],
    year: 2022,
    venue: 'iclr',
    tags: [],
    moreTags: 0,
    links: [{ kind: 'search', url: `https://scholar.google.com/scholar?q=${id}`, label: 'search' }],
    source: { file, line: 1 },
    pageStarts: null,
    firstSeen: null,
    ...fields,
  };
}

const arxiv = (id: string) => ({ kind: 'arxiv' as const, url: `https://arxiv.org/abs/${id}`, label: `arXiv:${id}` });

/** Every order of a list (small lists only). */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('mergeSameWorks', () => {
  it('merges arXiv versions of one paper under the id of the first in corpus order', () => {
    const v1 = paper('a', 'a.bib', { title: 'LoRA', authors: [], links: [arxiv('2106.09685v1')] });
    const v2 = paper('b', 'b.jsonl', { title: 'LoRA (v2)', authors: [], links: [arxiv('2106.09685v2')] });
    const { papers, merges } = mergeSameWorks([v2, v1]);
    expect(papers.map((p) => p.id)).toEqual(['a']);
    expect(merges).toEqual([
      {
        id: 'a',
        title: 'LoRA',
        papers: [
          { id: 'a', source: { file: 'a.bib', line: 1 }, rule: null },
          { id: 'b', source: { file: 'b.jsonl', line: 1 }, rule: 'arxiv' },
        ],
      },
    ]);
  });

  it('gives the same papers and merges whatever the order of its input', () => {
    const input = [
      paper('bib', 'lib.bib', { links: [arxiv('2106.09685')] }),
      paper('pdf', 'lora.pdf', { authors: ['Hu, Edward'], pageStarts: [0], text: 'Full text.' }),
      paper('jsonl', 'iclr.jsonl', { authors: ['Someone Else'], venue: 'ICLR 2022' }),
      paper('other', 'iclr.jsonl', { title: 'Another paper', source: { file: 'iclr.jsonl', line: 2 } }),
    ];
    const byId = (list: Paper[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    const first = mergeSameWorks(input);
    // The jsonl paper joins by venue and year only (its first author differs); bib and pdf share Hu.
    for (const order of orders(input)) {
      const result = mergeSameWorks(order);
      expect(byId(result.papers)).toEqual(byId(first.papers));
      expect(result.merges).toEqual(first.merges);
    }
    expect(first.merges[0]!.papers.map((p) => [p.id, p.rule])).toEqual([
      ['jsonl', null],
      ['bib', 'title-author'],
      ['pdf', 'title-author'],
    ]);
  });

  it('keeps apart the papers a sidecar says are distinct, from either side', () => {
    const a = paper('a', 'a.jsonl');
    const b = paper('b', 'b.jsonl');
    expect(mergeSameWorks([a, b], { distinct: new Map([['a', ['b']]]) }).merges).toEqual([]);
    expect(mergeSameWorks([a, b], { distinct: new Map([['b', ['a']]]) }).merges).toEqual([]);
    expect(mergeSameWorks([a, b]).papers).toHaveLength(1);
  });

  it('lets a distinct pair block only the join it names', () => {
    const a = paper('a', 'a.jsonl');
    const b = paper('b', 'b.jsonl');
    const c = paper('c', 'c.jsonl');
    const { papers } = mergeSameWorks([a, b, c], { distinct: new Map([['a', ['c']]]) });
    expect(papers.map((p) => [p.id, (p.merged ?? []).map((m) => m.id)])).toEqual([
      ['a', ['b']],
      ['c', []],
    ]);
  });

  it('keeps the id of the paper seen first, so a paper joining a work never renames it', () => {
    const bib = paper('bib', 'a.bib', { links: [arxiv('2106.09685')] });
    const jsonl = paper('jsonl', 'b.jsonl', { links: [arxiv('2106.09685v2')] });
    const seen = new Map([['jsonl', '2026-11-01T00:00:00.000Z']]);
    const { papers, merges } = mergeSameWorks([bib, jsonl], { firstSeen: (id) => seen.get(id) });
    expect(papers.map((p) => [p.id, p.source.file])).toEqual([['jsonl', 'b.jsonl']]);
    expect(merges[0]!.papers.map((p) => [p.id, p.rule])).toEqual([
      ['jsonl', null],
      ['bib', 'arxiv'],
    ]);
    expect(papers[0]!.links.map((l) => l.url)).toEqual(['https://arxiv.org/abs/2106.09685']);
  });

  it('does not merge papers that only share a generic title', () => {
    const prefaces = [2010, 2011].map((year) =>
      paper(`acml${year}`, 'c.jsonl', { title: 'Preface', authors: ['Wee Sun Lee'], year, venue: 'acml' }),
    );
    expect(mergeSameWorks(prefaces).merges).toEqual([]);
  });

  it('keeps every paper in place when nothing is merged', () => {
    const input = [paper('a', 'a.jsonl', { title: 'One' }), paper('b', 'a.jsonl', { title: 'Two' })];
    expect(mergeSameWorks(input).papers).toEqual(input);
  });
});

describe('mergeWork', () => {
  const bib = paper('bib', 'lib.bib', {
    text: 'A short abstract.',
    authors: ['Edward J. Hu', 'Yelong Shen'],
    links: [arxiv('2106.09685')],
    firstSeen: '2026-11-02T00:00:00.000Z',
  });
  const pdf = paper('pdf', 'lora.pdf', {
    text: 'arXiv:2106.09685v2 [cs.CL] LoRA. Page two.',
    pageStarts: [0, 33],
    authors: [],
    year: null,
    venue: null,
    links: [arxiv('2106.09685v2'), { kind: 'code', url: 'https://github.com/microsoft/LoRA', label: 'code' }],
    firstSeen: '2026-11-01T00:00:00.000Z',
  });
  const page = paper('jsonl', 'iclr.jsonl', {
    links: [{ kind: 'page', url: 'https://openreview.net/forum?id=nZeVKeeFYf9', label: 'paper page' }],
  });

  it("keeps the first's id and source, the PDF's paged text, the longest author list, every link", () => {
    const merged = mergeWork([bib, pdf, page], ['arxiv', 'title-author']);
    expect(merged).toMatchObject({
      id: 'bib',
      source: { file: 'lib.bib', line: 1 },
      text: pdf.text,
      pageStarts: [0, 33],
      authors: ['Edward J. Hu', 'Yelong Shen'],
      year: 2022,
      venue: 'iclr',
    });
    expect(merged.links.map((l) => l.url)).toEqual([
      'https://arxiv.org/abs/2106.09685',
      'https://github.com/microsoft/LoRA',
      'https://openreview.net/forum?id=nZeVKeeFYf9',
    ]);
    expect(merged.merged).toEqual([
      { id: 'pdf', source: { file: 'lora.pdf', line: 1 }, rule: 'arxiv' },
      { id: 'jsonl', source: { file: 'iclr.jsonl', line: 1 }, rule: 'title-author' },
    ]);
  });

  it('keeps the earliest first-seen time, so a work merged with one already seen is not new', () => {
    expect(mergeWork([bib, pdf], ['arxiv']).firstSeen).toBe('2026-11-01T00:00:00.000Z');
  });

  it('keeps a search link only when no paper has another link', () => {
    const merged = mergeWork([paper('a', 'a.md'), paper('b', 'b.md')], ['title-author']);
    expect(merged.links).toEqual([paper('a', 'a.md').links[0]]);
  });
});
