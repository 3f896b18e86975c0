import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';

const BEIR = new URL('../fixtures/beir/', import.meta.url).pathname;

function fakeIo(): CliIo & { out(): string; err(): string } {
  const collect = (stream: PassThrough) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    return () => Buffer.concat(parts).toString('utf8');
  };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, stdin: new PassThrough(), cwd: BEIR, out: collect(stdout), err: collect(stderr) };
}

const ARGS = ['eval', '--corpus', 'corpus.jsonl', '--queries', 'queries.jsonl', '--qrels', 'qrels/test.tsv'];

describe('paperboy eval', () => {
  it('--json prints nDCG@10, Recall@100, MRR@10 and latency over every judged query', async () => {
    const io = fakeIo();
    expect(await runCli([...ARGS, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['ndcg@10', 'recall@100', 'mrr@10', 'p50_ms', 'p99_ms']),
    );
    expect(report.queries).toBe(12);
    expect(report.papers).toBe(30);
    for (const key of ['ndcg@10', 'recall@100', 'mrr@10']) {
      expect(report[key]).toBeGreaterThan(0);
      expect(report[key]).toBeLessThanOrEqual(1);
    }
    expect(report.p99_ms).toBeGreaterThanOrEqual(report.p50_ms);
  });

  it('prints a readable report without --json', async () => {
    const io = fakeIo();
    expect(await runCli(ARGS, io)).toBe(0);
    expect(io.out()).toMatch(/eval: 12 queries over 30 papers[\s\S]*nDCG@10 {5}0\.\d{4}[\s\S]*latency {5}p50/);
  });

  it('requires the three inputs', async () => {
    const io = fakeIo();
    expect(await runCli(['eval', '--corpus', 'corpus.jsonl'], io)).toBe(2);
    expect(io.err()).toContain('--queries is required');
  });
});

describe('paperboy eval --rationales', () => {
  const RATIONALES = new URL('../fixtures/scifact-rationales/', import.meta.url).pathname;
  const run = async (extra: string[]) => {
    const io = fakeIo();
    const args = ['eval', '--corpus', `${RATIONALES}beir-corpus.jsonl`, '--rationales', `${RATIONALES}claims.jsonl`];
    const code = await runCli([...args, ...extra], io);
    return { code, io };
  };

  it('--json reports the sentence figures over claims with evidence, halves, baselines and an ablation', async () => {
    const { code, io } = await run(['--json']);
    expect(code).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.claims).toBe(6); // claim 0 has no evidence
    expect(report.with_doc).toBeGreaterThan(0);
    expect(report.with_doc).toBeLessThanOrEqual(6);
    const figures = [
      report,
      report.halves.fit_even,
      report.halves.held_out_odd,
      ...Object.values(report.baselines),
      ...Object.values(report.ablation),
    ] as Array<Record<string, number>>;
    for (const scores of figures) {
      expect(scores['sentence_given_doc']).toBeGreaterThanOrEqual(0);
      expect(scores['sentence_given_doc']).toBeLessThanOrEqual(1);
      expect(scores['sentence_p@1']).toBeLessThanOrEqual(scores['sentence_given_doc']!);
    }
    expect(Object.keys(report.baselines)).toEqual(['idf', 'first', 'last', 'random']);
    expect(Object.keys(report.ablation)).toContain('without coverage');
    // Claim 9's rationale is the last sentence of its abstract (index 15): the `last` baseline finds it.
    expect(report.baselines.last.sentence_given_doc).toBeGreaterThan(0);
    expect(report.baselines.first.sentence_given_doc).toBe(0);
  });

  it('prints a table without --json, and needs the sentence-split corpus next to the claims', async () => {
    const { io } = await run([]);
    expect(io.out()).toMatch(
      /6 claims with evidence[\s\S]*paperboy\s+[01]\.\d{4}\s+[01]\.\d{4}[\s\S]*baseline: random/,
    );
    const missing = fakeIo();
    const code = await runCli(['eval', '--corpus', 'corpus.jsonl', '--rationales', 'qrels/test.tsv'], missing);
    expect(code).toBe(2);
    expect(missing.err()).toContain('no corpus.jsonl of sentence-split abstracts');
  });
});
