import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFingerprint } from '../../src/corpus/read/load-corpus.js';
import { tempCorpus } from './temp-corpus.js';

describe('corpusFingerprint', () => {
  it('stays the same for unchanged inputs and changes when a paper or sidecar file changes', async () => {
    const root = await tempCorpus({
      'a.jsonl': '{"_id":"a","title":"A","text":"t"}\n',
      'a.meta.json': '{}',
      'x.csv': '1',
    });
    const first = await corpusFingerprint(root);
    expect(first).toMatch(/^corpus-v\d+:[0-9a-f]{32}$/);
    expect(await corpusFingerprint(root)).toBe(first);

    await writeFile(join(root, 'x.csv'), 'an unknown file does not count');
    expect(await corpusFingerprint(root)).toBe(first);

    const when = new Date('2030-01-01T00:00:00Z');
    await utimes(join(root, 'a.meta.json'), when, when);
    const touched = await corpusFingerprint(root);
    expect(touched).not.toBe(first);

    await writeFile(join(root, 'b.md'), '# New\nText.\n');
    expect(await corpusFingerprint(root)).not.toBe(touched);
  });

  it('fingerprints a single file too', async () => {
    const root = await tempCorpus({ 'a.jsonl': '{"_id":"a","title":"A","text":"t"}\n' });
    expect(await corpusFingerprint(join(root, 'a.jsonl'))).toMatch(/^corpus-v\d+:/);
  });
});
