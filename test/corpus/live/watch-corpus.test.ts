import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChangeCollector,
  isIgnoredPath,
  watchCorpus,
  type CorpusChanges,
  type CorpusWatcher,
} from '../../../src/corpus/live/watch-corpus.js';
import { tempCorpus } from '../temp-corpus.js';

const OPTIONS = { stableMs: 500, debounceMs: 200, pollMs: 100 };

describe('isIgnoredPath', () => {
  it('ignores hidden files and folders, node_modules, editor and download temporaries, and unknown types', () => {
    for (const file of [
      '.DS_Store',
      '.git/HEAD',
      'notes/.paper.md.swp',
      'notes/.#paper.md',
      'node_modules/x/readme.md',
      'paper.md~',
      '#paper.md#',
      'paper.pdf.part',
      'paper.pdf.crdownload',
      '4913',
      'table.csv',
    ]) {
      expect(isIgnoredPath(file), file).toBe(true);
    }
    for (const file of ['paper.pdf', 'notes/a.md', 'zotero.bib', 'x.meta.yaml', 'big.jsonl.gz']) {
      expect(isIgnoredPath(file), file).toBe(false);
    }
  });
});

describe('ChangeCollector', () => {
  it('does not hand over a half-written file until its size and time have held still for stableMs', async () => {
    const root = await tempCorpus({});
    const collector = new ChangeCollector(root, OPTIONS);
    await writeFile(join(root, 'copy.bib'), '@article{a, title={Half');
    collector.note('add', 'copy.bib', 0);
    expect(await collector.check(100)).toBeUndefined(); // first look: facts recorded
    // The copy goes on without the watcher saying so (events can be coalesced): the size tells.
    await appendFile(join(root, 'copy.bib'), ' written}, abstract={More text.}}\n');
    expect(await collector.check(600)).toBeUndefined(); // grew: the wait starts again at 600
    expect(await collector.check(1000)).toBeUndefined();
    expect(await collector.check(1100)).toEqual({ changed: ['copy.bib'], removed: [] });
    expect(collector.pending).toBe(0);
    expect(await collector.check(5000)).toBeUndefined();
  });

  it('restarts the wait on every event for the file', async () => {
    const root = await tempCorpus({ 'a.md': '# A\n' });
    const collector = new ChangeCollector(root, OPTIONS);
    collector.note('change', 'a.md', 0);
    await collector.check(100);
    collector.note('change', 'a.md', 400);
    expect(await collector.check(600)).toBeUndefined();
    expect(await collector.check(900)).toEqual({ changed: ['a.md'], removed: [] });
  });

  it('batches what became ready together, in corpus order, and drops ignored paths', async () => {
    const root = await tempCorpus({ 'b.md': '# B\n', 'a/c.md': '# C\n', 'a-d.md': '# D\n', 'x.csv': '1' });
    const collector = new ChangeCollector(root, OPTIONS);
    for (const file of ['b.md', 'a-d.md', 'a/c.md', 'x.csv', '.hidden.md']) collector.note('add', file, 0);
    collector.note('unlink', 'gone.pdf', 50);
    expect(collector.pending).toBe(4);
    expect(await collector.check(100)).toBeUndefined();
    expect(await collector.check(300)).toEqual({ changed: [], removed: ['gone.pdf'] });
    expect(await collector.check(500)).toEqual({ changed: ['a/c.md', 'a-d.md', 'b.md'], removed: [] });
  });

  it('waits out the debounce for removals, and an editor that removes then rewrites a file changes it', async () => {
    const root = await tempCorpus({ 'a.md': '# A\n' });
    const collector = new ChangeCollector(root, OPTIONS);
    collector.note('unlink', 'a.md', 0);
    expect(await collector.check(100)).toBeUndefined();
    collector.note('add', 'a.md', 150);
    expect(await collector.check(700)).toEqual({ changed: ['a.md'], removed: [] });
  });

  it('reports a file that vanished before it became stable as removed', async () => {
    const root = await tempCorpus({ 'a.md': '# A\n' });
    const collector = new ChangeCollector(root, OPTIONS);
    collector.note('add', 'a.md', 0);
    await rm(join(root, 'a.md'));
    expect(await collector.check(100)).toEqual({ changed: [], removed: ['a.md'] });
  });
});

