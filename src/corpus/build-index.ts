import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../core/paper/paper.js';
import { IndexAssembler, type AnalyzedPaper, type AnalyzedPapers } from '../core/search/index-build.js';
import { PaperStore } from '../core/search/engine/paper-store.js';
import { TitleList, type TitleListParts } from '../core/search/engine/title-list.js';
import { SEARCH_OPTIONS, SearchIndex, type BuildOptions, type SearchOptions } from '../core/search/search-index.js';
import type { IndexWorkerData, IndexWorkerJob } from './index-worker.js';

/** Papers per slice sent to a worker: small enough for steady progress and little text in flight. */
const SLICE_PAPERS = 1000;
/** Slices each worker holds at once: one being analysed, the next already there when it is done. */
const SLICES_AHEAD = 2;
/** Below this many papers threads cost more than they save. */
const MIN_PAPERS_FOR_THREADS = 4000;

export interface BuildIndexOptions extends BuildOptions {
  /** Worker threads chunking and analysing papers; default one per core the machine offers, 0 for none. */
  threads?: number;
}

type WorkerReply =
  { kind: 'slice'; slice: number; analyzed: AnalyzedPapers } | { kind: 'titles'; parts: TitleListParts };

/**
 * Indexes `papers` as {@link SearchIndex.build} does, to the byte, using the machine's cores: worker
 * threads chunk and analyse slices of the papers, handed out one after another as each finishes, and
 * one of them sorts the titles; this thread adds each slice to the index as it comes in. The event loop
 * stays free but for those additions and the final sort of the terms, and only a few slices' text is in
 * flight at once. Falls back to this thread
 * alone for a small corpus, or when workers cannot start.
 * @example const index = await buildIndex(corpus.papers, SEARCH_OPTIONS, { onProgress })
 */
export async function buildIndex(
  papers: readonly Paper[],
  options: SearchOptions = SEARCH_OPTIONS,
  build: BuildIndexOptions = {},
): Promise<SearchIndex> {
  const threads = Math.min(build.threads ?? availableParallelism(), Math.ceil(papers.length / SLICE_PAPERS));
  if (threads < 1 || papers.length < MIN_PAPERS_FOR_THREADS) return SearchIndex.build(papers, options, build);
  const assembler = new IndexAssembler();
  let titles: TitleListParts;
  try {
    titles = await analyzeInThreads(papers, options, build, threads, assembler);
  } catch {
    // Workers that cannot start (a bundled or source-run copy without the worker's file) index here instead.
    return SearchIndex.build(papers, options, build);
  }
  const prepared = { store: PaperStore.of(papers), titles: TitleList.restore(titles) };
  return SearchIndex.fromParts(assembler.finish(papers, options, prepared));
}

function sliceOf(papers: readonly Paper[], slice: number): AnalyzedPaper[] {
  return papers
    .slice(slice * SLICE_PAPERS, (slice + 1) * SLICE_PAPERS)
    .map(({ id, title, text, authors, venue, year, links, pageStarts }) => {
      return { id, title, text, authors, venue, year, links, pageStarts };
    });
}

/** Analyses the papers on `threads` workers into `assembler`, slice by slice as they come in; the sorted titles. */
function analyzeInThreads(
  papers: readonly Paper[],
  options: SearchOptions,
  build: BuildIndexOptions,
  threads: number,
  assembler: IndexAssembler,
): Promise<TitleListParts> {
  const sliceCount = Math.ceil(papers.length / SLICE_PAPERS);
  const workers: Worker[] = [];
  let titles: TitleListParts | undefined;
  let sent = 0;
  let received = 0;
  let done = 0;
  const post = (worker: Worker, job: IndexWorkerJob) => worker.postMessage(job);
  const sendNext = (worker: Worker) => {
    if (sent < sliceCount) post(worker, { kind: 'slice', slice: sent, papers: sliceOf(papers, sent++) });
  };
  const finished = new Promise<TitleListParts>((resolve, reject) => {
    const settle = () => {
      if (received === sliceCount && titles) resolve(titles);
    };
    for (let source = 0; source < threads; source++) {
      const workerData: IndexWorkerData = { source, chunk: options.chunk };
      const worker = new Worker(new URL('./index-worker.js', import.meta.url), { workerData });
      worker.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'titles') titles = reply.parts;
        else {
          // The worker gets its next slice first, so it works while this thread adds the one it sent.
          sendNext(worker);
          assembler.offer(reply.slice, reply.analyzed);
          received++;
          done += reply.analyzed.chunkCounts.length;
          build.onProgress?.(done, papers.length);
        }
        settle();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (received < sliceCount || !titles)
          reject(new Error(`buildIndex: an index worker stopped (exit code ${code})`));
      });
      workers.push(worker);
    }
    // The titles go first to one worker (sorting them is one job), then slices to all of them.
    post(workers[0]!, { kind: 'titles', titles: papers.map((paper) => paper.title) });
    for (let ahead = 0; ahead < SLICES_AHEAD; ahead++) for (const worker of workers) sendNext(worker);
  });
  return finished.finally(() => Promise.all(workers.map((worker) => worker.terminate())));
}
