import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask } from '../../src/core/answer.js';
import { openIndex } from '../../src/corpus/open-index.js';
import { snapshotPath } from '../../src/corpus/snapshot.js';
import { FIXTURES, tempCorpus } from './temp-corpus.js';

async function seedCopy(): Promise<string> {
  const files = ['pre-training.txt', 'pre-training.meta.json'];
  const contents = await Promise.all(files.map((f) => readFile(join(FIXTURES, 'seed', f))));
  return tempCorpus({ 'corpus/pre-training.txt': contents[0]!, 'corpus/pre-training.meta.json': contents[1]! });
}

const QUESTION = 'what mask ratio does PRED use for point-wise masking';

describe('openIndex', () => {
  it('builds and saves a snapshot, then loads it and answers exactly as the build did', async () => {
    const root = await seedCopy();
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const built = await openIndex(options);
    expect(built).toMatchObject({ source: 'built', staleReason: 'no snapshot yet', problems: [] });
    expect(built.saved && 'path' in built.saved && built.saved.path).toBe(snapshotPath(options.dataDir, options.corpus));
    expect((await stat(snapshotPath(options.dataDir, options.corpus))).size).toBeGreaterThan(0);

    const loaded = await openIndex(options);
    expect(loaded.source).toBe('snapshot');
    expect(ask(loaded.index, QUESTION)).toEqual(ask(built.index, QUESTION));
  });

  it('rebuilds when the corpus changes, so a new paper can be found', async () => {
    const root = await seedCopy();
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    await openIndex(options);
    await writeFile(
      join(root, 'corpus', 'new.jsonl'),
      '{"_id":"zebra","title":"Zebra Stripes as Camouflage","text":"We measure how zebra stripes confuse biting flies."}\n',
    );
    const reopened = await openIndex(options);
    expect(reopened).toMatchObject({ source: 'built', staleReason: 'the corpus changed since the snapshot was written' });
    const answer = ask(reopened.index, 'why do zebras have stripes');
    expect(answer.kind === 'answer' && answer.papers[0]?.paper.id).toBe('zebra');
    expect((await openIndex(options)).source).toBe('snapshot');
  });

  it('keeps one snapshot per corpus location', async () => {
    expect(snapshotPath('data', 'a')).not.toBe(snapshotPath('data', 'b'));
    expect(snapshotPath('data', 'a')).toBe(snapshotPath('data', './a'));
  });

  it('still answers when the snapshot cannot be written', async () => {
    const root = await seedCopy();
    await writeFile(join(root, 'data'), 'a file where the data folder should be');
    const opened = await openIndex({ corpus: join(root, 'corpus'), dataDir: join(root, 'data') });
    expect(opened.saved).toMatchObject({ error: expect.any(String) });
    expect(ask(opened.index, QUESTION).kind).toBe('answer');
  });
});
