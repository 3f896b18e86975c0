import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask } from '../../src/core/answer/answer.js';
import { lookup, suggest } from '../../src/core/answer/lookup.js';
import { SEARCH_OPTIONS, SearchIndex } from '../../src/core/search/search-index.js';
import { corpusFingerprint, loadCorpus } from '../../src/corpus/read/load-corpus.js';
import { corpusReportPath } from '../../src/corpus/corpus-report.js';
import { COMPACT_MIN_CHANGES, openIndex, openNotices, refreshSnapshot } from '../../src/corpus/open-index.js';
import { changesPath, loadSnapshot, snapshotPath } from '../../src/corpus/snapshot.js';
import { FIXTURES, tempCorpus } from './temp-corpus.js';

async function seedCopy(): Promise<string> {
  const files = ['pre-training.txt', 'pre-training.meta.json'];
  const contents = await Promise.all(files.map((f) => readFile(join(FIXTURES, 'seed', f))));
  return tempCorpus({ 'corpus/pre-training.txt': contents[0]!, 'corpus/pre-training.meta.json': contents[1]! });
}

const NO_PROBLEMS = { problems: [], warnings: [] };
const QUESTION = 'what mask ratio does PRED use for point-wise masking';

describe('openIndex', () => {
  it('builds and saves a snapshot, then loads it and answers exactly as the build did', async () => {
    const root = await seedCopy();
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const built = await openIndex(options);
    expect(built).toMatchObject({ source: 'built', staleReason: 'no snapshot yet', problems: [] });
    expect(built.saved && 'path' in built.saved && built.saved.path).toBe(
      snapshotPath(options.dataDir, options.corpus),
    );
    expect((await stat(snapshotPath(options.dataDir, options.corpus))).size).toBeGreaterThan(0);

    const loaded = await openIndex(options);
    expect(loaded.source).toBe('snapshot');
    expect(ask(loaded.index, QUESTION)).toEqual(ask(built.index, QUESTION));
  });

  it('reads a loaded paper from the snapshot it was loaded from, even once a new save replaced the file', async () => {
    const root = await seedCopy();
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const built = await openIndex(options);
    const loaded = await openIndex(options);
    expect(loaded.source).toBe('snapshot');
    // Papers' text stays on disk until first used; a save renames a new file over the old one meanwhile.
    await openIndex({ ...options, rebuild: true });
    expect(loaded.index.papers).toEqual(built.index.papers);
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
    expect(reopened).toMatchObject({
      source: 'built',
      staleReason: 'the corpus changed since the snapshot was written',
    });
    const answer = ask(reopened.index, 'why do zebras have stripes');
    expect(answer.kind === 'answer' && answer.papers[0]?.paper.id).toBe('zebra');
    expect((await openIndex(options)).source).toBe('snapshot');
  });

  it('rebuilds, naming the file, when the snapshot header is damaged, and saves a good one', async () => {
    const root = await seedCopy();
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const path = snapshotPath(options.dataDir, options.corpus);
    await openIndex(options);
    const good = await readFile(path);
    const damaged = Buffer.from(good);
    damaged.write('[', 12); // the header's JSON opens as an array
    await writeFile(path, damaged);
    const reopened = await openIndex(options);
    expect(reopened).toMatchObject({ source: 'built', snapshotDamaged: true });
    expect(reopened.staleReason).toContain(`snapshot: ${path}: header is not JSON`);
    const notices = openNotices(reopened);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.startsWith(`snapshot ${path} was damaged (header is not JSON`)).toBe(true);
    expect(notices[0]).toMatch(/; rebuilt from the corpus$/);
    expect(await readFile(path)).toEqual(good);
    expect((await openIndex(options)).source).toBe('snapshot');

    await writeFile(path, good.subarray(0, 100));
    expect(await loadSnapshot(path, reopened.fingerprint)).toEqual({
      kind: 'stale',
      reason: expect.stringMatching(/^snapshot: .*: header of \d+ bytes is cut short \(the file has 100\)$/),
      damaged: true,
    });
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

const ZEBRA =
  '{"_id":"zebra","title":"Zebra Stripes as Camouflage","text":"We measure how zebra stripes confuse biting flies."}\n';
const ZEBRA_QUESTION = 'why do zebras have stripes';

/** Reads corpus file `file` as the watcher would, and applies it to the index in place. */
async function addFile(corpus: string, file: string, content: string, index: SearchIndex): Promise<void> {
  await writeFile(join(corpus, file), content);
  const papers = (await loadCorpus(corpus)).papers.filter((p) => p.source.file === file);
  index.update({ remove: index.idsOfFile(file), add: papers });
}

function expectSameAnswers(loaded: SearchIndex, expected: SearchIndex): void {
  expect(loaded.paperIds).toEqual(expected.paperIds);
  for (const question of [QUESTION, ZEBRA_QUESTION, 'masked autoencoders', 'zebra']) {
    expect(ask(loaded, question)).toEqual(ask(expected, question));
    expect(lookup(loaded, question)).toEqual(lookup(expected, question));
    expect(suggest(loaded, question.slice(0, 3))).toEqual(suggest(expected, question.slice(0, 3)));
  }
}

describe('openNotices', () => {
  it('says nothing of an index opened as planned, and one line for each thing worth a warning', () => {
    expect(openNotices({})).toEqual([]);
    expect(openNotices({ singleThread: 'Error: Cannot find module index-worker.js' })).toEqual([
      'indexed on one thread (worker threads could not start: Error: Cannot find module index-worker.js)',
    ]);
    expect(
      openNotices({
        snapshotDamaged: true,
        staleReason: 'snapshot: data/x.snapshot: bad magic "XXXX", expected "PBIX"',
      }),
    ).toEqual(['snapshot data/x.snapshot was damaged (bad magic "XXXX", expected "PBIX"); rebuilt from the corpus']);
  });
});

describe('refreshSnapshot', () => {
  it('writes only the changes next to an untouched snapshot, and the next start answers as the changed index', async () => {
    const root = await seedCopy();
    const corpus = join(root, 'corpus');
    const options = { corpus, dataDir: join(root, 'data') };
    const { index } = await openIndex(options);
    const path = snapshotPath(options.dataDir, corpus);
    const base = await readFile(path);

    await addFile(corpus, 'new.jsonl', ZEBRA, index);
    const refreshed = await refreshSnapshot({
      ...options,
      index,
      report: NO_PROBLEMS,
      fingerprint: await corpusFingerprint(corpus),
    });
    expect(refreshed).toMatchObject({ kind: 'changes', path: changesPath(path), removed: 0, added: 1 });
    expect(refreshed.kind === 'changes' && refreshed.bytes).toBeLessThan(2000);
    expect(await readFile(path)).toEqual(base);

    const reopened = await openIndex(options);
    expect(reopened.source).toBe('snapshot');
    const answer = ask(reopened.index, ZEBRA_QUESTION);
    expect(answer.kind === 'answer' && answer.papers[0]?.paper.id).toBe('zebra');
    expectSameAnswers(reopened.index, index);

    // The file goes again: the paper leaves the index, and the snapshot after the next refresh.
    await rm(join(corpus, 'new.jsonl'));
    index.update({ remove: index.idsOfFile('new.jsonl') });
    await refreshSnapshot({ ...options, index, report: NO_PROBLEMS, fingerprint: await corpusFingerprint(corpus) });
    const again = await openIndex(options);
    expect(again.source).toBe('snapshot');
    expect(again.index.paperById('zebra')).toBeUndefined();
    expectSameAnswers(again.index, index);
  });

  it('writes the whole snapshot when the file on disk is not the base of this index', async () => {
    const root = await seedCopy();
    const corpus = join(root, 'corpus');
    const options = { corpus, dataDir: join(root, 'data') };
    const index = SearchIndex.build((await loadCorpus(corpus)).papers);
    await addFile(corpus, 'new.jsonl', ZEBRA, index);
    const fingerprint = await corpusFingerprint(corpus);
    expect(await refreshSnapshot({ ...options, index, report: NO_PROBLEMS, fingerprint })).toMatchObject({
      kind: 'whole',
    });
    // From then on the file holds this index's base, so a refresh writes the changes only.
    expect(await refreshSnapshot({ ...options, index, report: NO_PROBLEMS, fingerprint })).toMatchObject({
      kind: 'changes',
      added: 1,
    });
    const reopened = await openIndex(options);
    expect(reopened.source).toBe('snapshot');
    expectSameAnswers(reopened.index, index);
  });

  it('writes refreshes of one snapshot in the order they were asked for, each as the index was then', async () => {
    const root = await seedCopy();
    const corpus = join(root, 'corpus');
    const options = { corpus, dataDir: join(root, 'data') };
    const { index } = await openIndex(options);
    await addFile(corpus, 'new.jsonl', ZEBRA, index);
    const first = refreshSnapshot({ ...options, index, report: NO_PROBLEMS, fingerprint: 'corpus-test:first' });
    await addFile(corpus, 'more.jsonl', ZEBRA.replace('"zebra"', '"okapi"').replace(/Zebra|zebra/g, 'Okapi'), index);
    const second = refreshSnapshot({ ...options, index, report: NO_PROBLEMS, fingerprint: 'corpus-test:second' });
    expect([(await first).kind, (await second).kind]).toEqual(['changes', 'changes']);
    const path = snapshotPath(options.dataDir, corpus);
    const read = await loadSnapshot(path, 'corpus-test:second');
    expect(read.kind === 'loaded' && read.index.paperIds.slice(-2)).toEqual(['zebra', 'okapi']);
    expect((await loadSnapshot(path, 'corpus-test:first')).kind).toBe('stale');
  });
});

describe('openIndex with a changed snapshot', () => {
  it('indexes afresh at start-up a snapshot whose changes outgrew its base, and saves it whole', async () => {
    const root = await seedCopy();
    const corpus = join(root, 'corpus');
    const options = { corpus, dataDir: join(root, 'data') };
    const { index } = await openIndex(options);
    const lines = Array.from(
      { length: COMPACT_MIN_CHANGES + 1 },
      (_, i) =>
        `{"_id":"p${i}","title":"Generated Paper ${i}","text":"Paper ${i} studies topic ${i % 17} in depth."}\n`,
    );
    await addFile(corpus, 'many.jsonl', lines.join(''), index);
    await refreshSnapshot({ ...options, index, report: NO_PROBLEMS, fingerprint: await corpusFingerprint(corpus) });

    const compacted = await openIndex(options);
    expect(compacted).toMatchObject({ source: 'snapshot', compacted: true });
    expect(compacted.index.changes()).toEqual({ removed: [], added: [] });
    expectSameAnswers(compacted.index, index);
    await expect(stat(changesPath(snapshotPath(options.dataDir, corpus)))).rejects.toThrow();
    const next = await openIndex(options);
    expect(next.source).toBe('snapshot');
    expect(next.compacted).toBeUndefined();
    expect(next.index.paperCount).toBe(index.paperCount);
  });
});

describe('snapshot files in DATA_DIR', () => {
  it('keeps one snapshot per corpus however often its files and options change, and deletes only our leftovers', async () => {
    const root = await seedCopy();
    const corpus = join(root, 'corpus');
    const dataDir = join(root, 'data');
    const path = snapshotPath(dataDir, corpus);
    const { index } = await openIndex({ corpus, dataDir });
    await addFile(corpus, 'new.jsonl', ZEBRA, index);
    await refreshSnapshot({ corpus, dataDir, index, report: NO_PROBLEMS, fingerprint: 'corpus-test:changed' });
    const name = basename(path);
    const dead = 99_999_999; // above any pid_max: no such process
    const ours = [`${name}.${dead}.1.tmp`, `${name}.changes.${dead}.2.tmp`, `${name}.report.json.${dead}.3.tmp`];
    const kept = [
      `${name}.${process.ppid}.4.tmp`, // a write in progress in a running process
      'index-0123456789abcdef.snapshot', // another corpus's
      'index-0123456789abcdef.snapshot.77.1.tmp', // and what a crash left of it
      'notes.txt',
      'paperboy.sqlite',
    ];
    for (const file of [...ours, ...kept]) await writeFile(join(dataDir, file), 'x');
    const before = (await readdir(dataDir)).sort();
    expect(before).toEqual(expect.arrayContaining([name, changesPath(name), corpusReportPath(name)]));

    await writeFile(join(corpus, 'more.jsonl'), ZEBRA.replaceAll('zebra', 'okapi'));
    const rebuilt = await openIndex({ corpus, dataDir, options: { ...SEARCH_OPTIONS, correctedWeight: 0.4 } });
    expect(rebuilt.source).toBe('built');
    expect((await readdir(dataDir)).sort()).toEqual([name, corpusReportPath(name), ...kept].sort());
  });
});
