import { parentPort } from 'node:worker_threads';
import { chunkAndAnalyze, type ChunkedPaper } from '../core/search/index-build.js';
import type { ChunkOptions } from '../core/search/text/chunk.js';

/** A slice of papers to chunk and analyse, numbered so replies can be put back in order. */
export interface IndexWorkerJob {
  slice: number;
  papers: ChunkedPaper[];
  chunk: ChunkOptions;
}

// Runs in a worker thread of `buildIndex`: each message is a slice, answered with its chunks and terms,
// the typed arrays handed over rather than copied.
parentPort?.on('message', (job: IndexWorkerJob) => {
  const chunked = chunkAndAnalyze(job.papers, job.chunk);
  const { analyzed } = chunked;
  const arrays = [chunked.chunkCounts, chunked.starts, chunked.ends, analyzed.keys, analyzed.freqs];
  const transfer = [...arrays, analyzed.postingEnds, analyzed.lengths].map((array) => array.buffer as ArrayBuffer);
  parentPort!.postMessage({ slice: job.slice, chunked }, transfer);
});
