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
