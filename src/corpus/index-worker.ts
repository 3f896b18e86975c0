import { parentPort, workerData } from 'node:worker_threads';
import { PaperAnalyzer, type AnalyzedPaper } from '../core/search/index-build.js';
import { TitleList } from '../core/search/engine/title-list.js';
import type { ChunkOptions } from '../core/search/text/chunk.js';

/** What a worker of `buildIndex` is started with: its analyzer's number and the chunking options. */
export interface IndexWorkerData {
  source: number;
  chunk: ChunkOptions;
}

/** A job for a worker: a slice of papers to analyse (numbered, to be put back in order), or the titles to sort. */
export type IndexWorkerJob =
  { kind: 'slice'; slice: number; papers: AnalyzedPaper[] } | { kind: 'titles'; titles: string[] };

// Runs in a worker thread of `buildIndex`. One analyzer for the worker's life, so words met in one slice
// are not processed again in the next; typed arrays are handed over rather than copied.
const { source, chunk } = workerData as IndexWorkerData;
const analyzer = new PaperAnalyzer(chunk, source);

parentPort?.on('message', (job: IndexWorkerJob) => {
  if (job.kind === 'titles') {
    const parts = new TitleList(job.titles).parts();
    parentPort!.postMessage({ kind: 'titles', parts }, [parts.order.buffer, parts.wordOrder.buffer] as ArrayBuffer[]);
    return;
  }
  const analyzed = analyzer.analyze(job.papers);
  const { chunks, lookup } = analyzed;
  const arrays: Array<Int32Array | Uint32Array> = [analyzed.chunkCounts, analyzed.starts, analyzed.ends];
  for (const documents of [chunks, lookup]) {
    arrays.push(documents.keys, documents.freqs, documents.postingEnds, documents.lengths);
  }
  parentPort!.postMessage(
    { kind: 'slice', slice: job.slice, analyzed },
    arrays.map((array) => array.buffer as ArrayBuffer),
  );
});
