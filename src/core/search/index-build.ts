import type { Paper } from '../paper/paper.js';
import { chunkPieces, chunkSpans } from './chunk-layout.js';
import { ChunkIndex } from './engine/chunk-index.js';
import type { IndexData } from './engine/compact-minisearch.js';
import { TermMapping, type AnalyzedDocuments, type IndexBuilder } from './engine/index-builder.js';
import { PaperLookupIndex, type LookupPaper } from './engine/paper-lookup-index.js';
import { PaperStore } from './engine/paper-store.js';
import { TitleList } from './engine/title-list.js';
import type { SearchIndexParts, SearchOptions } from './search-index.js';
import type { ChunkOptions } from './text/chunk.js';

/** What analysing a paper needs of it (chunks and lookup document): a worker thread is sent only this. */
export type AnalyzedPaper = LookupPaper & Pick<Paper, 'pageStarts'>;

/** A run of papers cut into chunks and analysed by a {@link PaperAnalyzer}: typed arrays and terms. */
export interface AnalyzedPapers {
  /** Which analyzer of the build analysed them (its batches carry on from one another's terms). */
  source: number;
  /** Per paper, how many chunks it has. */
  chunkCounts: Int32Array;
  /** Per chunk, where it lies in its paper's text. */
  starts: Int32Array;
  ends: Int32Array;
  /** The chunks' text (title + chunk), for the chunk index. */
  chunks: AnalyzedDocuments;
  /** The papers' lookup documents (title, authors, venue, names, ids), for the lookup index. */
  lookup: AnalyzedDocuments;
}

const PROGRESS_EVERY = 1000;

/**
 * Cuts papers into chunks and analyses each chunk's text (title + chunk) for the chunk index and each
 * paper's lookup document for the lookup index, as `SearchIndex.build` does: the costly, independent
 * part of indexing, which runs anywhere (each worker thread has one analyzer and is sent slices of the
 * papers) and is put together by {@link assembleParts}. An analyzer keeps the words it has met from
 * one slice to the next, so each distinct word is processed once per analyzer.
 * @example const slice = new PaperAnalyzer(CHUNK_OPTIONS, 0).analyze(papers.slice(0, 1000))
 */
export class PaperAnalyzer {
  private readonly options: ChunkOptions;
  private readonly source: number;
  private readonly chunks = ChunkIndex.builder();
  private readonly lookup = PaperLookupIndex.builder();

  /** `source` tells this analyzer's slices from other analyzers' in one build. */
  constructor(options: ChunkOptions, source: number) {
    this.options = options;
    this.source = source;
  }

  /** Analyses the next slice of papers this analyzer is given (slices must be assembled in this order). */
  analyze(papers: readonly AnalyzedPaper[], onProgress?: (done: number, total: number) => void): AnalyzedPapers {
    const chunkCounts = new Int32Array(papers.length);
    const starts: number[] = [];
    const ends: number[] = [];
    papers.forEach((paper, p) => {
      const spans = chunkSpans({ id: '', text: paper.text, pageStarts: paper.pageStarts }, this.options);
      chunkCounts[p] = spans.length;
      for (const span of spans) {
        starts.push(span.start);
        ends.push(span.end);
        this.chunks.add([chunkPieces(paper, span.start, span.end)]);
      }
      if (onProgress && (p + 1) % PROGRESS_EVERY === 0) onProgress(p + 1, papers.length);
    });
    PaperLookupIndex.addPapers(this.lookup, papers);
    onProgress?.(papers.length, papers.length);
    return {
      source: this.source,
      chunkCounts,
      starts: Int32Array.from(starts),
      ends: Int32Array.from(ends),
      chunks: this.chunks.takeAnalyzed(),
      lookup: this.lookup.takeAnalyzed(),
    };
  }
}

/**
 * The papers analysed by one analyzer in one slice.
 * @example assembleParts(papers, [analyzePapers(papers, CHUNK_OPTIONS)], SEARCH_OPTIONS)
 */
export function analyzePapers(
  papers: readonly AnalyzedPaper[],
  options: ChunkOptions,
  onProgress?: (done: number, total: number) => void,
): AnalyzedPapers {
  return new PaperAnalyzer(options, 0).analyze(papers, onProgress);
}

/** The parts of an index that need the whole corpus at once: built while slices are analysed elsewhere. */
export interface PreparedPapers {
  store: PaperStore;
  titles: TitleList;
}

/** The store and title list of `papers`. */
export function preparePapers(papers: readonly Paper[]): PreparedPapers {
  return { store: PaperStore.of(papers), titles: new TitleList(papers.map((paper) => paper.title)) };
}

/** Where an {@link IndexAssembler} sends each slice's batches for one index, in paper order. */
export interface BatchSink {
  /** Adds the batch an analyzer (`source`) handed over, as the next documents. */
  add(source: number, documents: AnalyzedDocuments): void;
}

/**
 * One index's builder fed batch by batch from several analyzers ({@link BatchSink}), each analyzer's
 * terms mapped as its batches come: runs on any thread.
 * @example const chunks = new BatchAssembler(ChunkIndex.builder()); chunks.add(0, slice.chunks); chunks.finish()
 */
