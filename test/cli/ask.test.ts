import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { snapshotPath } from '../../src/corpus/snapshot.js';
import { FIXTURES, tempCorpus } from '../corpus/temp-corpus.js';

function fakeIo(cwd: string): CliIo & { out(): string; err(): string } {
  const collect = (stream: PassThrough) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    return () => Buffer.concat(parts).toString('utf8');
  };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, stdin: new PassThrough(), cwd, out: collect(stdout), err: collect(stderr) };
}

async function workspace(): Promise<string> {
  const files = ['pre-training.txt', 'pre-training.meta.json'];
  const contents = await Promise.all(files.map((f) => readFile(join(FIXTURES, 'seed', f))));
  return tempCorpus({ 'corpus/pre-training.txt': contents[0]!, 'corpus/pre-training.meta.json': contents[1]! });
}

const QUESTION = 'what mask ratio does PRED use for point-wise masking';

describe('paperboy ask / paper / index', () => {
  it('ask --json prints the structured answer: PRED, the 95% sentence, the code link', async () => {
    const io = fakeIo(await workspace());
    expect(await runCli(['ask', QUESTION, '--corpus', 'corpus', '--json'], io)).toBe(0);
    const answer = JSON.parse(io.out());
    expect(answer.kind).toBe('answer');
    expect(answer.papers[0].paper.title).toMatch(/^PRED:/);
    expect(answer.papers[0].sentence.text).toContain('(95%)');
    expect(answer.papers[0].links).toContainEqual(expect.objectContaining({ url: 'https://github.com/PRED4pc/PRED' }));
  });

  it.each([
    ['which paper uses occupancy prediction', 'no-match', undefined, ['occupancy', 'prediction']],
    ['which paper uses diffusion models', 'no-match', undefined, ['diffusion']],
    ['what batch size does DropPos use for pre-training', 'answer', 'DropPos:', ['batch', 'size']],
    ['how does DropPos avoid trivial solutions', 'answer', 'DropPos:', ['avoid', 'trivial', 'solutions']],
    [QUESTION, 'answer', 'PRED:', []],
  ] as const)('ask --json "%s" is %s, first paper %s, missing or unknown %j', async (question, kind, title, words) => {
    const io = fakeIo(await workspace());
    expect(await runCli(['ask', question, '--corpus', 'corpus', '--json'], io)).toBe(kind === 'answer' ? 0 : 1);
    const answer = JSON.parse(io.out());
    expect(answer.kind).toBe(kind);
    if (kind === 'no-match') {
      expect(answer.unknown).toEqual(words);
      expect(answer.suggestions.length).toBeGreaterThan(0);
    } else {
      expect(answer.papers[0].paper.title.startsWith(title)).toBe(true);
      expect(answer.papers[0].missing).toEqual(words);
    }
  });

  it('ask prints plain text when piped and exits 1 with suggestions when nothing matches', async () => {
    const io = fakeIo(await workspace());
    expect(await runCli(['ask', QUESTION, '--corpus', 'corpus'], io)).toBe(0);
    expect(io.out()).toContain('answer: We further enhance our model');
    const none = fakeIo(io.cwd);
    expect(await runCli(['ask', 'the capital of france', '--corpus', 'corpus'], none)).toBe(1);
    expect(none.out()).toContain('Papers you could ask about:');
  });

  it('rejects a missing question or a bad limit as usage errors', async () => {
    const io = fakeIo(await workspace());
    expect(await runCli(['ask', '--corpus', 'corpus'], io)).toBe(2);
    expect(await runCli(['ask', 'x', '--limit', 'zero', '--corpus', 'corpus'], io)).toBe(2);
    expect(await runCli(['ask', 'x', '--corpus', 'nowhere'], io)).toBe(2);
    expect(io.err()).toMatch(/paperboy ask: --corpus: ".*nowhere" does not exist\n/);
  });

  it('says on stderr that a damaged snapshot was rebuilt, naming the file, and answers all the same', async () => {
    const io = fakeIo(await workspace());
    expect(await runCli(['ask', QUESTION, '--corpus', 'corpus'], io)).toBe(0);
    expect(io.err()).toBe('');
    const path = snapshotPath(join(io.cwd, 'data'), join(io.cwd, 'corpus'));
    const bytes = await readFile(path);
    bytes.write('XXXX', 0);
    await writeFile(path, bytes);
    const again = fakeIo(io.cwd);
    expect(await runCli(['ask', QUESTION, '--corpus', 'corpus'], again)).toBe(0);
    expect(again.err()).toBe(
      `paperboy: snapshot ${path} was damaged (bad magic "XXXX", expected "PBIX"); rebuilt from the corpus\n`,
    );
    expect(again.out()).toContain('answer: We further enhance our model');
    const third = fakeIo(io.cwd);
    expect(await runCli(['ask', QUESTION, '--corpus', 'corpus'], third)).toBe(0);
    expect(third.err()).toBe('');
  });

  it('paper --json finds a paper by author', async () => {
    const io = fakeIo(await workspace());
    expect(await runCli(['paper', 'Takagi', '--corpus', 'corpus', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).papers[0].paper.authors).toEqual(['Shiro Takagi']);
  });

  it('paper finds a paper alone by its arXiv id in any form or its DOI, and by a method name it defines', async () => {
    const cwd = await workspace();
    // PRED's DOI as arXiv registered it, stated in the sidecar: a DOI in any case, with or without the resolver.
    const metaFile = join(cwd, 'corpus', 'pre-training.meta.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    meta.papers['PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds'].doi = '10.48550/arXiv.2311.04501';
    await writeFile(metaFile, JSON.stringify(meta));
    const titles = async (query: string) => {
      const io = fakeIo(cwd);
      expect(await runCli(['paper', query, '--corpus', 'corpus', '--json'], io), query).toBe(0);
      return JSON.parse(io.out()).papers.map((hit: { paper: { title: string } }) => hit.paper.title);
    };
    for (const query of ['2309.03576', 'arXiv:2309.03576v1', 'https://arxiv.org/abs/2309.03576']) {
      expect(await titles(query), query).toEqual([
        'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
      ]);
    }
    for (const query of ['10.48550/arXiv.2311.04501', 'https://doi.org/10.48550/ARXIV.2311.04501']) {
      expect(await titles(query), query).toEqual(['PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds']);
    }
    expect((await titles('Graphormer'))[0]).toBe(
      'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
    );
  });

  it('index writes the snapshot into DATA_DIR', async () => {
    const io = fakeIo(await workspace());
    expect(await runCli(['index', '--corpus', 'corpus'], io)).toBe(0);
    expect(io.out()).toMatch(
      /index: 5 papers, 6 chunks in [\d.]+ s\nindex: snapshot .*data\/index-[0-9a-f]{16}\.snapshot/,
    );
  });
});
