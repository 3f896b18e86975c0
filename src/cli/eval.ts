import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readAnswerQuestion } from '../core/answer/read-question.js';
import { evaluateRationales, type RationaleReport } from '../core/eval/rationale-eval.js';
import { percentile, scoreRuns } from '../core/eval/retrieval-metrics.js';
import { SearchIndex } from '../core/search/search-index.js';
import { loadCorpus } from '../corpus/read/load-corpus.js';
import { readBeirQrels, readBeirQueries } from '../corpus/read/read-beir.js';
import { readRationaleClaims, readRationaleSentences } from '../corpus/read/read-rationales.js';
import { UsageError, type CliCommand, type CliIo, parseCliArgs } from './command.js';

/** Recall is read at 100, so every run ranks that many papers. */
const RUN_DEPTH = 100;

async function existing(io: CliIo, flag: string, given: string | undefined): Promise<string> {
  if (given === undefined) throw new UsageError(`${flag} is required`);
  const path = resolve(io.cwd, given);
  if (!(await stat(path).catch(() => undefined)))
    throw new UsageError(`${flag}: no such file or directory: '${given}'`);
  return path;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * `paperboy eval --corpus PATH --queries FILE --qrels FILE [--json]`: ranks papers for every judged query
 * exactly as `ask` ranks them and prints nDCG@10, Recall@100, MRR@10 and per-query latency.
 * `paperboy eval --corpus PATH --rationales FILE [--json]`: asks every SciFact claim of FILE that has evidence
 * and scores the quoted sentence against its rationale sentences (the sentence-split abstracts are read from
 * `corpus.jsonl` next to FILE), with baselines and an ablation.
 */
export const evalCommand = {
  name: 'eval',
  usage: 'eval --corpus PATH (--queries FILE --qrels FILE | --rationales FILE) [--json]',
  summary: 'retrieval quality on BEIR-layout data: nDCG@10, Recall@100, MRR@10, latency p50/p99',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCliArgs({
      args,
      options: {
        corpus: { type: 'string' },
        queries: { type: 'string' },
        qrels: { type: 'string' },
        rationales: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const { values } = parsed;
    const corpusPath = await existing(io, '--corpus', values.corpus);
    const rationalesPath =
      values.rationales === undefined ? undefined : await existing(io, '--rationales', values.rationales);
    const queriesPath = rationalesPath ? '' : await existing(io, '--queries', values.queries);
    const qrelsPath = rationalesPath ? '' : await existing(io, '--qrels', values.qrels);
    const sentencesPath = rationalesPath ? join(dirname(rationalesPath), 'corpus.jsonl') : '';
    if (rationalesPath && !(await stat(sentencesPath).catch(() => undefined)))
      throw new UsageError(`--rationales: no corpus.jsonl of sentence-split abstracts next to '${values.rationales}'`);

    const corpus = await loadCorpus(corpusPath);
    if (corpus.papers.length === 0) {
      io.stderr.write(`paperboy eval: no papers in '${values.corpus}'\n`);
      return 1;
    }
    const started = performance.now();
    const index = SearchIndex.build(corpus.papers);
    const buildSeconds = (performance.now() - started) / 1000;
    if (rationalesPath) {
      const claims = await readRationaleClaims(rationalesPath);
      const report = evaluateRationales(index, claims, await readRationaleSentences(sentencesPath));
      io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatRationaleReport(report));
      return 0;
    }
    const queries = new Map((await readBeirQueries(queriesPath)).map((q) => [q.id, q.text]));
    const judgments = await readBeirQrels(qrelsPath);

    const runs = new Map<string, string[]>();
    const latencies: number[] = [];
    let missing = 0;
    for (const id of judgments.keys()) {
      const text = queries.get(id);
      if (text === undefined) {
        missing++;
        continue;
      }
      const t0 = performance.now();
      runs.set(id, index.rankIds(readAnswerQuestion(index, text), RUN_DEPTH));
      latencies.push(performance.now() - t0);
    }
    const scores = scoreRuns(runs, judgments);
    const report = {
      'ndcg@10': round(scores['ndcg@10'], 4),
      'recall@100': round(scores['recall@100'], 4),
      'mrr@10': round(scores['mrr@10'], 4),
      p50_ms: round(percentile(latencies, 50), 3),
      p99_ms: round(percentile(latencies, 99), 3),
      queries: scores.queries,
      papers: index.paperCount,
      chunks: index.chunkCount,
      build_s: round(buildSeconds, 2),
    };
    if (missing > 0)
      io.stderr.write(`paperboy eval: ${missing} judged queries are not in the queries file; they score 0\n`);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    io.stdout.write(
      [
        `eval: ${report.queries} queries over ${report.papers.toLocaleString('en-US')} papers ` +
          `(${report.chunks.toLocaleString('en-US')} chunks, indexed in ${report.build_s} s)`,
        `  nDCG@10     ${report['ndcg@10'].toFixed(4)}`,
        `  Recall@100  ${report['recall@100'].toFixed(4)}`,
        `  MRR@10      ${report['mrr@10'].toFixed(4)}`,
        `  latency     p50 ${report.p50_ms} ms, p99 ${report.p99_ms} ms per query`,
        '',
      ].join('\n'),
    );
    return 0;
  },
} satisfies CliCommand;

function formatRationaleReport(report: RationaleReport): string {
  const row = (name: string, scores: Pick<RationaleReport, 'sentence_given_doc' | 'sentence_p@1'>) =>
    `  ${name.padEnd(30)}${scores.sentence_given_doc.toFixed(4).padEnd(20)}${scores['sentence_p@1'].toFixed(4)}`;
  return [
    `eval --rationales: ${report.claims} claims with evidence, ${report.with_doc} with an evidence abstract answered`,
    `  ${''.padEnd(30)}${'sentence_given_doc'.padEnd(20)}sentence_p@1`,
    row('paperboy', report),
    row('  fitted half (even ids)', report.halves.fit_even),
    row('  held-out half (odd ids)', report.halves.held_out_odd),
    ...Object.entries(report.baselines).map(([name, scores]) => row(`baseline: ${name}`, scores)),
    ...Object.entries(report.ablation).map(([name, scores]) => row(name, scores)),
    '',
  ].join('\n');
}
