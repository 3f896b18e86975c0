import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkCorpus } from '../../../src/corpus/read/walk-corpus.js';
import {
  compareCorpusFiles,
  corpusFingerprint,
  fingerprintFiles,
  loadCorpus,
  readCorpusFiles,
} from '../../../src/corpus/read/load-corpus.js';
import { FIXTURES, tempCorpus } from '../temp-corpus.js';

const record = (id: string, title = `Paper ${id}`) => JSON.stringify({ _id: id, title, text: `Text of ${id}.` });

async function seedCorpus(extra: Record<string, string> = {}): Promise<string> {
  return tempCorpus({
    'seed/pre-training.txt': await readFile(join(FIXTURES, 'seed', 'pre-training.txt'), 'utf8'),
    'seed/pre-training.meta.json': await readFile(join(FIXTURES, 'seed', 'pre-training.meta.json'), 'utf8'),
    'other.jsonl': [record('a'), record('b')].join('\n') + '\n',
    ...extra,
  });
}

describe('readCorpusFiles', () => {
  it('reads one file alone exactly as the whole-corpus load does, sidecar applied', async () => {
    const root = await seedCorpus();
    const whole = await loadCorpus(root);
    const read = await readCorpusFiles(root, ['seed/pre-training.txt']);
    expect(read.files.map((f) => f.file)).toEqual(['seed/pre-training.txt']);
    const [file] = read.files;
    expect(file!.papers).toEqual(whole.papers.filter((p) => p.source.file === 'seed/pre-training.txt'));
    expect(file!.papers[2]!.title).toBe(
      'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
    );
    expect(file).toMatchObject({ format: 'text', complete: true, problems: [], warnings: [] });
    expect(read.sidecars.map((s) => s.file)).toEqual(['seed/pre-training.meta.json']);
    expect(read.missing).toEqual([]);
  });

  it('a changed sidecar re-reads the paper file beside it', async () => {
    const root = await seedCorpus();
    const read = await readCorpusFiles(root, ['seed/pre-training.meta.json']);
    expect(read.files.map((f) => [f.file, f.papers.length])).toEqual([['seed/pre-training.txt', 5]]);
  });

  it('names paper files that no longer exist, and reads nothing for them', async () => {
    const root = await seedCorpus();
    const read = await readCorpusFiles(root, ['gone.pdf', 'nested/gone.bib', 'notes.csv']);
    expect(read).toMatchObject({ files: [], missing: ['gone.pdf', 'nested/gone.bib'], problems: [] });
  });

  it('a line that cannot be read makes the file incomplete, with the problem naming file and line', async () => {
    const root = await seedCorpus({ 'bad.jsonl': `${record('x')}\n{"_id": "y", \n${record('z')}\n` });
    const [bad] = (await readCorpusFiles(root, ['bad.jsonl'])).files;
    expect(bad!.complete).toBe(false);
    expect(bad!.papers.map((p) => p.id)).toEqual(['x', 'z']);
    expect(bad!.problems).toMatchObject([
      { file: 'bad.jsonl', line: 2, message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it('a sidecar that cannot be applied makes its paper file incomplete; the sidecar names its own line', async () => {
    const root = await seedCorpus({ 'other.meta.yaml': 'papers:\n  a:\n    yeer: 2020\n' });
    const read = await readCorpusFiles(root, ['other.jsonl']);
    expect(read.files[0]!.complete).toBe(false);
    expect(read.problems).toMatchObject([{ file: 'other.meta.yaml', line: 3 }]);
  });

  it('duplicate ids within the read are problems, and leave the file complete', async () => {
    const root = await seedCorpus({ 'dup.jsonl': [record('d'), record('d', 'Again')].join('\n') + '\n' });
    const [dup] = (await readCorpusFiles(root, ['dup.jsonl'])).files;
    expect(dup!.complete).toBe(true);
    expect(dup!.papers.map((p) => p.title)).toEqual(['Paper d']);
    expect(dup!.problems).toEqual([
      { file: 'dup.jsonl', line: 2, message: 'duplicate id "d", first seen at dup.jsonl:1; kept the first' },
    ]);
  });

  it('reports sidecar keys that match no paper once every paper file beside it was read', async () => {
    const root = await seedCorpus({ 'other.meta.json': '{"papers": {"a": {"year": 2020}, "nope": {"year": 2021}}}' });
    const read = await readCorpusFiles(root, ['other.jsonl']);
    expect(read.files[0]!.papers[0]!.year).toBe(2020);
    expect(read.problems).toEqual([
      { file: 'other.meta.json', line: 1, message: 'metadata for "nope" matches no paper' },
    ]);
  });
});

describe('fingerprintFiles', () => {
  it('equals the fingerprint of the same files on disk, in the order the walk visits them', async () => {
    const root = await seedCorpus({ 'a/b.md': '# B\nText.\n', 'a-c.md': '# C\nText.\n', 'skip.csv': 'x' });
    const { entries } = await walkCorpus(root);
    const shuffled = [...entries].reverse();
    expect(fingerprintFiles(shuffled)).toBe(await corpusFingerprint(root));
    expect(['a-c.md', 'a/b.md'].sort(compareCorpusFiles)).toEqual(['a/b.md', 'a-c.md']);
  });
});
