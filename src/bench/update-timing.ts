import { readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ask } from '../core/answer/answer.js';
import type { Paper } from '../core/paper/paper.js';
import { SearchIndex } from '../core/search/search-index.js';
import { warmUp } from '../core/answer/warm-up.js';
import { loadCorpus } from '../corpus/read/load-corpus.js';
import { refreshSnapshot } from '../corpus/open-index.js';
import { changesPath, loadSnapshot, saveSnapshot, snapshotPath } from '../corpus/snapshot.js';
import { percentile } from './latency-summary.js';
import { startStallProbe } from './stall-probe.js';
import { goesToAsk, parseWorkload } from './workload.js';

/** Papers held back from the built index, to be added by the timed updates. */
const HELD_BACK = 420;

const round = (ms: number) => Math.round(ms * 100) / 100;

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, round(performance.now() - start)];
}

/** CPU time of `run` (this process, all threads: the collector's too), next to the wall time. */
function timedCpu(run: () => unknown): { ms: number; cpu_ms: number } {
  const cpu = process.cpuUsage();
  const [, ms] = timed(run);
  const used = process.cpuUsage(cpu);
  return { ms, cpu_ms: round((used.user + used.system) / 1000) };
}

/** Async work timed, with the longest event-loop stall seen while it ran (a 1 ms timer's lateness). */
async function timedAsync<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; maxStallMs: number }> {
  const probe = startStallProbe(1);
  const start = performance.now();
  const value = await run();
  const ms = round(performance.now() - start);
  return { value, ms, maxStallMs: round(probe.stop()) };
}

/** `ask` latency over the workload's questions and lookups: p50 and p99 in ms, and the first call's. */
function askLatency(
  index: SearchIndex,
  texts: readonly string[],
): { first_ms: number; p50_ms: number; p99_ms: number } {
  const samples = texts.map((text) => timed(() => ask(index, text, { limit: 5 }))[1]);
  return { first_ms: samples[0]!, p50_ms: round(percentile(samples, 50)), p99_ms: round(percentile(samples, 99)) };
}

/** A new version of `paper` (what rewriting its file would give): same id, a sentence more. */
function revised(paper: Paper): Paper {
  return { ...paper, text: `${paper.text} This version adds a sentence on reproducibility.` };
}

/**
 * Times in-place updates of a large index: builds it from all but the last papers of `corpus`, then
 * adds, replaces and removes papers in batches of ~10 and ~200, asks the workload's questions before
 * and after, and measures how long the event loop stalls while the snapshot is saved whole, refreshed
 * with a small changes file, and loaded back.
 * Run: `npm run build && node dist/bench/update-timing.js CORPUS QUERIES [LIMIT]` (LIMIT: the first N papers only).
 */
export async function measureUpdates(
  corpusPath: string,
  queriesPath: string,
  log: (line: string) => void,
  limit = Infinity,
) {
  const papers = (await loadCorpus(corpusPath)).papers.slice(0, limit);
  if (papers.length <= 2 * HELD_BACK) throw new Error(`update-timing: ${papers.length} papers are too few`);
  const texts = parseWorkload(await readFile(queriesPath, 'utf8'), queriesPath)
    .filter(goesToAsk)
    .map((q) => q.text);
  const base = papers.slice(0, papers.length - HELD_BACK);
  const held = papers.slice(papers.length - HELD_BACK);
  log(`update-timing: building ${base.length} papers`);
  const [index, buildMs] = timed(() => SearchIndex.build(base));
  warmUp(index);
  const unchanged = askLatency(index, texts);

  const dataDir = await mkdtemp(join(tmpdir(), 'paperboy-update-timing-'));
  try {
    const path = snapshotPath(dataDir, corpusPath);
    let version = 0;
    const refresh = async () => {
      const refreshed = await timedAsync(() =>
        refreshSnapshot({
          corpus: corpusPath,
          dataDir,
          index,
          fingerprint: `update-timing:${++version}`,
          report: { problems: [], warnings: [] },
        }),
      );
      return { ms: refreshed.ms, max_stall_ms: refreshed.maxStallMs, result: refreshed.value };
    };
    // As at start-up: the whole snapshot, then every change refreshes it with the changes since.
    const whole = await timedAsync(() => saveSnapshot(path, index, 'update-timing:0'));

    const updates: Record<string, { papers: number; ms: number; cpu_ms: number }> = {};
    const time = (name: string, change: Parameters<SearchIndex['update']>[0], count: number) => {
      updates[name] = { papers: count, ...timedCpu(() => index.update(change)) };
      log(`update-timing: ${name}: ${updates[name]!.ms} ms`);
    };
    time('add_10', { add: held.slice(0, 10) }, 10);
    const refreshAfter10 = await refresh();
    time('add_200', { add: held.slice(10, 210) }, 200);
    const refreshAfter200 = await refresh();
    time('replace_10_added', { add: held.slice(0, 10).map(revised) }, 10);
    time('replace_10_base', { add: base.slice(0, 10).map(revised) }, 10);
    time('remove_10_base', { remove: base.slice(10, 20).map((p) => p.id) }, 10);
    time('replace_200_base', { add: base.slice(1000, 1200).map(revised) }, 200);
    time('readd_200_unchanged', { add: base.slice(3000, 3200) }, 200);
    time('remove_200_mixed', { remove: [...base.slice(2000, 2100), ...held.slice(110, 210)].map((p) => p.id) }, 200);
    time('add_200_more', { add: held.slice(210, 410) }, 200);
    const refreshAfterAll = await refresh();
    const [, firstAskMs] = timed(() => ask(index, texts[0]!, { limit: 5 }));
    const changed = askLatency(index, texts.slice(1));
    const changes = index.changes();

    const load = await timedAsync(() => loadSnapshot(path, `update-timing:${version}`));
    if (load.value.kind !== 'loaded') throw new Error(`update-timing: snapshot did not load: ${load.value.reason}`);
    return {
      papers: { base: base.length, after: index.paperCount, chunks: index.chunkCount },
      build_s: round(buildMs / 1000),
      updates_ms: updates,
      changes_since_base: { removed: changes.removed.length, added: changes.added.length },
      // The first question after an update also recomputes every chunk's length norm.
      first_ask_after_update_ms: firstAskMs,
      ask_unchanged: unchanged,
      ask_after_updates: changed,
      snapshot: {
        whole_save: { ms: whole.ms, max_stall_ms: whole.maxStallMs, bytes: whole.value.bytes },
        refresh_after_add_10: refreshAfter10,
        refresh_after_add_200: refreshAfter200,
        refresh_after_all: refreshAfterAll,
        changes_file_bytes: (await stat(changesPath(path))).size,
        load_with_changes: { ms: load.ms, max_stall_ms: load.maxStallMs, changes: load.value.changes },
      },
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [corpus, queries, limit] = process.argv.slice(2);
  if (!corpus || !queries) {
    console.error('usage: node dist/bench/update-timing.js CORPUS QUERIES [LIMIT]');
    process.exit(2);
  }
  const report = await measureUpdates(corpus, queries, (line) => console.error(line), Number(limit ?? Infinity));
  console.log(JSON.stringify(report, null, 2));
}