export class BatchAssembler implements BatchSink {
  private readonly builder: IndexBuilder;
  private readonly mappings = new Map<number, TermMapping>();

  constructor(builder: IndexBuilder) {
    this.builder = builder;
  }

  add(source: number, documents: AnalyzedDocuments): void {
    let mapping = this.mappings.get(source);
    if (!mapping) this.mappings.set(source, (mapping = new TermMapping()));
    this.builder.addAnalyzed(documents, mapping);
  }

  /** The index as flat arrays, every batch added. */
  finish(): IndexData {
    return this.builder.finish();
  }
}

/** The indexes' flat arrays, as {@link BatchAssembler}s finish them. */
export interface AssembledIndexes {
  chunks: IndexData;
  lookup: IndexData;
}

/**
 * Puts analysed slices together, as they come in and in any order: each goes on once the slices before
 * it have, its chunks' and lookup documents' batches to their {@link BatchSink}s (builders on this
 * thread, or on another), its chunk offsets kept here. So the work is spread over the build rather than
 * left to its end, and the result is the same index, to the bit, as one analysis of all the papers gives.
 * @example const assembler = new IndexAssembler(); assembler.offer(0, slice); assembler.finish(papers, SEARCH_OPTIONS)
 */
export class IndexAssembler {
  private readonly sinks: { chunks: BatchSink; lookup: BatchSink };
  /** Slices that came before the ones ahead of them, by number. */
  private readonly waiting = new Map<number, AnalyzedPapers>();
  private next = 0;
  private readonly chunkCounts: Int32Array[] = [];
  private readonly starts: Int32Array[] = [];
  private readonly ends: Int32Array[] = [];

  /** Batches go to `sinks`; by default to builders on this thread, finished by {@link finish}. */
  constructor(sinks?: { chunks: BatchSink; lookup: BatchSink }) {
    this.sinks = sinks ?? {
      chunks: new BatchAssembler(ChunkIndex.builder()),
      lookup: new BatchAssembler(PaperLookupIndex.builder()),
    };
  }

  /** Takes slice number `n` (slices are numbered in paper order from 0). */
  offer(n: number, slice: AnalyzedPapers): void {
    this.waiting.set(n, slice);
    for (let ready = this.waiting.get(this.next); ready; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.sinks.chunks.add(ready.source, ready.chunks);
      this.sinks.lookup.add(ready.source, ready.lookup);
      this.chunkCounts.push(ready.chunkCounts);
      this.starts.push(ready.starts);
      this.ends.push(ready.ends);
    }
  }

  /** The parts of the index of `papers`, every slice offered, with this thread's builders finished. */
  finish(papers: readonly Paper[], options: SearchOptions, prepared?: PreparedPapers): SearchIndexParts {
    const { chunks, lookup } = this.sinks;
    if (!(chunks instanceof BatchAssembler) || !(lookup instanceof BatchAssembler)) {
      throw new Error('SearchIndex: batches sent elsewhere are finished there; use parts()');
    }
    this.complete();
    return this.parts(papers, options, { chunks: chunks.finish(), lookup: lookup.finish() }, prepared);
  }

  /** The parts of the index of `papers`, every slice offered, from the finished `indexes`. */
  parts(
    papers: readonly Paper[],
    options: SearchOptions,
    indexes: AssembledIndexes,
    prepared: PreparedPapers = preparePapers(papers),
  ): SearchIndexParts {
    this.complete();
    const firstChunk = new Int32Array(papers.length + 1);
    const chunks = this.starts.reduce((n, starts) => n + starts.length, 0);
    const chunkStart = new Int32Array(chunks);
    const chunkEnd = new Int32Array(chunks);
    let paper = 0;
    let chunk = 0;
    this.chunkCounts.forEach((counts, i) => {
      for (const count of counts) {
        firstChunk[paper++] = chunk;
        chunk += count;
      }
      chunkStart.set(this.starts[i]!, chunk - this.starts[i]!.length);
      chunkEnd.set(this.ends[i]!, chunk - this.ends[i]!.length);
    });
    if (paper !== papers.length) throw new Error(`SearchIndex: chunks of ${paper} papers for ${papers.length}`);
    firstChunk[papers.length] = chunk;
    return {
      options,
      ...prepared,
      firstChunk,
      chunkStart,
      chunkEnd,
      chunks: ChunkIndex.restore(indexes.chunks),
      lookup: PaperLookupIndex.restore(indexes.lookup),
    };
  }

  /** Throws when a slice never came: the slices after it are still waiting. */
  private complete(): void {
    if (this.waiting.size > 0) {
      throw new Error(`SearchIndex: slice ${this.next} never came (${this.waiting.size} waiting)`);
    }
  }
}

/**
 * The parts of the index of `papers` (for `SearchIndex.fromParts`) from their slices, in paper order:
 * the same index, to the bit, as one analysis of all the papers gives ({@link IndexAssembler}).
 */
export function assembleParts(
  papers: readonly Paper[],
  slices: readonly AnalyzedPapers[],
  options: SearchOptions,
  prepared: PreparedPapers = preparePapers(papers),
): SearchIndexParts {
  const assembler = new IndexAssembler();
  slices.forEach((slice, n) => assembler.offer(n, slice));
  return assembler.finish(papers, options, prepared);
}
