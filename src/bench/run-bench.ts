import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDriver, type EngineName } from './bench-engine.js';
import { runBenchJob, type BenchJob, type BurstResult, type JobResult, type LatencyResult } from './bench-job.js';
import {
  checkTargets,
  COMPARED_FIGURES,
  engineFigures,
  paperboyRatio,
  type BenchReport,
  type ComparedFigure,
  type EngineFigures,
  type Growth,
  type Miss,
  missesOf,
} from './bench-report.js';
import { runBenchJobInChild } from './run-bench-job-in-child.js';
import type { BenchQuery } from './workload.js';

export interface BenchOptions {
  corpus: string;
  /** The corpus as the user named it, for the report. */
  corpusLabel?: string;
  queries: BenchQuery[];
  /** The first N papers of the corpus; null for all. */
  limit: number | null;
  baselines: boolean;
  growth: boolean;
  /** Include Paperboy's missed lookups and prefixes in the report. */
  misses?: boolean;
  /** Each build and serve in its own process (the CLI); false runs them here, for tests. */
  isolate: boolean;
  burstSize: number;
  /** Progress lines, for a terminal. */
  log(line: string): void;
}

/** `ask` returns this many papers: `lookup_hit@5` counts a lookup as found in the top 5. */
export const ASK_LIMIT = 5;
export const BURST_SIZE = 30;

interface Measured {
  figures: EngineFigures;
  misses: Miss[];
  description: string;
}

/** How busy the machine was with other work: the highest 1-minute load average seen as a job started. */
interface MachineLoad {
  busiest: number;
}

async function measure(
  engine: EngineName,
  limit: number | null,
  options: BenchOptions,
  load: MachineLoad,
): Promise<Measured> {
  const run = <J extends BenchJob>(job: J): Promise<JobResult<J>> => {
    load.busiest = Math.max(load.busiest, loadavg()[0] ?? 0);
    return options.isolate ? runBenchJobInChild(job, (text) => options.log(text.trimEnd())) : runBenchJob(job);
  };
  const dir = await mkdtemp(join(tmpdir(), `paperboy-bench-${engine}-`));
  try {
    const size = limit === null ? 'all' : String(limit);
    options.log(`bench: ${engine}, ${size} papers: building`);
    const targets = [...new Set(options.queries.flatMap((q) => (q.paper === null ? [] : [q.paper])))];
    const build = await run({ kind: 'build', engine, corpus: options.corpus, limit, dir, targets });
    const serve = {
      kind: 'serve',
      engine,
      dir,
      queries: options.queries,
      askLimit: ASK_LIMIT,
      burstSize: options.burstSize,
    } as const;
    options.log(
      `bench: ${engine}, ${build.papers} papers: built in ${build.buildSeconds.toFixed(1)} s; timing queries`,
    );
    const latency = (await run({ ...serve, mode: 'latency' })) as LatencyResult;
    options.log(`bench: ${engine}, ${build.papers} papers: burst of ${options.burstSize} questions`);
    const burst = (await run({ ...serve, mode: 'burst' })) as BurstResult;
    return {
      figures: engineFigures(build, latency, burst),
      misses: missesOf(build, latency),
      description: (await loadDriver(engine)).description,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function growthOf(sizes: number[], runs: Map<EngineName, EngineFigures[]>): Growth {
  const engines: Growth['engines'] = {};
  for (const [engine, figures] of runs) {
    const series = {} as Record<ComparedFigure, (number | null)[]>;
    for (const key of COMPARED_FIGURES) series[key] = figures.map((f) => f[key]);
    engines[engine] = series;
  }
  return { papers: sizes, engines };
}

function countKinds(queries: readonly BenchQuery[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const q of queries) counts[q.kind] = (counts[q.kind] ?? 0) + 1;
  return counts;
}

/**
 * Runs the whole bench: Paperboy (and the baselines) on the corpus, then on its first quarter and
 * half, each engine built, loaded and served in processes of its own.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const loadAverage = loadavg()[0] ?? 0;
  const load: MachineLoad = { busiest: loadAverage };
  const engines: EngineName[] = options.baselines ? ['paperboy', 'minisearch', 'fts5'] : ['paperboy'];
  const full = new Map<EngineName, Measured>();
  for (const engine of engines) full.set(engine, await measure(engine, options.limit, options, load));
  const paperboy = full.get('paperboy')!;
  const papers = paperboy.figures.papers;

  const baselines: BenchReport['baselines'] = {};
  for (const name of ['minisearch', 'fts5'] as const) {
    const baseline = full.get(name);
    if (baseline) {
      baselines[name] = {
        description: baseline.description,
        ...baseline.figures,
        paperboy_ratio: paperboyRatio(paperboy.figures, baseline.figures),
      };
    }
  }

  let growth: Growth | undefined;
  const sizes = [Math.floor(papers / 4), Math.floor(papers / 2)].filter((n) => n > 0 && n < papers);
  if (options.growth && sizes.length > 0) {
    const runs = new Map<EngineName, EngineFigures[]>();
    for (const engine of engines) {
      const figures: EngineFigures[] = [];
      for (const size of sizes) figures.push((await measure(engine, size, options, load)).figures);
      figures.push(full.get(engine)!.figures);
      runs.set(engine, figures);
    }
    growth = growthOf([...sizes, papers], runs);
  }

  return {
    description: paperboy.description,
    ...paperboy.figures,
    baselines,
    targets: checkTargets(paperboy.figures, baselines),
    ...(growth ? { growth } : {}),
    ...(options.misses ? { misses: paperboy.misses } : {}),
    run: {
      corpus: options.corpusLabel ?? options.corpus,
      queries: countKinds(options.queries),
      isolated: options.isolate,
      burst_size: options.burstSize,
      node: process.version,
      cpus: availableParallelism(),
      load_average: Math.round(loadAverage * 100) / 100,
      load_average_max: Math.round(load.busiest * 100) / 100,
    },
  };
}
