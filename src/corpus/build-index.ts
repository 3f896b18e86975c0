import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../core/paper/paper.js';
import { assembleParts, preparePapers, type ChunkedPapers } from '../core/search/index-build.js';
import { SEARCH_OPTIONS, SearchIndex, type BuildOptions, type SearchOptions } from '../core/search/search-index.js';
import type { IndexWorkerJob } from './index-worker.js';

/** Papers per slice sent to a worker: small enough for steady progress, large enough to amortise a message. */
const SLICE_PAPERS = 2000;
/** Below this many papers threads cost more than they save. */
const MIN_PAPERS_FOR_THREADS = 4000;

export interface BuildIndexOptions extends BuildOptions {
  /** Worker threads chunking and analysing papers; default one per core the machine offers, 0 for none. */
  threads?: number;
}

/**
 * Indexes `papers` as {@link SearchIndex.build} does, to the byte, using the machine's cores: worker
 * threads chunk and analyse slices of the papers while this thread builds the title list and the
 * lookup index, then the slices are put together in paper order. The event loop is free while the
 * workers run. Falls back to this thread alone for a small corpus, or when workers cannot start.
 * @example const index = await buildIndex(corpus.papers, SEARCH_OPTIONS, { onProgress })
 */
export async function buildIndex(
  papers: readonly Paper[],
  options: SearchOptions = SEARCH_OPTIONS,
  build: BuildIndexOptions = {},
): Promise<SearchIndex> {
  const threads = Math.min(build.threads ?? availableParallelism(), Math.ceil(papers.length / SLICE_PAPERS));
  if (threads < 1 || papers.length < MIN_PAPERS_FOR_THREADS) return SearchIndex.build(papers, options, build);
  try {
    return await buildInThreads(papers, options, build, threads);
  } catch {
    // Workers that cannot start (a bundled or source-run copy without the worker's file) index here instead.
    return SearchIndex.build(papers, options, build);
  }
}

async function buildInThreads(
  papers: readonly Paper[],
  options: SearchOptions,
  build: BuildIndexOptions,
  threads: number,
): Promise<SearchIndex> {
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (chunked: ChunkedPapers) => void; reject: (error: unknown) => void }>();
  const failed = (error: unknown) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  try {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(new URL('./index-worker.js', import.meta.url));
      worker.on('message', ({ slice, chunked }: { slice: number; chunked: ChunkedPapers }) => {
        waiting.get(slice)?.resolve(chunked);
        waiting.delete(slice);
      });
      worker.on('error', failed);
      workers.push(worker);
    }
    const slices: Array<Promise<ChunkedPapers>> = [];
    const jobs: IndexWorkerJob[] = [];
    for (let from = 0; from < papers.length; from += SLICE_PAPERS) {
      const part = papers.slice(from, from + SLICE_PAPERS);
      const job: IndexWorkerJob = {
        slice: jobs.length,
        papers: part.map(({ title, text, pageStarts }) => ({ title, text, pageStarts })),
        chunk: options.chunk,
      };
      jobs.push(job);
      slices.push(new Promise<ChunkedPapers>((resolve, reject) => waiting.set(job.slice, { resolve, reject })));
    }
    // Every slice is sent at once: this thread is busy with the title list and lookup index meanwhile and
    // could not hand out slices one by one (the papers' text is copied to the workers for the time being).
    jobs.forEach((job, i) => workers[i % threads]!.postMessage(job));
    let done = 0;
    for (const [i, slice] of slices.entries()) {
      void slice.then(
        () => {
          done += jobs[i]!.papers.length;
          build.onProgress?.(done, papers.length);
        },
        () => undefined,
      );
    }
    // What does not depend on the chunks is built here meanwhile.
    const prepared = preparePapers(papers);
    return SearchIndex.fromParts(assembleParts(papers, await Promise.all(slices), options, prepared));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
