import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { LiveCorpus } from '../../../src/corpus/live/live-corpus.js';
import { duplicateIdProblem, stemKey } from '../../../src/corpus/read/corpus-keys.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { walkCorpus } from '../../../src/corpus/read/walk-corpus.js';
import { tempCorpus } from '../temp-corpus.js';

const record = (id: string, title: string) => `${JSON.stringify({ _id: id, title, text: `${title}, in depth.` })}\n`;

/** A live corpus over the index of `files` as loaded whole. */
async function liveOver(
  files: Record<string, string>,
): Promise<{ root: string; live: LiveCorpus; index: SearchIndex }> {
  const root = await tempCorpus(files);
  const index = SearchIndex.build((await loadCorpus(root)).papers);
  const live = new LiveCorpus({ root, index, files: (await walkCorpus(root)).entries });
  return { root, live, index };
}

describe('corpus keys', () => {
  it('gives a paper file, its sidecar and its siblings of one folder one stem key, and other files none', () => {
    expect(stemKey('papers/mae.pdf')).toBe('papers/mae');
    expect(stemKey('papers/mae.meta.yaml')).toBe('papers/mae');
    expect(stemKey('papers/mae.jsonl.gz')).toBe('papers/mae');
    expect(stemKey('mae.md')).toBe('./mae');
    expect(stemKey('papers/old/mae.pdf')).not.toBe(stemKey('papers/mae.pdf'));
    expect(stemKey('papers/notes.docx')).toBeUndefined();
  });

  it('words a duplicate id alike when the whole corpus is loaded and when a file joins the live corpus', async () => {
    const files = { 'a.jsonl': record('g1', 'Graph transformers'), 'b/c.jsonl': record('g1', 'A copy') };
    const expected = duplicateIdProblem('g1', { file: 'b/c.jsonl', line: 1 }, { file: 'a.jsonl', line: 1 });
    expect(expected.message).toBe('duplicate id "g1", first seen at a.jsonl:1; kept the first');

    expect((await loadCorpus(await tempCorpus(files))).problems).toEqual([expected]);
    const { root, live } = await liveOver({ 'a.jsonl': files['a.jsonl'] });
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'b', 'c.jsonl'), files['b/c.jsonl']);
    expect((await live.apply({ changed: ['b/c.jsonl'], removed: [] })).problems).toEqual([expected]);
  });

  it('pairs a sidecar in a subfolder with the paper file of its stem key, loaded whole or joining live', async () => {
    const files = {
      'sub/x.jsonl': record('x1', 'Lidar completion'),
      'sub/x.meta.yaml': 'papers:\n  x1:\n    venue: CVPR 2022\n',
      'x.jsonl': record('x2', 'Another folder, same stem'),
    };
    const whole = (await loadCorpus(await tempCorpus(files))).papers;
    expect(whole.find((p) => p.id === 'x1')?.venue).toBe('CVPR 2022');
    expect(whole.find((p) => p.id === 'x2')?.venue).toBeNull();

    const { root, live, index } = await liveOver({ 'sub/x.jsonl': files['sub/x.jsonl'], 'x.jsonl': files['x.jsonl'] });
    await writeFile(join(root, 'sub/x.meta.yaml'), files['sub/x.meta.yaml']);
    await live.apply({ changed: ['sub/x.meta.yaml'], removed: [] });
    expect(index.paperById('x1')).toEqual(whole.find((p) => p.id === 'x1'));
    expect(index.paperById('x2')).toEqual(whole.find((p) => p.id === 'x2'));
  });
});
