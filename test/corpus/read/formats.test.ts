import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { FIXTURES, tempCorpus } from '../temp-corpus.js';

const FORMATS = join(FIXTURES, 'formats');

describe('JSON Lines (BEIR layout)', () => {
  it('keeps each _id and reads SciFact records, which have no metadata', async () => {
    const corpus = await loadCorpus(join(FORMATS, 'scifact-sample.jsonl'));
    expect(corpus.problems).toEqual([]);
    expect(corpus.papers.map((p) => p.id)).toEqual(['4983', '5836', '7912']);
    const first = corpus.papers[0]!;
    expect(first.title).toBe(
      'Microstructural development of human newborn cerebral white matter assessed in vivo by diffusion tensor magnetic resonance imaging.',
    );
    expect(first.source).toEqual({ file: 'scifact-sample.jsonl', line: 1 });
    expect(first.links.map((l) => l.kind)).toEqual(['search']);
    expect(first.text.length).toBeGreaterThan(500);
  });

  it('reads url, pdf, authors, year and venue from metadata, gzip or not, to the same papers', async () => {
    const plain = await readFile(join(FORMATS, 'paperlists-sample.jsonl'));
    const root = await tempCorpus({ 'a/papers.jsonl.gz': gzipSync(plain) });
    const fromGzip = await loadCorpus(root);
    const fromPlain = await loadCorpus(join(FORMATS, 'paperlists-sample.jsonl'));
    expect(fromGzip.problems).toEqual([]);
    expect(fromGzip.files).toEqual([{ file: 'a/papers.jsonl.gz', papers: 2, format: 'jsonl' }]);
    expect(fromGzip.papers.map((p) => ({ ...p, source: null }))).toEqual(
      fromPlain.papers.map((p) => ({ ...p, source: null })),
    );
    const flash = fromGzip.papers[0]!;
    expect(flash).toMatchObject({ id: '3dv2025-05T81ScPFb', year: 2025, venue: '3dv', topic: null });
    expect(flash.authors.length).toBeGreaterThan(1);
    expect(flash.links[0]).toEqual({
      kind: 'page',
      url: 'https://openreview.net/forum?id=05T81ScPFb',
      label: 'paper page',
    });
    const aaai = fromGzip.papers[1]!;
    expect(aaai.links.map((l) => l.kind)).toEqual(['page', 'pdf']);
  });

  it('reports progress in bytes, ending at the total', async () => {
    const seen: Array<{ file: string; done: number; total: number }> = [];
    await loadCorpus(join(FORMATS, 'paperlists-sample.jsonl'), { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last.file).toBe('paperlists-sample.jsonl');
    expect(last.done).toBe(last.total);
    expect(last.total).toBe((await readFile(join(FORMATS, 'paperlists-sample.jsonl'))).length);
  });

  it('counts sidecars and every format in the progress total', async () => {
    const seen: Array<{ done: number; total: number }> = [];
    await loadCorpus(join(FORMATS, 'notes'), { onProgress: (p) => seen.push(p) });
    const last = seen.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(seen.every((p, i) => i === 0 || p.done >= seen[i - 1]!.done)).toBe(true);
  });
});

describe('Markdown with YAML front matter', () => {
  it('reads front matter fields and the body, with the sidecar adding links', async () => {
    const corpus = await loadCorpus(join(FORMATS, 'notes'));
    expect(corpus.problems).toEqual([]);
    const attention = corpus.papers[0];
    expect(attention).toMatchObject({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      year: 2017,
      venue: 'NeurIPS 2017',
      tags: [
        { path: ['Machine Learning', 'Transformers'], weight: null },
        { path: ['Sequence Models'], weight: 0.5 },
      ],
      source: { file: 'attention.md', line: 1 },
    });
    expect(attention!.text.startsWith('# Notes on the Transformer\n\nThe Transformer replaces')).toBe(true);
    expect(attention!.links.map((l) => l.url)).toEqual([
      'https://papers.nips.cc/paper/7181-attention-is-all-you-need',
      'https://arxiv.org/abs/1706.03762',
      'https://github.com/tensorflow/tensor2tensor',
    ]);
    expect(attention!.id).toMatch(/^attention-[0-9a-f]{10}$/);
    expect(corpus.files).toContainEqual({ file: 'attention.meta.yaml', papers: 1, format: 'sidecar' });
  });

  it('takes the title from the first heading when there is no front matter, and finds DOIs in the text', async () => {
    const dropout = (await loadCorpus(join(FORMATS, 'notes'))).papers[1]!;
    expect(dropout.title).toBe('Dropout: A Simple Way to Prevent Neural Networks from Overfitting');
    expect(dropout.source.line).toBe(1);
    expect(dropout.links).toEqual([
      { kind: 'doi', url: 'https://doi.org/10.5555/2627435.2670313', label: 'DOI 10.5555/2627435.2670313' },
    ]);
  });

  it('uses an id from the front matter when given', async () => {
    const root = await tempCorpus({ 'x.md': '---\nid: my-paper\ntitle: T\n---\nBody text.\n' });
    expect((await loadCorpus(root)).papers[0]!.id).toBe('my-paper');
  });
});

describe('sidecar metadata', () => {
  it('overrides and adds fields per paper of a multi-paper file, keyed by title line or _id', async () => {
    const plain = await readFile(join(FORMATS, 'paperlists-sample.jsonl'));
    const root = await tempCorpus({
      'set.jsonl': plain,
      'set.meta.yaml': [
        'venue: Some Venue',
        'papers:',
        '  3dv2025-05T81ScPFb:',
        '    title: Flash3D (renamed)',
        "    arxiv: '2406.04343'",
        '    code: https://github.com/eldar/flash3d',
        '  Online Task Assignment Problems with Reusable Resources:',
        '    year: 1999',
      ].join('\n'),
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([]);
    const [flash, other] = corpus.papers;
    expect(flash).toMatchObject({ id: '3dv2025-05T81ScPFb', title: 'Flash3D (renamed)', venue: 'Some Venue' });
    expect(flash!.links.map((l) => l.kind)).toEqual(['page', 'arxiv', 'code', 'url']);
    expect(other!.venue).toBe('Some Venue');
    expect(other!.year).toBe(1999);
  });

  it('reports a key that matches no paper, an unknown field and an unquoted YAML arXiv id, at their lines', async () => {
    const text = await readFile(join(FIXTURES, 'seed', 'pre-training.txt'));
    const root = await tempCorpus({
      'pre-training.txt': text,
      'pre-training.meta.yaml': [
        'papers:',
        '  No Such Paper:',
        '    year: 2020',
        '  "PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds":',
        '    yera: 2023',
      ].join('\n'),
      'b.txt': text,
      'b.meta.json':
        '{\n  "papers": {\n    "DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions": { "arxiv": 2309.0357 }\n  }\n}\n',
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems.map((p) => [p.file, p.line])).toEqual([
      ['b.meta.json', 3],
      ['pre-training.meta.yaml', 5],
      ['pre-training.txt', 14],
    ]);
    expect(corpus.problems[0]!.message).toMatch(/arxiv must be a string/);
    expect(corpus.problems[1]!.message).toMatch(/yera/);
    // The supplement's id is its hash, so the second copy is a duplicate: reported, the first kept.
    expect(corpus.problems[2]!.message).toBe(
      'duplicate id "f1c1592588411002af340cbaedd6fc33", first seen at b.txt:14; kept the first',
    );
    // A sidecar with errors is not applied; both exports still load in full.
    expect(corpus.papers).toHaveLength(9);
    expect(corpus.papers.filter((p) => p.id === 'f1c1592588411002af340cbaedd6fc33')).toHaveLength(1);
    const valid = await tempCorpus({
      'pre-training.txt': text,
      'pre-training.meta.yaml': 'papers:\n  No Such Paper:\n    year: 2020\n',
    });
    expect((await loadCorpus(valid)).problems).toEqual([
      { file: 'pre-training.meta.yaml', line: 2, message: 'metadata for "No Such Paper" matches no paper' },
    ]);
  });

  it('warns about a sidecar whose paper file does not exist', async () => {
    const root = await tempCorpus({ 'lonely.meta.json': '{"title": "x"}' });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([]);
    expect(corpus.warnings).toEqual([
      { file: 'lonely.meta.json', line: 0, message: 'metadata for a paper file that does not exist; unused' },
    ]);
  });
});
