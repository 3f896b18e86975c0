import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARED_FIGURES, growthTargets, type BenchReport, type Growth } from '../../src/bench/bench-report.js';
import { formatBenchReport } from '../../src/bench/format-bench-report.js';
import { runBench } from '../../src/bench/run-bench.js';
import { parseWorkload } from '../../src/bench/workload.js';

const CORPUS = 'test/fixtures/bench/corpus.jsonl';
const QUERIES = 'test/fixtures/bench/queries.jsonl';
const REQUIRED_KEYS = [
  'build_s',
  'load_s',
  'rss_mb',
  'ask_p50_ms',
  'ask_p99_ms',
  'suggest_p99_ms',
  'max_stall_ms',
  'lookup_hit@5',
  'suggest_hit',
  'snapshot_mb',
  'ask_p95_ms',
  'suggest_p50_ms',
] as const;

// A smoke run: every engine, every size, in this process. Shapes and ranges only — timings on a
// shared machine are the bench's business, not a test's.
describe('runBench on the fixture slice', () => {
  let report: BenchReport;
  const progress: string[] = [];

  beforeAll(async () => {
    const queries = parseWorkload(await readFile(QUERIES, 'utf8'), QUERIES);
    report = await runBench({
      corpus: CORPUS,
      queries,
      limit: null,
      baselines: true,
      growth: true,
      misses: true,
      isolate: false,
      burstSize: 30,
      log: (line) => progress.push(line),
    });
  }, 120_000);

  it('reports every figure the issue names, for Paperboy and for each baseline', () => {
    for (const figures of [report, report.baselines.minisearch!, report.baselines.fts5!]) {
      for (const key of REQUIRED_KEYS) expect(figures).toHaveProperty([key]);
      for (const key of ['build_s', 'load_s', 'rss_mb', 'snapshot_mb', 'max_stall_ms'] as const) {
        expect(figures[key]).toBeGreaterThanOrEqual(0);
      }
      expect(figures.rss_mb).toBeGreaterThan(10);
      expect(figures.snapshot_mb).toBeGreaterThan(0);
      expect(figures.ask_p50_ms).toBeGreaterThan(0);
      expect(figures.ask_p50_ms).toBeLessThanOrEqual(figures.ask_p95_ms);
      expect(figures.ask_p95_ms).toBeLessThanOrEqual(figures.ask_p99_ms);
      expect(figures.suggest_p50_ms).toBeLessThanOrEqual(figures.suggest_p99_ms);
      expect(figures['lookup_hit@5']).toBeGreaterThanOrEqual(0);
      expect(figures['lookup_hit@5']).toBeLessThanOrEqual(1);
      expect(figures.suggest_hit).toBeGreaterThanOrEqual(0);
      expect(figures.suggest_hit).toBeLessThanOrEqual(1);
    }
  });

  it('scores only the lookups and prefixes whose paper is in the corpus', () => {
    expect(report.papers).toBe(49);
    expect(report.lookups_scored).toBe(12);
    expect(report.prefixes_scored).toBe(8);
    expect(report.run.queries).toEqual({ question: 8, 'title-lookup': 13, prefix: 8 });
    expect(report.run.isolated).toBe(false);
  });

  it('lists exactly the scored lookups and prefixes Paperboy missed', () => {
    const misses = report.misses!;
    const lookupMisses = misses.filter((m) => m.kind === 'title-lookup').length;
    const prefixMisses = misses.filter((m) => m.kind === 'prefix').length;
    expect(lookupMisses).toBe(Math.round((1 - report['lookup_hit@5']!) * report.lookups_scored));
    expect(prefixMisses).toBe(Math.round((1 - report.suggest_hit!) * report.prefixes_scored));
    for (const miss of misses) {
      expect(miss.returned).not.toContain(miss.paper);
      expect(miss.paper).not.toBe('nowhere-0000');
    }
  });

  it("gives Paperboy's ratio to each baseline for every compared figure", () => {
    for (const name of ['minisearch', 'fts5'] as const) {
      const baseline = report.baselines[name]!;
      expect(Object.keys(baseline.paperboy_ratio).sort()).toEqual([...COMPARED_FIGURES].sort());
      expect(baseline.paperboy_ratio.ask_p50_ms).toBeCloseTo(report.ask_p50_ms / baseline.ask_p50_ms, 2);
    }
  });

  it('measures a quarter, a half and all of the corpus for every engine', () => {
    expect(report.growth?.papers).toEqual([12, 24, 49]);
    for (const name of ['paperboy', 'minisearch', 'fts5'] as const) {
      const series = report.growth!.engines[name]!;
      for (const key of COMPARED_FIGURES) expect(series[key]).toHaveLength(3);
      expect(series.build_s[2]).toBe(name === 'paperboy' ? report.build_s : report.baselines[name]!.build_s);
    }
  });

  it('checks the targets for the full corpus against the run and prints a readable table, naming them', () => {
    expect(report.targets).toHaveProperty(['ask_p99_ms < fts5.ask_p99_ms']);
    expect(report.targets['lookup_hit@5 >= 0.98']).toBe((report['lookup_hit@5'] ?? 0) >= 0.98);
    const fts5 = report.baselines.fts5!;
    expect(report.targets['build_s <= 3 × fts5.build_s']).toBe(report.build_s <= 3 * fts5.build_s);
    expect(report.targets['rss_mb <= 1.5 × fts5.rss_mb']).toBe(report.rss_mb <= 1.5 * fts5.rss_mb);
    expect(report.targets).toHaveProperty(['build_s grows linearly']);
    expect(report.targets).toHaveProperty(['rss_mb grows linearly']);
    const text = formatBenchReport(report);
    expect(text).toContain('paperboy bench: 49 papers');
    expect(text).toMatch(/ask p99 \(ms\)/);
    expect(text).toContain('growth with corpus size (papers: 12 → 24 → 49)');
    expect(text).toContain('targets for the 87,679-paper corpus (speed, load time, memory, stall, lookup accuracy):');
    expect(text).not.toMatch(/issue \d/);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(progress.some((line) => line.includes('burst of 30 questions'))).toBe(true);
  });
});

describe('growthTargets', () => {
  const growth = (build: number[], rss: number[]): Growth => ({
    papers: [100, 200, 400],
    engines: { paperboy: { build_s: build, rss_mb: rss } as NonNullable<Growth['engines']['paperboy']> },
  });

  it('calls a build linear when each paper from half to whole costs what one from a quarter to half did', () => {
    expect(growthTargets(growth([1, 2, 4], [110, 120, 140]))).toEqual({
      'build_s grows linearly': true,
      'rss_mb grows linearly': true,
    });
  });

  it('calls it superlinear when the second half climbs more steeply than the slack allows', () => {
    // 9.1 s at half to 23.5 s at whole, after 5.15 s at a quarter: the figures issue 17 started from.
    const found = growthTargets(growth([5.15, 9.11, 23.47], [141, 170, 235]));
    expect(found['build_s grows linearly']).toBe(false);
    expect(found['rss_mb grows linearly']).toBe(true);
  });

  it('has nothing to say without a growth table', () => {
    expect(growthTargets(undefined)).toEqual({});
  });
});
