import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { FIXTURES, tempCorpus } from '../corpus/temp-corpus.js';

async function workspace(): Promise<string> {
  const files = ['pre-training.txt', 'pre-training.meta.json'];
  const contents = await Promise.all(files.map((f) => readFile(join(FIXTURES, 'seed', f))));
  return tempCorpus({ 'corpus/pre-training.txt': contents[0]!, 'corpus/pre-training.meta.json': contents[1]! });
}

async function run(cwd: string, args: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  stdin.end(input);
  const code = await runCli(args, { stdin, stdout, stderr, cwd });
  return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
}

const titles = (json: string) =>
  (JSON.parse(json) as { papers: Array<{ paper: { title: string } }> }).papers.map((p) => p.paper.title.split(':')[0]);

describe('filter flags on the CLI (seed corpus: NeurIPS 2021–2023, COLT 2026)', () => {
  it('ask --author --since --until --venue narrow the answer, as the same filters typed do', async () => {
    const cwd = await workspace();
    const all = await run(cwd, ['ask', 'pre-training', '--corpus', 'corpus', '--json', '--limit', '10']);
    expect(titles(all.out).length).toBeGreaterThan(2);
    const flags = await run(cwd, [
      'ask',
      'pre-training',
      '--corpus',
      'corpus',
      '--json',
      '--limit',
      '10',
      '--venue',
      'nips',
      '--since',
      '2023',
      '--until',
      '2023',
      '--author',
      'h. wang',
    ]);
    expect(flags.code).toBe(0);
    expect(titles(flags.out).sort()).toEqual(['DropPos', 'PRED']);
    expect(JSON.parse(flags.out).filters).toMatchObject({
      text: 'author:"h. wang" venue:nips year:2023',
      description: 'by h. wang · at nips · in 2023',
      papers: 2,
    });
    const typed = await run(cwd, [
      'ask',
      'pre-training author:"h. wang" venue:nips year:2023',
      '--corpus',
      'corpus',
      '--json',
      '--limit',
      '10',
    ]);
    expect(titles(typed.out)).toEqual(titles(flags.out));
  });

  it('ask says which filter emptied the answer, and what is wrong with a malformed one (exit 1)', async () => {
    const cwd = await workspace();
    const empty = await run(cwd, ['ask', 'pre-training', '--corpus', 'corpus', '--author', 'takagj', '--plain']);
    expect(empty.code).toBe(1);
    expect(empty.out).toContain("no paper by 'takagj' — did you mean Shiro Takagi?");
    const bad = await run(cwd, ['ask', 'pre-training', '--corpus', 'corpus', '--since', 'tomorrow', '--plain']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('since:tomorrow: expected a year such as 2023');
  });

  it('the plain answer says which filters were applied', async () => {
    const cwd = await workspace();
    const { out } = await run(cwd, ['ask', 'pre-training', '--corpus', 'corpus', '--venue', 'colt', '--plain']);
    expect(out.split('\n')[0]).toMatch(/^Papers 1–1 of 1 · filtered: at colt$/);
    expect(out).toContain('On the Asymptotics of Self-Supervised Pre-training');
  });

  it("paper --author lists that author's papers; with a query, only those that pass", async () => {
    const cwd = await workspace();
    const listed = await run(cwd, ['paper', '--corpus', 'corpus', '--json', '--author', 'di he']);
    expect(listed.code).toBe(0);
    expect(titles(listed.out)).toEqual([
      'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
    ]);
    const narrowed = await run(cwd, ['paper', 'pre-training', '--corpus', 'corpus', '--json', '--until', '2022']);
    expect(titles(narrowed.out)).not.toContain('DropPos');
    expect(titles(narrowed.out)).toContain(
      'On the Effect of Pre-training for Transformer in Different Modality on Offline Reinforcement Learning',
    );
  });

  it('chat --venue holds for every question, follow-ups still read as follow-ups', async () => {
    const cwd = await workspace();
    const { out } = await run(
      cwd,
      ['chat', '--corpus', 'corpus', '--json', '--until', '2023'],
      'which paper pre-trains on LiDAR point clouds?\nwhat mask ratio does it use?\n',
    );
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].papers[0].paper.title).toMatch(/^PRED:/);
    expect(lines[1].reading?.kind).not.toBe('new');
    expect(lines[1].papers[0].paper.title).toMatch(/^PRED:/);
    expect(lines[1].filters.description).toBe('until 2023');
  });

  it('digest preview --venue narrows the topic; a malformed filter is a usage error', async () => {
    const cwd = await workspace();
    const { code, out } = await run(cwd, [
      'digest',
      'preview',
      '--corpus',
      'corpus',
      '--data',
      'data',
      '--json',
      '--topic',
      'pre-training',
      '--venue',
      'colt',
    ]);
    expect(code).toBe(0);
    const plan = JSON.parse(out);
    expect(plan.topic).toBe('pre-training venue:colt');
    expect(plan.items.map((i: { venue: string }) => i.venue)).toEqual(['COLT 2026 (PMLR 336)']);
    const bad = await run(cwd, ['digest', 'preview', '--corpus', 'corpus', '--data', 'data', '--until', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('until:soon: expected a year such as 2022');
  });
});
