import type { EngineName } from './bench-engine.js';
import type { BuildResult, BurstResult, LatencyResult, QuerySample } from './bench-job.js';
import { summarizeLatency } from './latency-summary.js';
import type { FilteredFigures, FollowUpFigures } from './filtered-timing.js';

/** One engine's figures on one corpus slice, under the keys `--json` prints. */
export interface EngineFigures {
  papers: number;
  chunks: number;
  corpus_s: number;
  build_s: number;
  /** The longest the event loop was blocked while the index was built (a bot building in the background). */
  build_stall_ms: number;
  save_s: number;
  snapshot_mb: number;
  load_s: number;
  rss_mb: number;
  heap_mb: number;
  ask_p50_ms: number;
  ask_p95_ms: number;
  ask_p99_ms: number;
  ask_max_ms: number;
  suggest_p50_ms: number;
  suggest_p95_ms: number;
  suggest_p99_ms: number;
  suggest_max_ms: number;
  max_stall_ms: number;
  burst_ms: number;
  /** Share of scored title lookups whose paper is in ask's top 5; null when none could be scored. */
  'lookup_hit@5': number | null;
  /** Share of scored prefixes whose paper is among the suggestions; null when none could be scored. */
  suggest_hit: number | null;
  /** How many lookups and prefixes were scored: those whose paper is in this slice of the corpus. */
  lookups_scored: number;
  prefixes_scored: number;
}

/** The figures compared across engines and sizes, in the order the tables show them. */
export const COMPARED_FIGURES = [
  'build_s',
  'build_stall_ms',
  'snapshot_mb',
  'load_s',
  'rss_mb',
  'ask_p50_ms',
  'ask_p95_ms',
  'ask_p99_ms',
  'suggest_p50_ms',
  'suggest_p95_ms',
  'suggest_p99_ms',
  'max_stall_ms',
  'lookup_hit@5',
  'suggest_hit',
] as const satisfies readonly (keyof EngineFigures)[];
export type ComparedFigure = (typeof COMPARED_FIGURES)[number];

export type BaselineFigures = EngineFigures & {
  description: string;
  /** Paperboy's figure divided by this baseline's: below 1 is faster or smaller; above 1 is more accurate. */
  paperboy_ratio: Record<ComparedFigure, number | null>;
};

export interface Growth {
  papers: number[];
  /** Per engine, each compared figure at each size in `papers`. */
  engines: Partial<Record<EngineName, Record<ComparedFigure, (number | null)[]>>>;
}

export type BenchReport = EngineFigures & {
  description: string;
  baselines: { minisearch?: BaselineFigures; fts5?: BaselineFigures };
  /**
   * The targets Paperboy is held to on the full 87,679-paper corpus (speed, load time, memory, event-loop
   * stall, lookup accuracy, and beating the baselines): each rule and whether this run met it.
   */
  targets: Record<string, boolean>;
  growth?: Growth;
  /** Paperboy's questions with filters made from each question's top paper (issue 15). */
  filtered?: FilteredFigures;
  /** Paperboy's follow-up questions next to the questions they follow (issue 13). */
  follow_ups?: FollowUpFigures;
  /** Paperboy's missed lookups and prefixes, when asked for (`--misses`). */
  misses?: Miss[];
  run: {
    corpus: string;
    queries: Record<string, number>;
    /** True when every build and every serve ran in a process of its own. */
    isolated: boolean;
    burst_size: number;
    node: string;
    cpus: number;
    /** The machine's 1-minute load average when the bench started: other work skews the timings. */
    load_average: number;
    /** The highest 1-minute load average as any of its jobs started. */
    load_average_max: number;
  };
};

