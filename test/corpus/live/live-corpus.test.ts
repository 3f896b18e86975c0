import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ask } from '../../../src/core/answer/answer.js';
import { planDigest } from '../../../src/core/digest/digest.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { LiveCorpus, type LiveCorpusOptions } from '../../../src/corpus/live/live-corpus.js';
import { corpusFingerprint, loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { walkCorpus } from '../../../src/corpus/read/walk-corpus.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { makePdf, column } from '../make-pdf.js';
import { tempCorpus } from '../temp-corpus.js';

const T0 = new Date('2025-06-02T06:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const record = (id: string, title: string, text = `${title} is studied here in depth.`) =>
  JSON.stringify({ _id: id, title, text });
const lines = (...records: string[]) => records.join('\n') + '\n';

const BASE = {
  'graphs.jsonl': lines(
    record('g1', 'Graph transformers for molecules'),
    record('g2', 'Message passing on citation graphs'),
    record('g3', 'Spectral clustering of road networks'),
  ),
  'vision.md': '---\ntitle: Masked autoencoders for images\n---\nMasking most image patches works well.\n',
};

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

interface Setup {
  root: string;
  index: SearchIndex;
  live: LiveCorpus;
  store: Store;
  now: { value: Date };
}

/** Builds the index from a temp corpus, as openIndex would, and a live corpus over it. */
async function setup(
  files: Record<string, string | Uint8Array> = BASE,
  options: Partial<LiveCorpusOptions> = {},
): Promise<Setup> {
  const root = await tempCorpus(files);
  const { entries } = await walkCorpus(root);
  const loaded = await loadCorpus(root);
  const index = SearchIndex.build(loaded.papers);
  const store = openSqliteStore(':memory:');
  stores.push(store);
  await store.papers.recordPapers(index.paperIds, T0);
  const now = { value: later(10) };
  const live = new LiveCorpus({
    root,
    index,
    files: entries,
    problems: loaded.problems,
    store,
    clock: () => now.value,
    ...options,
  });
  return { root, index, live, store, now };
}

const titleOf = (index: SearchIndex, question: string): string | undefined => {
  const answer = ask(index, question);
  return answer.kind === 'answer' ? answer.papers[0]!.paper.title : undefined;
};

describe('LiveCorpus', () => {
  it('adds a new file’s papers: answered at once, first seen now, logged as a reload', async () => {
    const { root, index, live, store } = await setup();
    await writeFile(join(root, 'lidar.md'), '---\ntitle: Lidar point cloud completion\n---\nVoxel grids for lidar.\n');
    const reload = await live.apply({ changed: ['lidar.md'], removed: [] });
    expect(reload).toMatchObject({
      at: later(10).toISOString(),
      added: 1,
      replaced: 0,
      removed: 0,
      files: [{ file: 'lidar.md', added: 1, replaced: 0, removed: 0, kept: false }],
      problems: [],
    });
    expect(titleOf(index, 'lidar voxel completion')).toBe('Lidar point cloud completion');
    const id = index.idsOfFile('lidar.md')[0]!;
    await live.idle(); // store writes follow the reload
    expect((await store.papers.firstSeen()).get(id)).toBe(later(10).toISOString());
    expect(await store.reloads.last(root)).toEqual(reload);
    expect(live.lastReload).toEqual(reload);
    expect(live.changedAt).toBe(reload.at);
  });

  it('a file rewritten with the same papers changes nothing, and they stay as old as they were', async () => {
    const { root, index, live, store, now } = await setup();
    const ordinal = index.ordinalOf('g2');
    await writeFile(join(root, 'graphs.jsonl'), BASE['graphs.jsonl']);
    now.value = later(60);
    const reload = await live.apply({ changed: ['graphs.jsonl'], removed: [] });
    expect(reload).toMatchObject({ added: 0, replaced: 0, removed: 0 });
    expect(index.ordinalOf('g2')).toBe(ordinal);
    await live.idle(); // store writes follow the reload
    expect((await store.papers.firstSeen()).get('g2')).toBe(T0.toISOString());
    expect(live.changedAt).toBeUndefined();
  });

  it('replaces only the papers that changed, removes the ones gone from the file, adds the new ones', async () => {
    const { root, index, live } = await setup();
    const kept = index.ordinalOf('g1');
    await writeFile(
      join(root, 'graphs.jsonl'),
      lines(
        record('g1', 'Graph transformers for molecules'),
        record('g2', 'Message passing on citation graphs', 'Now about heterophily in citation graphs.'),
        record('g4', 'Graph rewiring against oversquashing'),
      ),
    );
    const reload = await live.apply({ changed: ['graphs.jsonl'], removed: [] });
    expect(reload).toMatchObject({
      added: 1,
      replaced: 1,
      removed: 1,
      files: [{ file: 'graphs.jsonl', added: 1, replaced: 1, removed: 1 }],
    });
    expect(index.ordinalOf('g1')).toBe(kept);
    expect(index.paperById('g3')).toBeUndefined();
    expect(index.paperById('g2')!.text).toBe('Now about heterophily in citation graphs.');
    expect(titleOf(index, 'heterophily')).toBe('Message passing on citation graphs');
    expect(titleOf(index, 'oversquashing rewiring')).toBe('Graph rewiring against oversquashing');
  });

  it('a removed file’s papers disappear from answers and from the digest', async () => {
    const { root, index, live, store } = await setup();
    expect(titleOf(index, 'masked autoencoders image patches')).toBe('Masked autoencoders for images');
    await rm(join(root, 'vision.md'));
    const reload = await live.apply({ changed: [], removed: ['vision.md'] });
    expect(reload).toMatchObject({ removed: 1, files: [{ file: 'vision.md', removed: 1 }] });
    expect(titleOf(index, 'masked autoencoders image patches')).toBeUndefined();
    const plan = planDigest({
      subscription: { id: 1, topic: '', max: 10, createdAt: later(-60).toISOString() },
      papers: index.papers,
      firstSeen: await store.papers.firstSeen(),
      lastDigest: null,
      shown: new Map(),
      now: later(20),
      corpusChangedAt: null,
    });
    expect(plan.items.map((i) => i.title)).not.toContain('Masked autoencoders for images');
    expect(plan.items).toHaveLength(3);
  });

  it('a file that no longer reads cleanly keeps its papers as they were; the rest of the batch applies', async () => {
    const { root, index, live } = await setup();
    await writeFile(
      join(root, 'graphs.jsonl'),
      lines(record('g1', 'Graph transformers for molecules, revised'), '{"_id": "g2", "title": "cut sh'),
    );
    await writeFile(join(root, 'lidar.md'), '---\ntitle: Lidar point cloud completion\n---\nVoxel grids for lidar.\n');
    const reload = await live.apply({ changed: ['graphs.jsonl', 'lidar.md'], removed: [] });
    expect(reload.files).toEqual([
      { file: 'graphs.jsonl', added: 0, replaced: 0, removed: 0, kept: true },
      { file: 'lidar.md', added: 1, replaced: 0, removed: 0, kept: false },
    ]);
    expect(reload.problems).toMatchObject([
      { file: 'graphs.jsonl', line: 2, message: expect.stringMatching(/^invalid JSON/) },
    ]);
    expect(index.paperById('g1')!.title).toBe('Graph transformers for molecules');
    expect(index.idsOfFile('graphs.jsonl')).toEqual(['g1', 'g2', 'g3']);
    expect(live.problems).toEqual(reload.problems);
    // The fingerprint still describes the version the index holds, so a snapshot now is not mistaken for the new file.
    expect(live.fingerprint()).not.toBe(await corpusFingerprint(root));

    await writeFile(join(root, 'graphs.jsonl'), lines(record('g1', 'Graph transformers for molecules, revised')));
    const fixed = await live.apply({ changed: ['graphs.jsonl'], removed: [] });
    expect(fixed).toMatchObject({ replaced: 1, removed: 2, problems: [] });
    expect(live.problems).toEqual([]);
    expect(live.fingerprint()).toBe(await corpusFingerprint(root));
  });

  it('a new file that is not a PDF at all is a problem and adds nothing', async () => {
    const { root, index, live } = await setup();
    const count = index.paperCount;
    await writeFile(join(root, 'broken.pdf'), '%PDF-1.7 this is not really a PDF');
    const reload = await live.apply({ changed: ['broken.pdf'], removed: [] });
    expect(reload.added).toBe(0);
    expect(reload.problems).toMatchObject([{ file: 'broken.pdf', line: 0 }]);
    expect(index.paperCount).toBe(count);
  });

  it('a paper whose id another file already gives is a problem and is left out', async () => {
    const { root, index, live } = await setup();
    await writeFile(join(root, 'copy.jsonl'), lines(record('g1', 'An impostor'), record('c1', 'Contrastive audio')));
    const reload = await live.apply({ changed: ['copy.jsonl'], removed: [] });
    expect(reload.added).toBe(1);
    expect(reload.problems).toEqual([
      { file: 'copy.jsonl', line: 1, message: 'duplicate id "g1", first seen at graphs.jsonl:1; kept the first' },
    ]);
    expect(index.paperById('g1')!.title).toBe('Graph transformers for molecules');
  });

  it('a paper left out as a duplicate joins once the file that had its id is removed, as after a restart', async () => {
    const { root, index, live } = await setup();
    await writeFile(join(root, 'copy.jsonl'), lines(record('g1', 'Graph transformers, the copy')));
    await live.apply({ changed: ['copy.jsonl'], removed: [] });
    expect(index.paperById('g1')!.source.file).toBe('graphs.jsonl');
    await rm(join(root, 'graphs.jsonl'));
    const removal = await live.apply({ changed: [], removed: ['graphs.jsonl'] });
    expect(removal.removed).toBe(3);
    await live.idle();
    expect(index.paperById('g1')).toMatchObject({
      title: 'Graph transformers, the copy',
      source: { file: 'copy.jsonl' },
    });
    expect(live.lastReload).toMatchObject({ added: 1, files: [{ file: 'copy.jsonl', added: 1 }], problems: [] });
    expect(live.problems).toEqual([]);
  });

  it('papers that move to another file in one batch are replaced, not removed and new again', async () => {
    const { root, index, live, store, now } = await setup();
    await rename(join(root, 'graphs.jsonl'), join(root, 'graphs-2025.jsonl'));
    now.value = later(30);
    const reload = await live.apply({ changed: ['graphs-2025.jsonl'], removed: ['graphs.jsonl'] });
    expect(reload).toMatchObject({ added: 0, replaced: 3, removed: 0 });
    expect(index.idsOfFile('graphs-2025.jsonl')).toEqual(['g1', 'g2', 'g3']);
    expect(index.idsOfFile('graphs.jsonl')).toEqual([]);
    await live.idle(); // store writes follow the reload
    expect((await store.papers.firstSeen()).get('g1')).toBe(T0.toISOString());
  });

  it('a changed sidecar re-reads its paper file and replaces the papers it describes', async () => {
    const { root, index, live } = await setup();
    await writeFile(join(root, 'vision.meta.yaml'), 'venue: CVPR 2022\nauthors: [Kaiming He, Xinlei Chen]\n');
    const reload = await live.apply({ changed: ['vision.meta.yaml'], removed: [] });
    expect(reload).toMatchObject({ replaced: 1, files: [{ file: 'vision.md', replaced: 1 }] });
    const paper = index.paperById(index.idsOfFile('vision.md')[0]!)!;
    expect(paper).toMatchObject({ venue: 'CVPR 2022', authors: ['Kaiming He', 'Xinlei Chen'] });

    await rm(join(root, 'vision.meta.yaml'));
    await live.apply({ changed: [], removed: ['vision.meta.yaml'] });
    expect(index.paperById(paper.id)!.venue).toBeNull();
    expect(live.fingerprint()).toBe(await corpusFingerprint(root));
  });

  it('a broken sidecar keeps the papers it described as they were', async () => {
    const { root, index, live } = await setup({ ...BASE, 'vision.meta.yaml': 'venue: CVPR 2022\n' });
    await writeFile(join(root, 'vision.meta.yaml'), 'venue: [CVPR\n');
    const reload = await live.apply({ changed: ['vision.meta.yaml'], removed: [] });
    expect(reload.files).toEqual([{ file: 'vision.md', added: 0, replaced: 0, removed: 0, kept: true }]);
    expect(reload.problems).toMatchObject([{ file: 'vision.meta.yaml' }]);
    expect(index.paperById(index.idsOfFile('vision.md')[0]!)!.venue).toBe('CVPR 2022');
  });

  it('applies a large file a batch at a time, letting the event loop run between batches', async () => {
    const seen: number[] = [];
    const served: { index?: SearchIndex } = {};
    const {
      root,
      live,
      index: built,
    } = await setup(BASE, {
      yieldTurn: async () => {
        seen.push(served.index!.paperCount);
        await new Promise((resolve) => setImmediate(resolve));
      },
      options: { batchSize: 200, updateBudgetMs: Infinity }, // fixed batches: the test must not depend on speed
    });
    served.index = built;
    const base = built.paperCount;
    const many = Array.from({ length: 450 }, (_, i) => record(`m${i}`, `Benchmark paper number ${i}`));
    await writeFile(join(root, 'many.jsonl'), lines(...many));
    const reload = await live.apply({ changed: ['many.jsonl'], removed: [] });
    expect(reload.added).toBe(450);
    // Reading yields too (papers validated a slice per turn); the index grows 200 papers per turn at most.
    expect(seen.filter((count) => count > base)).toEqual([base + 200, base + 400]);
    expect(seen.length).toBeGreaterThan(2);
    expect(built.paperCount).toBe(base + 450);
  });

  it('reports its progress while it runs (reading, then indexing paper by paper), and nothing once done', async () => {
    const seen: string[] = [];
    const served: { live?: LiveCorpus } = {};
    const { root, live } = await setup(BASE, {
      yieldTurn: async () => {
        const p = served.live!.indexing;
        seen.push(p ? `${p.stage} ${p.done}/${p.total} of ${p.files} file(s) since ${p.startedAt}` : 'none');
        await new Promise((resolve) => setImmediate(resolve));
      },
      options: { batchSize: 200, updateBudgetMs: Infinity },
    });
    served.live = live;
    expect(live.indexing).toBeUndefined();
    const many = Array.from({ length: 450 }, (_, i) => record(`m${i}`, `Benchmark paper number ${i}`));
    await writeFile(join(root, 'many.jsonl'), lines(...many));
    await live.apply({ changed: ['many.jsonl'], removed: [] });
    const since = later(10).toISOString();
    expect(seen).toContain(`reading 0/0 of 1 file(s) since ${since}`);
    expect(seen.filter((line) => line.startsWith('indexing'))).toEqual([
      `indexing 200/450 of 1 file(s) since ${since}`,
      `indexing 400/450 of 1 file(s) since ${since}`,
    ]);
    expect(live.indexing).toBeUndefined();
  });

  it('applies every paper whatever size the time budget makes the batches', async () => {
    const turns: number[] = [];
    const served: { index?: SearchIndex } = {};
    const { root, live, index } = await setup(BASE, {
      yieldTurn: async () => void turns.push(served.index!.paperCount),
      options: { batchSize: 200, updateBudgetMs: 1e-6 }, // every batch "too slow": the smallest batches
    });
    served.index = index;
    const base = index.paperCount;
    const many = Array.from({ length: 450 }, (_, i) => record(`m${i}`, `Benchmark paper number ${i}`));
    await writeFile(join(root, 'many.jsonl'), lines(...many));
    expect((await live.apply({ changed: ['many.jsonl'], removed: [] })).added).toBe(450);
    expect(index.idsOfFile('many.jsonl')).toHaveLength(450);
    const growth = turns.filter((count) => count > base);
    expect(growth[0]).toBe(base + 25); // the first batch is small until measured, the next ones shrink to the least
    expect(growth[1]).toBe(base + 35);
    await rm(join(root, 'many.jsonl'));
    expect((await live.apply({ changed: [], removed: ['many.jsonl'] })).removed).toBe(450);
    expect(index.paperCount).toBe(base);
  });

  it('reads a real PDF dropped into the corpus, pages and all', async () => {
    const { root, index, live } = await setup();
    const pdf = await makePdf(
      [
        { texts: column(['Quantum annealing for protein folding', 'We anneal proteins on qubits.'], 72, 700) },
        { texts: column(['The second page discusses decoherence at length.'], 72, 700) },
      ],
      { title: 'Quantum annealing for protein folding' },
    );
    await writeFile(join(root, 'quantum.pdf'), pdf);
    await live.apply({ changed: ['quantum.pdf'], removed: [] });
    const answer = ask(index, 'which page discusses decoherence');
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.papers[0]!.paper.title).toBe('Quantum annealing for protein folding');
    expect(answer.papers[0]!.sentence.page).toBe(2);
  });

  it('refreshes the snapshot once changes settle, with the fingerprint of what the index holds', async () => {
    const refreshed: string[] = [];
    const { root, live } = await setup(BASE, {
      refreshSnapshot: async (fingerprint) => void refreshed.push(fingerprint),
      options: { snapshotDelayMs: 60_000 },
    });
    await writeFile(join(root, 'a.md'), '# A\nText.\n');
    await live.apply({ changed: ['a.md'], removed: [] });
    await writeFile(join(root, 'b.md'), '# B\nText.\n');
    await live.apply({ changed: ['b.md'], removed: [] });
    expect(refreshed).toEqual([]); // debounced: nothing written while changes keep coming
    await live.close(); // a refresh that is due is written on the way out
    expect(refreshed).toEqual([await corpusFingerprint(root)]);
  });
});
