import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../core/paper/paper.js';
import { IndexAssembler, type AnalyzedPaper, type AssembledIndexes } from '../core/search/index-build.js';
import type { AnalyzedDocuments } from '../core/search/engine/index-builder.js';
import { PaperStore } from '../core/search/engine/paper-store.js';
import { TitleList, type TitleListParts } from '../core/search/engine/title-list.js';
import { SEARCH_OPTIONS, SearchIndex, type BuildOptions, type SearchOptions } from '../core/search/search-index.js';
import { batchBuffers } from './index-transfer.js';
import type { IndexName, IndexWorkerData, IndexWorkerJob, IndexWorkerReply } from './index-worker.js';

/** Papers per slice sent to a worker: small enough for steady progress and little text in flight. */
const SLICE_PAPERS = 1000;
/** Slices each worker holds at once: one being analysed, the next already there when it is done. */
const SLICES_AHEAD = 2;
/** Below this many papers threads cost more than they save. */
const MIN_PAPERS_FOR_THREADS = 4000;

export interface BuildIndexOptions extends BuildOptions {
  /** Worker threads chunking and analysing papers; default one per core the machine offers, 0 for none. */
  threads?: number;
  /** Called when worker threads could not be used and the papers are indexed on this thread instead. */
  onFallback?: (error: unknown) => void;
}

/** What the workers hand back: the sorted titles and both indexes' flat arrays. */
interface ThreadedBuild {
  titles: TitleListParts;
  indexes: AssembledIndexes;
}

/**
 * Indexes `papers` as {@link SearchIndex.build} does, to the byte, using the machine's cores: worker
 * threads chunk and analyse slices of the papers, handed out one after another as each finishes; this
 * thread passes each slice's batches on, in paper order, to the workers that assemble the chunk index
 * and the lookup index, and one worker sorts the titles. This thread only hands things on and puts the
 * finished parts together, so its event loop stays free, and only a few slices' text is in flight at once.
 * Falls back to this thread alone for a small corpus, or when workers cannot start.
 * @example const index = await buildIndex(corpus.papers, SEARCH_OPTIONS, { onProgress })
 */
export async function buildIndex(
  papers: readonly Paper[],
  options: SearchOptions = SEARCH_OPTIONS,
  build: BuildIndexOptions = {},
): Promise<SearchIndex> {
  const threads = Math.min(build.threads ?? availableParallelism(), Math.ceil(papers.length / SLICE_PAPERS));
  if (threads < 1 || papers.length < MIN_PAPERS_FOR_THREADS) return SearchIndex.build(papers, options, build);
  let built: ThreadedBuild & { assembler: IndexAssembler };
  try {
    built = await buildInThreads(papers, options, build, threads);
  } catch (error) {
    // Workers that cannot start (a bundled or source-run copy without the worker's file) index here instead.
    build.onFallback?.(error);
    return SearchIndex.build(papers, options, build);
  }
  const prepared = { store: PaperStore.of(papers), titles: TitleList.restore(built.titles) };
  return SearchIndex.fromParts(built.assembler.parts(papers, options, built.indexes, prepared));
}

function sliceOf(papers: readonly Paper[], slice: number): AnalyzedPaper[] {
  return papers
    .slice(slice * SLICE_PAPERS, (slice + 1) * SLICE_PAPERS)
    .map(({ id, title, text, authors, venue, year, links, pageStarts }) => {
      return { id, title, text, authors, venue, year, links, pageStarts };
    });
}

async function buildInThreads(
  papers: readonly Paper[],
  options: SearchOptions,
  build: BuildIndexOptions,
  threads: number,
): Promise<ThreadedBuild & { assembler: IndexAssembler }> {
  const sliceCount = Math.ceil(papers.length / SLICE_PAPERS);
  const workers: Worker[] = [];
  // The worker that sorts the titles also assembles the lookup index; another (when there is one) the chunks.
  const roles = { titles: 0, lookup: 0, chunks: 1 % threads };
  const post = (worker: number, job: IndexWorkerJob, transfer: ArrayBuffer[] = []) =>
    workers[worker]!.postMessage(job, transfer);
  const sink = (index: IndexName) => ({
    add: (source: number, documents: AnalyzedDocuments) =>
      post(roles[index], { kind: 'batch', index, source, documents }, batchBuffers(documents)),
  });
  const assembler = new IndexAssembler({ chunks: sink('chunks'), lookup: sink('lookup') });
  let sent = 0;
  let received = 0;
  let done = 0;
  let titles: TitleListParts | undefined;
  const indexes: Partial<AssembledIndexes> = {};
  const sendNext = (worker: number) => {
    if (sent < sliceCount) post(worker, { kind: 'slice', slice: sent, papers: sliceOf(papers, sent++) });
  };
  const finished = new Promise<ThreadedBuild>((resolve, reject) => {
    const settle = () => {
      if (titles && indexes.chunks && indexes.lookup) resolve({ titles, indexes: indexes as AssembledIndexes });
    };
    const onReply = (worker: number, reply: IndexWorkerReply) => {
      switch (reply.kind) {
        case 'titles':
          titles = reply.parts;
          break;
        case 'finished':
          indexes[reply.index] = reply.data;
          break;
        case 'slice':
          // The worker gets its next slice first, so it works while this thread passes on the one it sent.
          sendNext(worker);
          assembler.offer(reply.slice, reply.analyzed);
          received++;
          done += reply.analyzed.chunkCounts.length;
          build.onProgress?.(done, papers.length);
          if (received === sliceCount) {
            post(roles.chunks, { kind: 'finish', index: 'chunks' });
            post(roles.lookup, { kind: 'finish', index: 'lookup' });
          }
          break;
      }
      settle();
    };
    for (let source = 0; source < threads; source++) {
      const workerData: IndexWorkerData = { source, chunk: options.chunk };
      const worker = new Worker(new URL('./index-worker.js', import.meta.url), { workerData });
      worker.on('message', (reply: IndexWorkerReply) => onReply(source, reply));
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`buildIndex: an index worker stopped (exit code ${code})`)));
      workers.push(worker);
    }
    post(roles.titles, { kind: 'titles', titles: papers.map((paper) => paper.title) });
    for (let ahead = 0; ahead < SLICES_AHEAD; ahead++) for (let w = 0; w < threads; w++) sendNext(w);
  });
  try {
    return { ...(await finished), assembler };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