const MB = 1_000_000;
const round = (value: number, digits: number): number => {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

function share(hits: (boolean | null)[]): number | null {
  const scored = hits.filter((h): h is boolean => h !== null);
  return scored.length === 0 ? null : round(scored.filter(Boolean).length / scored.length, 4);
}

/**
 * Combines what one engine's build, latency and burst processes reported into its figures.
 * Accuracy counts only the queries whose paper is in this slice: a lookup for a paper outside the
 * first quarter of the corpus cannot hit, and would say nothing about the engine.
 */
export function engineFigures(build: BuildResult, latency: LatencyResult, burst: BurstResult): EngineFigures {
  const present = new Set(build.presentTargets);
  const asks = latency.samples.filter((s) => s.kind !== 'prefix');
  const prefixes = latency.samples.filter((s) => s.kind === 'prefix');
  const scored = (s: QuerySample): boolean => s.paper !== null && present.has(s.paper);
  const scoredLookups = asks.filter((s) => s.kind === 'title-lookup' && scored(s));
  const scoredPrefixes = prefixes.filter(scored);
  const ask = summarizeLatency(asks.map((s) => s.ms));
  const suggest = summarizeLatency(prefixes.map((s) => s.ms));
  return {
    papers: build.papers,
    chunks: build.chunks,
    corpus_s: round(build.corpusSeconds, 2),
    build_s: round(build.buildSeconds, 2),
    build_stall_ms: round(build.buildStallMs, 1),
    save_s: round(build.saveSeconds, 2),
    snapshot_mb: round(build.snapshotBytes / MB, 1),
    load_s: round(latency.loadSeconds, 3),
    rss_mb: round(latency.rssBytes / MB, 1),
    heap_mb: round(latency.heapBytes / MB, 1),
    ask_p50_ms: round(ask.p50, 2),
    ask_p95_ms: round(ask.p95, 2),
    ask_p99_ms: round(ask.p99, 2),
    ask_max_ms: round(ask.max, 2),
    suggest_p50_ms: round(suggest.p50, 2),
    suggest_p95_ms: round(suggest.p95, 2),
    suggest_p99_ms: round(suggest.p99, 2),
    suggest_max_ms: round(suggest.max, 2),
    max_stall_ms: round(burst.maxStallMs, 1),
    burst_ms: round(burst.burstMs, 1),
    'lookup_hit@5': share(scoredLookups.map((s) => s.hit)),
    suggest_hit: share(scoredPrefixes.map((s) => s.hit)),
    lookups_scored: scoredLookups.length,
    prefixes_scored: scoredPrefixes.length,
  };
}

/** How much steeper the second half of the growth table may climb than the first and still count as linear. */
export const LINEAR_SLACK = 1.3;

/**
 * Whether Paperboy's build time and memory grow linearly over the growth table (¼, ½, whole): the cost
 * of each paper added from ½ to whole is at most {@link LINEAR_SLACK} times that of each from ¼ to ½.
 * Slopes rather than per-paper figures, as a process has a fixed cost (Node itself) at any size.
 */
export function growthTargets(growth: Growth | undefined): Record<string, boolean> {
  const ours = growth?.engines.paperboy;
  if (!growth || !ours || growth.papers.length < 3) return {};
  const [quarter, half, whole] = growth.papers.slice(-3) as [number, number, number];
  const linear = (series: (number | null)[]): boolean => {
    const [a, b, c] = series.slice(-3);
    if (a == null || b == null || c == null) return false;
    return (c - b) / (whole - half) <= LINEAR_SLACK * Math.max((b - a) / (half - quarter), 0);
  };
  return { 'build_s grows linearly': linear(ours.build_s), 'rss_mb grows linearly': linear(ours.rss_mb) };
}

/** A scored lookup or prefix whose paper was not returned. */
export interface Miss {
  id: string;
  text: string;
  kind: QuerySample['kind'];
  paper: string;
  returned: string[];
}

/** The scored queries an engine missed (same rule as the accuracy figures), for `--misses`. */
export function missesOf(build: BuildResult, latency: LatencyResult): Miss[] {
  const present = new Set(build.presentTargets);
  return latency.samples.flatMap((s) =>
    s.kind !== 'question' && s.paper !== null && present.has(s.paper) && s.hit === false
      ? [{ id: s.id, text: s.text, kind: s.kind, paper: s.paper, returned: s.returned }]
      : [],
  );
}

export function paperboyRatio(paperboy: EngineFigures, baseline: EngineFigures): Record<ComparedFigure, number | null> {
  const ratios = {} as Record<ComparedFigure, number | null>;
  for (const key of COMPARED_FIGURES) {
    const ours = paperboy[key];
    const theirs = baseline[key];
    ratios[key] = ours === null || theirs === null || theirs === 0 ? null : round(ours / theirs, 3);
  }
  return ratios;
}

/** The targets for the full 87,679-paper corpus (speed, memory, stall, accuracy), as rules over this run's figures. */
export function checkTargets(paperboy: EngineFigures, baselines: BenchReport['baselines']): Record<string, boolean> {
  const lookup = paperboy['lookup_hit@5'] ?? 0;
  const targets: Record<string, boolean> = {
    'ask_p50_ms <= 10': paperboy.ask_p50_ms <= 10,
    'ask_p99_ms <= 40': paperboy.ask_p99_ms <= 40,
    'suggest_p99_ms <= 10': paperboy.suggest_p99_ms <= 10,
    'load_s <= 2': paperboy.load_s <= 2,
    'rss_mb <= 1200': paperboy.rss_mb <= 1200,
    'max_stall_ms <= 50': paperboy.max_stall_ms <= 50,
    'lookup_hit@5 >= 0.98': lookup >= 0.98,
  };
  const fts5 = baselines.fts5;
  if (fts5) {
    targets['ask_p99_ms < fts5.ask_p99_ms'] = paperboy.ask_p99_ms < fts5.ask_p99_ms;
    // Issue 17: everything before the first answer within reach of FTS5, answers still far faster.
    targets['ask_p99_ms <= 0.15 × fts5.ask_p99_ms'] = paperboy.ask_p99_ms <= 0.15 * fts5.ask_p99_ms;
    targets['build_s <= 3 × fts5.build_s'] = paperboy.build_s <= 3 * fts5.build_s;
    targets['load_s <= 2 × fts5.load_s'] = paperboy.load_s <= 2 * fts5.load_s;
    targets['rss_mb <= 1.5 × fts5.rss_mb'] = paperboy.rss_mb <= 1.5 * fts5.rss_mb;
  }
  for (const [name, baseline] of Object.entries(baselines)) {
    targets[`lookup_hit@5 >= ${name}.lookup_hit@5`] = lookup >= (baseline['lookup_hit@5'] ?? 0);
  }
  return targets;
}