describe('watchCorpus', () => {
  let watcher: CorpusWatcher | undefined;
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
  });

  /** Waits (bounded) until the batches seen so far satisfy `done`. */
  async function until(batches: CorpusChanges[], done: (all: CorpusChanges) => boolean): Promise<CorpusChanges> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const all = { changed: batches.flatMap((b) => b.changed), removed: batches.flatMap((b) => b.removed) };
      if (done(all)) return all;
      if (Date.now() > deadline) throw new Error(`watch test: timed out; saw ${JSON.stringify(all)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('reports added, changed, renamed and removed corpus files, in nested folders, and nothing else', async () => {
    const root = await tempCorpus({ 'old.md': '# Old\n', 'sub/keep.md': '# Keep\n', 'sub/gone.md': '# Gone\n' });
    const batches: CorpusChanges[] = [];
    watcher = watchCorpus(root, {
      onChanges: (changes) => void batches.push(changes),
      options: { stableMs: 60, debounceMs: 20, pollMs: 15 },
    });
    await watcher.ready;
    await writeFile(join(root, 'new.md'), '# New\n');
    await writeFile(join(root, 'sub', 'keep.md'), '# Keep, edited\n');
    await writeFile(join(root, '.hidden.md'), '# Hidden\n');
    await writeFile(join(root, 'notes.csv'), 'a,b\n');
    await mkdir(join(root, '.git'));
    await writeFile(join(root, '.git', 'x.md'), '# In git\n');
    await rm(join(root, 'sub', 'gone.md'));
    await writeFile(join(root, 'download.pdf.part'), 'half');
    await rename(join(root, 'download.pdf.part'), join(root, 'download.pdf'));
    const all = await until(batches, (seen) => seen.changed.length >= 3 && seen.removed.includes('sub/gone.md'));
    expect(new Set(all.changed)).toEqual(new Set(['new.md', 'sub/keep.md', 'download.pdf']));
    expect(all.removed).toEqual(['sub/gone.md']);
  });

  it('reports every file of a removed folder as removed', async () => {
    const root = await tempCorpus({ 'keep.md': '# Keep\n', 'lab/a.md': '# A\n', 'lab/deep/b.bib': '' });
    const batches: CorpusChanges[] = [];
    watcher = watchCorpus(root, {
      onChanges: (changes) => void batches.push(changes),
      options: { stableMs: 60, debounceMs: 20, pollMs: 15 },
    });
    await watcher.ready;
    await rm(join(root, 'lab'), { recursive: true });
    const all = await until(batches, (seen) => seen.removed.length >= 2);
    expect(all.changed).toEqual([]);
    expect(all.removed.sort()).toEqual(['lab/a.md', 'lab/deep/b.bib']);
  });

  it('hands batches over one at a time and keeps going when one fails', async () => {
    const root = await tempCorpus({});
    const errors: unknown[] = [];
    const batches: CorpusChanges[] = [];
    let running = 0;
    let overlapped = false;
    watcher = watchCorpus(root, {
      onChanges: async (changes) => {
        overlapped ||= running > 0;
        running++;
        batches.push(changes);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        if (changes.changed.includes('a.md')) throw new Error('live: cannot apply');
      },
      onError: (error) => errors.push(error),
      options: { stableMs: 20, debounceMs: 10, pollMs: 5 },
    });
    await watcher.ready;
    await writeFile(join(root, 'a.md'), '# A\n');
    await until(batches, (seen) => seen.changed.includes('a.md'));
    await writeFile(join(root, 'b.md'), '# B\n');
    await until(batches, (seen) => seen.changed.includes('b.md'));
    await watcher.close();
    expect(overlapped).toBe(false);
    expect(errors).toMatchObject([{ message: 'live: cannot apply' }]);
  });
});
