import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDriver, type EngineName } from './bench-engine.js';
import { runBenchJob, type BenchJob, type BurstResult, type JobResult, type LatencyResult } from './bench-job.js';
import {
  checkTargets,
  growthTargets,
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
import {
  filteredFigures,
  followUpFigures,
  type FilteredFigures,
  type FilteredResult,
  type FollowUpFigures,
  type FollowUpResult,
} from './filtered-timing.js';
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
  /** Paperboy on the whole corpus only: filtered questions and follow-ups. */
  filtered?: FilteredFigures;
  followUps?: FollowUpFigures;
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
    const measured: Measured = {
      figures: engineFigures(build, latency, burst),
      misses: missesOf(build, latency),
      description: (await loadDriver(engine)).description,
    };
    if (engine === 'paperboy' && limit === options.limit) {
      // Each question's top paper lends its author, venue and year to filtered versions of it (issue 15),
      // and each is followed up (issue 13); each run in a process of its own, like the latency run.
      const asked = latency.samples.flatMap((s) =>
        s.kind !== 'prefix' && s.returned[0] ? [{ id: s.id, text: s.text, top: s.returned[0] }] : [],
      );
      const job = { kind: 'filtered', engine, dir, asked, askLimit: ASK_LIMIT } as const;
      options.log(`bench: paperboy, ${build.papers} papers: filtered questions`);
      measured.filtered = filteredFigures((await run({ ...job, mode: 'filtered' })) as FilteredResult);
      options.log(`bench: paperboy, ${build.papers} papers: follow-up questions`);
      measured.followUps = followUpFigures((await run({ ...job, mode: 'follow-up' })) as FollowUpResult);
    }
    return measured;
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
    targets: { ...checkTargets(paperboy.figures, baselines), ...filteredTargets(paperboy), ...growthTargets(growth) },
    ...(paperboy.filtered ? { filtered: paperboy.filtered } : {}),
    ...(paperboy.followUps ? { follow_ups: paperboy.followUps } : {}),
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

/** Issue 15: filtering costs at most twice the unfiltered p99, and every paper returned passes its filter. */
function filteredTargets(paperboy: Measured): Record<string, boolean> {
  const targets: Record<string, boolean> = {};
  if (paperboy.filtered) {
    targets['filtered_ask_p99_ms <= 2 × ask_p99_ms'] =
      paperboy.filtered.filtered_ask_p99_ms <= 2 * paperboy.figures.ask_p99_ms;
    targets['filtered answers pass their filters'] = paperboy.filtered.violations === 0;
  }
  if (paperboy.followUps) targets['followup_p99_ms <= 40'] = paperboy.followUps.followup_p99_ms <= 40;
  return targets;
}
