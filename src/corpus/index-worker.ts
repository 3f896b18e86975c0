import { parentPort, workerData } from 'node:worker_threads';
import type { IndexData } from '../core/search/engine/compact-minisearch.js';
import { ChunkIndex } from '../core/search/engine/chunk-index.js';
import type { AnalyzedDocuments } from '../core/search/engine/index-builder.js';
import { PaperLookupIndex } from '../core/search/engine/paper-lookup-index.js';
import { TitleList, type TitleListParts } from '../core/search/engine/title-list.js';
import { indexBuffers, sliceBuffers } from './index-transfer.js';
import { BatchAssembler, PaperAnalyzer, type AnalyzedPaper, type AnalyzedPapers } from '../core/search/index-build.js';
import type { ChunkOptions } from '../core/search/text/chunk.js';

/** What a worker of `buildIndex` is started with: its analyzer's number and the chunking options. */
export interface IndexWorkerData {
  source: number;
  chunk: ChunkOptions;
}

/** Which of the two indexes a batch belongs to. */
export type IndexName = 'chunks' | 'lookup';

/**
 * A job for a worker: a slice of papers to analyse (numbered, to be put back in order), the titles to
 * sort, a batch for the index this worker assembles, or the word to finish that index.
 */
export type IndexWorkerJob =
  | { kind: 'slice'; slice: number; papers: AnalyzedPaper[] }
  | { kind: 'titles'; titles: string[] }
  | { kind: 'batch'; index: IndexName; source: number; documents: AnalyzedDocuments }
  | { kind: 'finish'; index: IndexName };

/** What a worker sends back for each job but a batch. */
export type IndexWorkerReply =
  | { kind: 'slice'; slice: number; analyzed: AnalyzedPapers }
  | { kind: 'titles'; parts: TitleListParts }
  | { kind: 'finished'; index: IndexName; data: IndexData };

// Runs in a worker thread of `buildIndex`. One analyzer for the worker's life, so words met in one slice
// are not processed again in the next; typed arrays are handed over rather than copied.
const { source, chunk } = workerData as IndexWorkerData;
const analyzer = new PaperAnalyzer(chunk, source);
const assemblers = new Map<IndexName, BatchAssembler>();

function assembler(index: IndexName): BatchAssembler {
  let found = assemblers.get(index);
  if (!found) {
    found = new BatchAssembler(index === 'chunks' ? ChunkIndex.builder() : PaperLookupIndex.builder());
    assemblers.set(index, found);
  }
  return found;
}

function reply(message: IndexWorkerReply, transfer: ArrayBuffer[]): void {
  parentPort!.postMessage(message, transfer);
}

parentPort?.on('message', (job: IndexWorkerJob) => {
  switch (job.kind) {
    case 'titles': {
      const parts = new TitleList(job.titles).parts();
      reply({ kind: 'titles', parts }, [parts.order.buffer, parts.wordOrder.buffer] as ArrayBuffer[]);
      return;
    }
    case 'slice': {
      const analyzed = analyzer.analyze(job.papers);
      reply({ kind: 'slice', slice: job.slice, analyzed }, sliceBuffers(analyzed));
      return;
    }
    case 'batch':
      assembler(job.index).add(job.source, job.documents);
      return;
    case 'finish': {
      const data = assembler(job.index).finish();
      assemblers.delete(job.index);
      reply({ kind: 'finished', index: job.index, data }, indexBuffers(data));
      return;
    }
  }
});
