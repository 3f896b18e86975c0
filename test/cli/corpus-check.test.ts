import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { CorpusReload } from '../../src/core/paper/corpus-reload.js';
import { STORE_FILE } from '../../src/store/open-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { FIXTURES, tempCorpus } from '../corpus/temp-corpus.js';

interface FakeIo extends CliIo {
  out(): string;
  err(): string;
}

function fakeIo(cwd: string, tty = false): FakeIo {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  const stdin = new PassThrough();
  const collect = (stream: PassThrough) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    return () => Buffer.concat(parts).toString('utf8');
  };
  const out = collect(stdout);
  const err = collect(stderr);
  return { stdout, stderr, stdin, cwd, out, err };
}

describe('paperboy corpus check', () => {
  it('prints the seed papers by file with their chunks, and exits 0 with no problems', async () => {
    const io = fakeIo(FIXTURES);
    expect(await runCli(['corpus', 'check', 'seed'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('pre-training.txt  text  5 papers, 6 chunks');
    expect(out).toContain(
      'f1c1592588411002af340cbaedd6fc33  Do Transformers Really Perform Badly for Graph Representation?',
    );
    expect(out).toContain('https://github.com/PRED4pc/PRED');
    expect(out).toMatch(/corpus: 5 papers, 6 chunks, 0 problems, 0 warnings in seed\n$/);
    expect(io.err()).toBe('');
  });

  it('prints exactly one JSON object with --json', async () => {
    const io = fakeIo(FIXTURES);
    expect(await runCli(['corpus', 'check', join(FIXTURES, 'seed', 'pre-training.txt'), '--json'], io)).toBe(0);
    const result = JSON.parse(io.out()) as {
      papers: Array<{ id: string; title: string; links: Array<{ url: string }>; tags: unknown[]; moreTags: number }>;
      chunks: number;
      problems: unknown[];
    };
    expect(result.chunks).toBe(6);
    expect(result.problems).toEqual([]);
    expect(result.papers).toHaveLength(5);
    expect(result.papers[0]).toMatchObject({ moreTags: 2 });
    expect(result.papers[0]!.tags).toHaveLength(7);
    // A single file still finds its sidecar beside it.
    expect(result.papers[2]!.title).toBe(
      'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
    );
    expect(result.papers.every((p) => p.links.length > 0)).toBe(true);
  });

  it('exits 1 and lists problems by file when the corpus has any', async () => {
    const root = await tempCorpus({
      'x.txt': 'topic\n- Asia (0.1)\nTitle\nText.\n',
      'y.jsonl': '{"_id":"a","title":"A","text":"t"}\n{oops\n',
    });
    const io = fakeIo(root);
    expect(await runCli(['corpus', 'check', '.'], io)).toBe(1);
    expect(io.out()).toContain('  problem: x.txt:2: tag line before any paper: "- Asia (0.1)"');
    expect(io.out()).toMatch(/ {2}problem: y\.jsonl:2: invalid JSON: /);
    const json = fakeIo(root);
    expect(await runCli(['corpus', 'check', '--json'].concat(root), json)).toBe(1);
    const { problems } = JSON.parse(json.out()) as { problems: Array<{ file: string; line: number }> };
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['x.txt', 2],
      ['y.jsonl', 2],
    ]);
  });

  it('shows progress on a terminal stderr only, and exits 0 on warnings alone', async () => {
    const root = await tempCorpus({ 'a.jsonl': '{"_id":"a","title":"A","text":"t"}\n', 'b.csv': 'x' });
    const tty = fakeIo(root, true);
    expect(await runCli(['corpus', 'check'].concat(root), tty)).toBe(0);
    expect(tty.err()).toContain('corpus: reading a.jsonl 100%');
    expect(tty.out()).toContain('warning: b.csv: unknown file type; skipped');
  });

  it('reads CORPUS_DIR (default corpus/) relative to the working directory when no PATH is given', async () => {
    const io = fakeIo(new URL('../../', import.meta.url).pathname);
    expect(await runCli(['corpus', 'check', '--json'], io)).toBe(0);
    const { papers } = JSON.parse(io.out()) as { papers: Array<{ source: { file: string } }> };
    expect(papers.filter((p) => p.source.file === 'pre-training.txt')).toHaveLength(5);
  });

  it('rejects an unknown flag, two paths, or a missing path as usage errors', async () => {
    for (const args of [['--bogus'], ['a', 'b'], ['no-such-folder']]) {
      const io = fakeIo(FIXTURES);
      expect(await runCli(['corpus', 'check', ...args], io)).toBe(2);
      expect(io.err()).toContain('usage: paperboy corpus check [PATH] [--json]');
    }
  });

  it('shows what the last live reload of this corpus changed, from the store in DATA_DIR', async () => {
    const root = await tempCorpus({ 'a.jsonl': '{"_id":"a","title":"A","text":"t"}\n' });
    const data = await tempCorpus({});
    const store = openSqliteStore(join(data, STORE_FILE));
    const reload: CorpusReload = {
      at: '2025-06-02T06:30:00.000Z',
      added: 1,
      replaced: 0,
      removed: 2,
      files: [
        { file: 'a.jsonl', added: 1, replaced: 0, removed: 0, kept: false },
        { file: 'old.bib', added: 0, replaced: 0, removed: 2, kept: false },
        { file: 'bad.pdf', added: 0, replaced: 0, removed: 0, kept: true },
      ],
      problems: [
        { file: 'bad.pdf', line: 0, message: 'not a PDF (Invalid PDF structure)' },
        { file: 'a.jsonl', line: 9, message: 'invalid JSON' },
        { file: 'a.jsonl', line: 3, message: 'invalid JSON' },
      ],
    };
    await store.reloads.record(root, reload);
    await store.reloads.record(join(root, 'elsewhere'), { ...reload, added: 99 });
    await store.close();

    const io = fakeIo(root);
    expect(await runCli(['corpus', 'check', '.', '--data', data], io)).toBe(0);
    expect(io.out()).toContain(
      [
        'last live reload 2025-06-02T06:30:00.000Z: 1 paper added, 2 removed in 3 files; 1 file kept as before; 3 problems',
        '  a.jsonl: 1 paper added',
        '  old.bib: 2 papers removed',
        '  bad.pdf: not read cleanly; its papers are kept as they were',
        '  problem: a.jsonl:3: invalid JSON',
        '  problem: a.jsonl:9: invalid JSON',
        '  problem: bad.pdf: not a PDF (Invalid PDF structure)',
        '',
        'corpus: 1 paper',
      ].join('\n'),
    );
    const json = fakeIo(root);
    expect(await runCli(['corpus', 'check', '--json', '--data', data, root], json)).toBe(0);
    expect((JSON.parse(json.out()) as { lastReload: unknown }).lastReload).toEqual(reload);

    const none = fakeIo(root);
    expect(await runCli(['corpus', 'check', '--json', '--data', join(data, 'empty'), root], none)).toBe(0);
    expect((JSON.parse(none.out()) as { lastReload: unknown }).lastReload).toBeNull();
  });

  it('warns that a folder holds no papers, and exits 1', async () => {
    const root = await tempCorpus({});
    const io = fakeIo(root);
    expect(await runCli(['corpus', 'check', '.'], io)).toBe(1);
    expect(io.out()).toBe(
      'corpus: 0 papers, 0 chunks, 0 problems, 0 warnings in .\n' +
        'warning: . holds no papers: put .txt, .jsonl, .md, .pdf or .bib files in it (see docs/corpus.md)\n',
    );
  });
});
