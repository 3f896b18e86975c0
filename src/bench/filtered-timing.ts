// Two more measurements of Paperboy on the bench corpus, each in a process of its own as the latency
// run is: questions with filters (issue 15) and follow-up questions (issue 13), timed against the
// same snapshot the latency run loaded, each question the first time the process sees it.
import { join } from 'node:path';
import { converse, NEW_CONVERSATION } from '../core/answer/conversation.js';
import { serveSearch } from '../core/answer/search-service.js';
import { parseFilters } from '../core/search/filter/filter-grammar.js';
import { compileFacetFilter } from '../core/search/filter/paper-filter.js';
import { paperFacets } from '../core/search/filter/paper-facets.js';
import type { SearchIndex } from '../core/search/search-index.js';
import { loadSnapshot } from '../corpus/snapshot.js';
import { FILTER_KINDS, filteredQuestions, followUpFor, type FilterKind } from './filtered-workload.js';
import { summarizeLatency, type LatencySummary } from './latency-summary.js';
import { PAPERBOY_FINGERPRINT, PAPERBOY_SNAPSHOT_FILE } from './paperboy-driver.js';

/** A question of the workload and the paper the latency run put first for it. */
export interface AskedQuestion {
  id: string;
  text: string;
  top: string;
}

/** Time filtered questions (`filtered`) or follow-ups (`follow-up`) on the snapshot in `dir`. */
export interface FilteredJob {
  kind: 'filtered';
  engine: 'paperboy';
  mode: 'filtered' | 'follow-up';
  dir: string;
  asked: AskedQuestion[];
  askLimit: number;
}

export interface FilteredResult {
  /** Seconds the first filtered question spent building the per-paper facets (authors, venues, years). */
  facetsSeconds: number;
  samples: Array<{ kind: FilterKind; ms: number; returned: number; violations: number; topKept: boolean }>;
}

export interface FollowUpResult {
  samples: Array<{ standaloneMs: number; followUpMs: number; scoped: boolean }>;
}

async function loadIndex(dir: string): Promise<SearchIndex> {
  const read = await loadSnapshot(join(dir, PAPERBOY_SNAPSHOT_FILE), PAPERBOY_FINGERPRINT);
  if (read.kind !== 'loaded') throw new Error(`bench: paperboy snapshot in ${dir} did not load: ${read.reason}`);
  return read.index;
}

/** Questions no workload holds, filtered as the workload's are: they build the facets and warm the code. */
const WARM_UP = [
  'warm-up question about learning representations author:"warm-up author" since:2001',
  'warm-up: robot motion planning in cluttered environments venue:"warm-up venue 2019"',
  'warm-up convergence of stochastic gradient methods since:2011 -warmupword',
];

async function timeFiltered(index: SearchIndex, job: FilteredJob): Promise<FilteredResult> {
  const search = serveSearch(index, { defer: setImmediate });
  const start = performance.now();
  paperFacets(index);
  const facetsSeconds = (performance.now() - start) / 1000;
  for (const text of WARM_UP) await search.ask(text, { limit: job.askLimit });
  const asked = job.asked.flatMap((q) => {
    const top = index.paperById(q.top);
    return top ? [{ id: q.id, text: q.text, top }] : [];
  });
  const samples: FilteredResult['samples'] = [];
  for (const question of filteredQuestions(asked)) {
    const begin = performance.now();
    const answer = await search.ask(question.text, { limit: job.askLimit });
    const ms = performance.now() - begin;
    const ids = answer.kind === 'answer' ? answer.papers.map((p) => p.paper.id) : [];
    // Checked after the clock stopped: every paper returned passes the filter, and the top paper stays first.
    const passes = compileFacetFilter(parseFilters(question.text).filters);
    const violations = ids.filter((id) => !passes(index.paperById(id)!)).length;
    samples.push({ kind: question.kind, ms, returned: ids.length, violations, topKept: ids[0] === question.top });
  }
  return { facetsSeconds, samples };
}

function timeFollowUps(index: SearchIndex, job: FilteredJob): FollowUpResult {
  // `converse` is the core's call for a turn (the terminal chat and `paperboy chat` make it directly).
  for (const text of ['warm-up question about graph learning', 'warm-up about depth from video']) {
    converse(index, converse(index, NEW_CONVERSATION, text).conversation, followUpFor(0));
  }
  const samples: FollowUpResult['samples'] = [];
  job.asked.forEach((question, i) => {
    let begin = performance.now();
    const first = converse(index, NEW_CONVERSATION, question.text, { limit: job.askLimit });
    const standaloneMs = performance.now() - begin;
    begin = performance.now();
    const next = converse(index, first.conversation, followUpFor(i), { limit: job.askLimit });
    const followUpMs = performance.now() - begin;
    samples.push({ standaloneMs, followUpMs, scoped: next.reading.kind !== 'new' });
  });
  return { samples };
}

/** Runs one filtered or follow-up job in this process. */
export async function runFilteredJob(job: FilteredJob): Promise<FilteredResult | FollowUpResult> {
  const index = await loadIndex(job.dir);
  return job.mode === 'filtered' ? timeFiltered(index, job) : timeFollowUps(index, job);
}

/** Figures of filtered questions and follow-ups, under the keys `--json` prints. */
export interface FilteredFigures {
  questions: number;
  facets_s: number;
  filtered_ask_p50_ms: number;
  filtered_ask_p99_ms: number;
  /** Per filter kind: how many, p50, p99. */
  by_kind: Record<FilterKind, { count: number; p50_ms: number; p99_ms: number }>;
  /** Papers returned that fail their question's filter (0 when filters hold). */
  violations: number;
  /** Share of filtered questions whose unfiltered top paper (which passes the filter) is still first. */
  top_kept: number;
}

export interface FollowUpFigures {
  questions: number;
  standalone_p50_ms: number;
  standalone_p99_ms: number;
  followup_p50_ms: number;
  followup_p99_ms: number;
  /** Follow-ups read as referring back (scoped to the papers in focus). */
  scoped: number;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function filteredFigures(result: FilteredResult): FilteredFigures {
  const all = summarizeLatency(result.samples.map((s) => s.ms));
  const byKind = {} as FilteredFigures['by_kind'];
  for (const kind of FILTER_KINDS) {
    const summary: LatencySummary = summarizeLatency(result.samples.filter((s) => s.kind === kind).map((s) => s.ms));
    byKind[kind] = { count: summary.count, p50_ms: round(summary.p50), p99_ms: round(summary.p99) };
  }
  return {
    questions: result.samples.length,
    facets_s: round(result.facetsSeconds, 3),
    filtered_ask_p50_ms: round(all.p50),
    filtered_ask_p99_ms: round(all.p99),
    by_kind: byKind,
    violations: result.samples.reduce((sum, s) => sum + s.violations, 0),
    top_kept: round(result.samples.filter((s) => s.topKept).length / Math.max(1, result.samples.length), 4),
  };
}

export function followUpFigures(result: FollowUpResult): FollowUpFigures {
  const standalone = summarizeLatency(result.samples.map((s) => s.standaloneMs));
  const followUp = summarizeLatency(result.samples.map((s) => s.followUpMs));
  return {
    questions: result.samples.length,
    standalone_p50_ms: round(standalone.p50),
    standalone_p99_ms: round(standalone.p99),
    followup_p50_ms: round(followUp.p50),
    followup_p99_ms: round(followUp.p99),
    scoped: result.samples.filter((s) => s.scoped).length,
  };
}
