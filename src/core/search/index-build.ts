import type { Paper } from '../paper/paper.js';
import { chunkBody, chunkSpans } from './chunk-layout.js';
import { ChunkIndex } from './engine/chunk-index.js';
import type { AnalyzedDocuments } from './engine/index-builder.js';
import { PaperLookupIndex } from './engine/paper-lookup-index.js';
import { PaperStore } from './engine/paper-store.js';
import { TitleList } from './engine/title-list.js';
import type { SearchIndexParts, SearchOptions } from './search-index.js';
import type { ChunkOptions } from './text/chunk.js';

/** What chunking needs of a paper: a worker thread is sent only this. */
export type ChunkedPaper = Pick<Paper, 'title' | 'text' | 'pageStarts'>;

/** A run of papers cut into chunks and the chunks analysed ({@link chunkAndAnalyze}): typed arrays and terms. */
export interface ChunkedPapers {
  /** Per paper, how many chunks it has. */
  chunkCounts: Int32Array;
  /** Per chunk, where it lies in its paper's text. */
  starts: Int32Array;
  ends: Int32Array;
  analyzed: AnalyzedDocuments;
}

/** The parts of an index that do not depend on its chunks: built while the chunks are analysed elsewhere. */
export interface PreparedPapers {
  store: PaperStore;
  titles: TitleList;
  lookup: PaperLookupIndex;
}

const PROGRESS_EVERY = 1000;

/**
 * Cuts papers into chunks and analyses each chunk's text (title + chunk) for the chunk index, as
 * `SearchIndex.build` does: the costly, independent part of indexing, which runs anywhere (a worker
 * thread takes a slice of the papers) and is put together by {@link assembleParts}.
 * @example const slice = chunkAndAnalyze(papers.slice(0, 1000), CHUNK_OPTIONS)
 */
export function chunkAndAnalyze(
  papers: readonly ChunkedPaper[],
  options: ChunkOptions,
  onProgress?: (done: number, total: number) => void,
): ChunkedPapers {
  const builder = ChunkIndex.builder();
  const chunkCounts = new Int32Array(papers.length);
  const starts: number[] = [];
  const ends: number[] = [];
  papers.forEach((paper, p) => {
    const spans = chunkSpans({ id: '', text: paper.text, pageStarts: paper.pageStarts }, options);
    chunkCounts[p] = spans.length;
    for (const span of spans) {
      starts.push(span.start);
      ends.push(span.end);
      builder.add([chunkBody(paper, span.start, span.end)]);
    }
    if (onProgress && (p + 1) % PROGRESS_EVERY === 0) onProgress(p + 1, papers.length);
  });
  onProgress?.(papers.length, papers.length);
  return { chunkCounts, starts: Int32Array.from(starts), ends: Int32Array.from(ends), analyzed: builder.analyzed() };
}

/** The store, title list and lookup index of `papers`. */
export function preparePapers(papers: readonly Paper[]): PreparedPapers {
  return {
    store: PaperStore.of(papers),
    titles: new TitleList(papers.map((paper) => paper.title)),
    lookup: PaperLookupIndex.build(papers),
  };
}

/**
 * The parts of the index of `papers` (for `SearchIndex.fromParts`) from their chunks, analysed slice by
 * slice in paper order: the same index, to the bit, as one analysis of all the papers gives.
 */
export function assembleParts(
  papers: readonly Paper[],
  slices: readonly ChunkedPapers[],
  options: SearchOptions,
  prepared: PreparedPapers = preparePapers(papers),
): SearchIndexParts {
  const firstChunk = new Int32Array(papers.length + 1);
  const chunks = slices.reduce((n, slice) => n + slice.starts.length, 0);
  const chunkStart = new Int32Array(chunks);
  const chunkEnd = new Int32Array(chunks);
  let paper = 0;
  let chunk = 0;
  for (const slice of slices) {
    for (const count of slice.chunkCounts) {
      firstChunk[paper++] = chunk;
      chunk += count;
    }
    chunkStart.set(slice.starts, chunk - slice.starts.length);
    chunkEnd.set(slice.ends, chunk - slice.ends.length);
  }
  if (paper !== papers.length) throw new Error(`SearchIndex: chunks of ${paper} papers for ${papers.length}`);
  firstChunk[papers.length] = chunk;
  return {
    options,
    ...prepared,
    firstChunk,
    chunkStart,
    chunkEnd,
    chunks: ChunkIndex.fromAnalyzed(slices.map((slice) => slice.analyzed)),
  };
}
