import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planDigest } from '../../../src/core/digest/digest.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { LiveCorpus } from '../../../src/corpus/live/live-corpus.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { walkCorpus } from '../../../src/corpus/read/walk-corpus.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { FIXTURES, tempCorpus } from '../temp-corpus.js';

const ONE_PAPER = join(FIXTURES, 'same-work', 'one-paper');
const T0 = new Date('2025-06-02T06:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** A live corpus over `files`, built as openIndex builds it, its papers first seen at T0. */
async function setup(files: Record<string, string | Uint8Array>) {
  const root = await tempCorpus(files);
  const { entries } = await walkCorpus(root);
  const loaded = await loadCorpus(root);
  const index = SearchIndex.build(loaded.papers);
  const store = openSqliteStore(':memory:');
  stores.push(store);
  await store.papers.recordPapers(index.paperIds, T0);
  const now = { value: later(10) };
  const live = new LiveCorpus({ root, index, files: entries, store, clock: () => now.value });
  return { root, index, live, store, now };
}

const fixture = (name: string) => readFile(join(ONE_PAPER, name));
const OTHER = JSON.stringify({ _id: 'g1', title: 'Graph transformers for molecules', text: 'Graphs, studied.' });

describe('LiveCorpus: one paper per work', () => {
  it('a PDF dropped in joins the work it is, keeping its id and first-seen time, with its pages and links', async () => {
    const jsonl = `${(await fixture('nips2013.jsonl')).toString().trim()}\n${OTHER}\n`;
    const { root, index, live, store } = await setup({ 'nips2013.jsonl': jsonl });
    expect(index.paperCount).toBe(2);
    await writeFile(join(root, 'zero-shot-cross-modal.pdf'), await fixture('zero-shot-cross-modal.pdf'));
    const reload = await live.apply({ changed: ['zero-shot-cross-modal.pdf'], removed: [] });
    expect(reload).toMatchObject({ added: 0, replaced: 1, removed: 0 });
    expect(index.paperCount).toBe(2);
    const work = index.paperById('nips2013-3839')!;
    expect(work.pageStarts).toHaveLength(2);
    expect(work.merged).toEqual([
      {
        id: 'zero-shot-cross-modal-aec08efcf9',
        source: { file: 'zero-shot-cross-modal.pdf', line: 1 },
        rule: 'title-author',
      },
    ]);
    expect(work.links.map((l) => l.kind)).toEqual(['arxiv', 'page', 'pdf']);
    await live.idle();
    const seen = await store.papers.firstSeen();
    expect(seen.get('nips2013-3839')).toBe(T0.toISOString());
    expect(seen.has('zero-shot-cross-modal-aec08efcf9')).toBe(false);
  });

  it('a removed PDF leaves the work as its other paper alone', async () => {
    const { root, index, live } = await setup({
      'nips2013.jsonl': await fixture('nips2013.jsonl'),
      'zero-shot-cross-modal.pdf': await fixture('zero-shot-cross-modal.pdf'),
    });
    expect(index.paperCount).toBe(1);
    await rm(join(root, 'zero-shot-cross-modal.pdf'));
    const reload = await live.apply({ changed: [], removed: ['zero-shot-cross-modal.pdf'] });
    expect(reload).toMatchObject({ added: 0, replaced: 1, removed: 0 });
    const work = index.paperById('nips2013-3839')!;
    expect(work.merged).toBeUndefined();
    expect(work.pageStarts).toBeNull();
    expect(index.paperCount).toBe(1);
  });

  it('a .bib entry joining a work does not rename it; once its named paper goes, the work goes on, still not new', async () => {
    const { root, index, live, store, now } = await setup({
      'nips2013.jsonl': await fixture('nips2013.jsonl'),
      'zero-shot-cross-modal.pdf': await fixture('zero-shot-cross-modal.pdf'),
    });
    now.value = later(60);
    await writeFile(join(root, 'library.bib'), await fixture('library.bib'));
    const joined = await live.apply({ changed: ['library.bib'], removed: [] });
    expect(joined).toMatchObject({ added: 0, replaced: 1, removed: 0 });
    // The first paper in corpus order is the .bib entry, but the work keeps the id it was first seen under.
    expect(index.paperIds).toEqual(['nips2013-3839']);
    expect(index.paperById('nips2013-3839')!.merged!.map((m) => m.id)).toEqual([
      'socher2013zeroshot',
      'zero-shot-cross-modal-aec08efcf9',
    ]);

    now.value = later(90);
    await rm(join(root, 'nips2013.jsonl'));
    const left = await live.apply({ changed: [], removed: ['nips2013.jsonl'] });
    expect(left).toMatchObject({ added: 0, replaced: 1, removed: 0 });
    expect(index.paperIds).toEqual(['socher2013zeroshot']);
    await live.idle();
    const seen = await store.papers.firstSeen();
    expect(seen.get('socher2013zeroshot')).toBe(T0.toISOString());
    const plan = planDigest({
      subscription: { id: 1, topic: '', max: 5, createdAt: later(5).toISOString() },
      papers: index.papers,
      firstSeen: seen,
      lastDigest: { at: later(30).toISOString(), paperIds: ['nips2013-3839'] },
      shown: new Map([['nips2013-3839', later(30).toISOString()]]),
      now: later(120),
      corpusChangedAt: later(90).toISOString(),
    });
    // Not new: its first-seen time went on with it (what was shown went with the paper that left).
    expect(plan.section).toBe('archive');
    expect(plan.moreNew).toBe(0);
  });

  it('a sidecar saying two papers are distinct splits the work', async () => {
    const { root, index, live } = await setup({
      'nips2013.jsonl': await fixture('nips2013.jsonl'),
      'zero-shot-cross-modal.pdf': await fixture('zero-shot-cross-modal.pdf'),
    });
    await writeFile(join(root, 'zero-shot-cross-modal.meta.yaml'), 'distinct: [nips2013-3839]\n');
    const reload = await live.apply({ changed: ['zero-shot-cross-modal.meta.yaml'], removed: [] });
    expect(reload).toMatchObject({ added: 1, replaced: 1, removed: 0 });
    expect([...index.paperIds].sort()).toEqual(['nips2013-3839', 'zero-shot-cross-modal-aec08efcf9']);
    expect(index.paperById('nips2013-3839')!.merged).toBeUndefined();
  });
});
