import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { readLines } from '../../../src/corpus/read/read-lines.js';
import { tempCorpus } from '../temp-corpus.js';

const record = (id: string, title = `Paper ${id}`) => JSON.stringify({ _id: id, title, text: `Text of ${id}.` });
const GOOD_MD = '---\ntitle: Good Note\n---\nFine.\n';

describe('bad input is a problem naming the file and line; everything else loads', () => {
  it('a tag line before any paper', async () => {
    const root = await tempCorpus({
      'x.txt': 'topic\n- Europe > France (0.04)\nA Real Title\nIts text.\n',
      'good.md': GOOD_MD,
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([
      { file: 'x.txt', line: 2, message: 'tag line before any paper: "- Europe > France (0.04)"' },
    ]);
    expect(corpus.papers.map((p) => p.title)).toEqual(['Good Note', 'A Real Title']);
  });

  it('a tag line as the very first line', async () => {
    const corpus = await loadCorpus(await tempCorpus({ 'x.txt': '- Asia (0.1)\nTitle\nText.\n' }));
    expect(corpus.problems).toEqual([{ file: 'x.txt', line: 1, message: 'tag line before any paper: "- Asia (0.1)"' }]);
    expect(corpus.papers.map((p) => p.title)).toEqual(['Title']);
  });

  it('invalid JSON on line 812', async () => {
    const lines = Array.from({ length: 900 }, (_, i) => record(`d${i + 1}`));
    lines[811] = '{"_id": "d812", "title": "broken", ';
    const corpus = await loadCorpus(await tempCorpus({ 'big.jsonl': lines.join('\n') + '\n', 'good.md': GOOD_MD }));
    expect(corpus.problems).toHaveLength(1);
    expect(corpus.problems[0]).toMatchObject({ file: 'big.jsonl', line: 812 });
    expect(corpus.problems[0]!.message).toMatch(/^invalid JSON: /);
    expect(corpus.papers).toHaveLength(900);
    expect(corpus.papers.some((p) => p.id === 'd812')).toBe(false);
    expect(corpus.papers.find((p) => p.id === 'd813')!.source.line).toBe(813);
  });

  it('JSON that is not a BEIR record: no _id, not an object', async () => {
    const corpus = await loadCorpus(
      await tempCorpus({ 'x.jsonl': [JSON.stringify({ title: 'T', text: 'x' }), '[1, 2]', record('ok')].join('\n') }),
    );
    expect(corpus.problems).toEqual([
      { file: 'x.jsonl', line: 1, message: 'missing "_id"' },
      { file: 'x.jsonl', line: 2, message: 'not a JSON object' },
    ]);
    expect(corpus.papers.map((p) => p.id)).toEqual(['ok']);
  });

  it('front matter that is not YAML', async () => {
    const root = await tempCorpus({
      'bad.md': '---\ntitle: Fine\nauthors: [unclosed\n---\nBody.\n',
      'open.md': '---\ntitle: never closed\n',
      'list.md': '---\n- a\n- b\n---\nBody.\n',
      'good.md': GOOD_MD,
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems.map((p) => [p.file, p.line])).toEqual([
      ['bad.md', 3],
      ['list.md', 2],
      ['open.md', 1],
    ]);
    expect(corpus.problems[0]!.message).toMatch(/^front matter is not YAML: /);
    expect(corpus.problems[1]!.message).toBe('front matter is not a YAML mapping of fields');
    expect(corpus.problems[2]!.message).toBe('front matter opened with --- is never closed');
    expect(corpus.papers.map((p) => p.title)).toEqual(['Good Note']);
  });

  it('an empty title', async () => {
    const root = await tempCorpus({
      'x.jsonl': [
        record('a'),
        JSON.stringify({ _id: 'b', title: '  ', text: 'Orphan text.' }),
        JSON.stringify({ _id: 'd', title: '', text: '' }),
        record('c'),
      ].join('\n'),
      'y.md': '---\ntitle: ""\n---\nBody.\n',
      'z.md': 'No heading and no front matter.\n',
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([
      { file: 'x.jsonl', line: 3, message: 'empty title and text for "_id" "d"' },
      { file: 'y.md', line: 1, message: 'empty title in front matter; skipped' },
    ]);
    expect(corpus.warnings).toContainEqual({
      file: 'z.md',
      line: 1,
      message: 'no title: the front matter has no `title` and the text no `# heading`; titled "z" from the file name',
    });
    // A BEIR document with an empty title (NFCorpus has only those) loads, titled by its first words.
    expect(corpus.papers.map((p) => [p.id, p.title])).toEqual([
      ['a', expect.any(String)],
      ['b', 'Orphan text'],
      ['c', expect.any(String)],
      [expect.any(String), 'z'],
    ]);
    expect(corpus.warnings).toContainEqual({
      file: 'x.jsonl',
      line: 2,
      message: '1 document has an empty title; the first words of the text are used instead',
    });
  });

  it('a BEIR corpus with no titles at all loads every document, with one warning', async () => {
    const text = (n: number) =>
      `Dietary fibre and colon cancer risk in cohort ${n} of many adults over twenty years. More.`;
    const root = await tempCorpus({
      'nf.jsonl': [1, 2, 3].map((n) => JSON.stringify({ _id: `MED-${n}`, title: '', text: text(n) })).join('\n'),
    });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([]);
    expect(corpus.papers.map((p) => p.title)).toEqual(
      [1, 2, 3].map((n) => `Dietary fibre and colon cancer risk in cohort ${n} of many adults…`),
    );
    expect(corpus.warnings.filter((w) => w.file === 'nf.jsonl')).toHaveLength(1);
  });

  it('a title with no text', async () => {
    const corpus = await loadCorpus(
      await tempCorpus({ 'x.txt': 'topic\nLonely Title\n- Asia (0.1)\nNext Title\nText.\n' }),
    );
    expect(corpus.problems).toEqual([{ file: 'x.txt', line: 2, message: 'paper "Lonely Title" has no text; skipped' }]);
    expect(corpus.papers.map((p) => p.title)).toEqual(['Next Title']);
  });

  it('a 50 MB line', async () => {
    const huge = JSON.stringify({ _id: 'huge', title: 'Huge', text: 'x'.repeat(50 * 1024 * 1024) });
    const root = await tempCorpus({ 'x.jsonl': [record('before'), huge, record('after')].join('\n') + '\n' });
    const corpus = await loadCorpus(root);
    expect(corpus.problems).toEqual([
      { file: 'x.jsonl', line: 2, message: `line is too long (${huge.length.toLocaleString('en-US')} bytes); skipped` },
    ]);
    expect(corpus.papers.map((p) => p.id)).toEqual(['before', 'after']);
    expect(corpus.papers[1]!.source.line).toBe(3);
  });

  it('drops an over-long line while streaming instead of buffering it', async () => {
    const root = await tempCorpus({ 'x.txt': `short\n${'y'.repeat(10_000)}\nend` });
    const events = [];
    for await (const e of readLines(`${root}/x.txt`, { maxLineBytes: 100 })) events.push(e);
    expect(events).toEqual([
      { kind: 'line', line: 1, text: 'short' },
      { kind: 'too-long', line: 2, bytes: 10_000 },
      { kind: 'line', line: 3, text: 'end' },
    ]);
  });

  it('non-UTF-8 bytes, in a text export, a JSON Lines file and a sidecar', async () => {
    const latin1 = Buffer.from('topic\nA Title\nCaf\xe9 text in Latin-1.\nA Second Title\nGood text.\n', 'latin1');
    const jsonl = Buffer.concat([
      Buffer.from(record('a') + '\n'),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from(record('b') + '\n'),
    ]);
    const corpus = await loadCorpus(
      await tempCorpus({ 'x.txt': latin1, 'y.jsonl': jsonl, 'y.meta.json': Buffer.from([0x7b, 0xc3, 0x7d]) }),
    );
    expect(corpus.problems).toEqual([
      { file: 'y.meta.json', line: 1, message: 'not valid UTF-8 (byte 2 of the line)' },
      { file: 'x.txt', line: 3, message: 'line is not valid UTF-8 (bad byte at column 4); skipped' },
      { file: 'x.txt', line: 2, message: 'paper "A Title" has no readable text; skipped' },
      { file: 'y.jsonl', line: 2, message: 'line is not valid UTF-8 (bad byte at column 2); skipped' },
    ]);
    expect(corpus.papers.map((p) => p.title)).toEqual(['A Second Title', 'Paper a', 'Paper b']);
  });

  it('a truncated gzip file keeps the papers before the cut', async () => {
    const gz = gzipSync(Buffer.from(Array.from({ length: 2000 }, (_, i) => record(`d${i}`)).join('\n')));
    const corpus = await loadCorpus(await tempCorpus({ 'x.jsonl.gz': gz.subarray(0, Math.floor(gz.length / 2)) }));
    expect(corpus.problems).toHaveLength(1);
    expect(corpus.problems[0]!.file).toBe('x.jsonl.gz');
    expect(corpus.problems[0]!.message).toMatch(/^file cannot be read past this line: /);
    expect(corpus.papers.length).toBeGreaterThan(100);
  });

  it('a duplicate id across files names both places and keeps the first', async () => {
    const corpus = await loadCorpus(
      await tempCorpus({ 'a.jsonl': record('same', 'First'), 'b/c.jsonl': `\n${record('same', 'Second')}` }),
    );
    expect(corpus.problems).toEqual([
      { file: 'b/c.jsonl', line: 2, message: 'duplicate id "same", first seen at a.jsonl:1; kept the first' },
    ]);
    expect(corpus.papers.map((p) => p.title)).toEqual(['First']);
  });

  it('unknown file types are skipped with one warning each, not a problem; hidden files silently', async () => {
    const corpus = await loadCorpus(
      await tempCorpus({
        'notes.docx': 'x',
        'data/table.csv': 'a,b',
        '.DS_Store': 'x',
        '.git/HEAD': 'ref',
        'good.md': GOOD_MD,
      }),
    );
    expect(corpus.problems).toEqual([]);
    expect(corpus.warnings).toEqual([
      { file: 'data/table.csv', line: 0, message: 'unknown file type; skipped' },
      { file: 'notes.docx', line: 0, message: 'unknown file type; skipped' },
    ]);
    expect(corpus.papers).toHaveLength(1);
  });

  it('an invalid link in metadata is reported and left out', async () => {
    const line = JSON.stringify({ _id: 'a', title: 'T', text: 'x', metadata: { url: 'ftp://example.org/x', pdf: '' } });
    const corpus = await loadCorpus(await tempCorpus({ 'x.jsonl': line }));
    expect(corpus.problems).toEqual([
      { file: 'x.jsonl', line: 1, message: 'url is not a valid link: "ftp://example.org/x"' },
    ]);
    expect(corpus.papers[0]!.links.map((l) => l.kind)).toEqual(['search']);
  });
});
