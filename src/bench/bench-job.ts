import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { loadDriver, type EngineName, type ServingEngine } from './bench-engine.js';
import { readBenchCorpus } from './read-bench-corpus.js';
import { startStallProbe } from './stall-probe.js';
import { burstTexts, goesToAsk, type BenchQuery, type QueryKind } from './workload.js';
import { runFilteredJob, type FilteredJob, type FilteredResult, type FollowUpResult } from './filtered-timing.js';

/** Load the corpus slice, build one engine's index and write its snapshot into `dir`. */
export interface BuildJob {
  kind: 'build';
  engine: EngineName;
  corpus: string;
  /** The first N papers of the corpus; null for all of them. */
  limit: number | null;
  dir: string;
  /** Papers the workload is after; the result says which of them this slice holds. */
  targets: string[];
}

export interface BuildResult {
  papers: number;
  chunks: number;
  corpusSeconds: number;
  buildSeconds: number;
  /** The longest event-loop stall while building. */
  buildStallMs: number;
  saveSeconds: number;
  snapshotBytes: number;
  presentTargets: string[];
}

/**
 * Load a snapshot and serve the workload: `latency` times each query once, one at a time;
 * `burst` fires `burstSize` questions at once and measures the longest event-loop stall.
 * They run in separate processes so that neither sees a query the other has already answered.
 */
export interface ServeJob {
  kind: 'serve';
  mode: 'latency' | 'burst';
  engine: EngineName;
  dir: string;
  queries: BenchQuery[];
  /** How many papers `ask` returns for scoring (`lookup_hit@5`: 5). */
  askLimit: number;
  burstSize: number;
}

export interface QuerySample {
  id: string;
  text: string;
  kind: QueryKind;
  paper: string | null;
  ms: number;
  /** Whether the expected paper was returned; null when the query names none. */
  hit: boolean | null;
  /** The paper ids returned, best first. */
  returned: string[];
}

export interface LatencyResult {
  loadSeconds: number;
  rssBytes: number;
  heapBytes: number;
  samples: QuerySample[];
}

export interface BurstResult {
  loadSeconds: number;
  maxStallMs: number;
  burstMs: number;
}

export type BenchJob = BuildJob | ServeJob | FilteredJob;
export type JobResult<J extends BenchJob> = J extends BuildJob
  ? BuildResult
  : J extends ServeJob
    ? LatencyResult | BurstResult
    : J extends FilteredJob
      ? FilteredResult | FollowUpResult
      : never;

/**
 * Warm-up calls, so the first timed query does not pay for compiling the engine's code. Worded so
 * they cannot be one of a workload's queries: every workload query is timed the first time the
 * process sees it, and a result cache cannot flatter the figures.
 */
const WARM_UP_ASK = [
  'warm-up question about learning representations from unlabeled data',
  'warm-up: robot motion planning in cluttered environments',
  'warm-up convergence of stochastic gradient methods',
  'warm-up estimation of depth and pose from video',
  'warm-up lookup of a title with several ordinary words',
];
const WARM_UP_SUGGEST = ['warm-up sugg', 'Wq', 'warm-up suggestion ', 'Zx warm'];

const seconds = (startMs: number): number => (performance.now() - startMs) / 1000;

/** V8's collector, exposed by `--expose-gc` in a child; reached through the flag otherwise. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Memory once garbage is collected: what the process keeps, not what loading it left lying around. */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const gc = collector();
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage();
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await directoryBytes(path) : (await stat(path)).size;
  }
  return total;
}

async function runBuild(job: BuildJob): Promise<BuildResult> {
  const driver = await loadDriver(job.engine);
  let start = performance.now();
  const corpus = await readBenchCorpus(job.corpus, job.limit);
  const corpusSeconds = seconds(start);
  if (corpus.problems > 0) {
    console.error(`bench: ${corpus.problems} problems reading ${job.corpus} (see \`paperboy corpus check\`)`);
  }
  collector()();

  start = performance.now();
  const stalls = startStallProbe();
  const built = await driver.build(corpus);
  const buildStallMs = stalls.stop();
  const buildSeconds = seconds(start);

  await mkdir(job.dir, { recursive: true });
  start = performance.now();
  await built.save(job.dir);
  const saveSeconds = seconds(start);

  const ids = new Set(corpus.papers.map((p) => p.id));
  return {
    papers: corpus.papers.length,
    chunks: corpus.chunks.length,
    corpusSeconds,
    buildSeconds,
    buildStallMs,
    saveSeconds,
    snapshotBytes: await directoryBytes(job.dir),
    presentTargets: job.targets.filter((id) => ids.has(id)),
  };
}

async function warmUp(engine: ServingEngine, askLimit: number): Promise<void> {
  for (const text of WARM_UP_ASK) await engine.ask(text, askLimit);
  for (const text of WARM_UP_SUGGEST) await engine.suggest(text);
}

async function timeQueries(engine: ServingEngine, job: ServeJob): Promise<QuerySample[]> {
  const samples: QuerySample[] = [];
  for (const query of job.queries) {
    const start = performance.now();
    const ids = goesToAsk(query) ? await engine.ask(query.text, job.askLimit) : await engine.suggest(query.text);
    const ms = performance.now() - start;
    samples.push({
      id: query.id,
      text: query.text,
      kind: query.kind,
      paper: query.paper,
      ms,
      hit: query.paper === null ? null : ids.includes(query.paper),
      returned: ids,
    });
  }
  return samples;
}

async function runBurst(engine: ServingEngine, job: ServeJob): Promise<{ maxStallMs: number; burstMs: number }> {
  const texts = burstTexts(job.queries, job.burstSize);
  const probe = startStallProbe();
  const start = performance.now();
  // All asked in the same tick, as when many interactions arrive together.
  await Promise.all(texts.map((text) => engine.ask(text, job.askLimit)));
  const burstMs = performance.now() - start;
  return { maxStallMs: probe.stop(), burstMs };
}

async function runServe(job: ServeJob): Promise<LatencyResult | BurstResult> {
  const driver = await loadDriver(job.engine);
  const start = performance.now();
  const engine = await driver.load(job.dir);
  const loadSeconds = seconds(start);
  try {
    if (job.mode === 'burst') {
      await warmUp(engine, job.askLimit);
      return { loadSeconds, ...(await runBurst(engine, job)) };
    }
    const memory = await settledMemory();
    await warmUp(engine, job.askLimit);
    return { loadSeconds, rssBytes: memory.rss, heapBytes: memory.heapUsed, samples: await timeQueries(engine, job) };
  } finally {
    await engine.close();
  }
}

/** Runs one job in this process. The bench runs each in a child of its own (see `run-job-in-child.ts`). */
export async function runBenchJob<J extends BenchJob>(job: J): Promise<JobResult<J>> {
  if (job.kind === 'filtered') return (await runFilteredJob(job)) as JobResult<J>;
  return (job.kind === 'build' ? await runBuild(job) : await runServe(job)) as JobResult<J>;
}
