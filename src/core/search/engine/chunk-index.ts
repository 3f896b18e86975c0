import { CompactMiniSearch, type IndexData } from './compact-minisearch.js';
import { IndexBuilder } from './index-builder.js';
import { LayeredIndex, type LayeredOptions, type PostingLayers } from './layered-index.js';
import { splitWords, termsOf } from '../text/tokenize.js';

/** What the chunk index stores of a chunk: its ordinal and the text it is found by (paper title + chunk text). */
export interface ChunkDocument {
  id: number;
  body: string;
}

const BODY = 'body';
/** The one field's MiniSearch id. */
const BODY_FIELD = 0;
const PROGRESS_EVERY = 2000;

/** MiniSearch options for the chunk index; a snapshot must be loaded with the same ones. */
export const CHUNK_INDEX_OPTIONS: LayeredOptions<ChunkDocument> = {
  fields: [BODY],
  tokenize: splitWords,
  // MiniSearch only iterates the array, so the memoised (shared) term lists are safe to hand over.
  processTerm: (word: string) => termsOf(word) as string[],
  wordFields: [BODY],
  // Removed chunks leave the tail with `remove` and the frozen base as tombstones: nothing to vacuum.
  autoVacuum: false,
};

/**
 * The MiniSearch index over every chunk, opened up through MiniSearch's protected members so the ranker
 * can read postings directly ({@link postingLayersOf}, {@link forEachChunkWith}): it scores with plain BM25
 * (no matched-term multiplier), walks only the postings a query needs, and looks up single documents without a full search. Document ids are chunk
 * ordinals: the chunks built at first are the frozen base (MiniSearch numbers them 0, 1, 2… as added),
 * chunks of papers added later go to an append-only tail, and removed chunks are skipped
 * ({@link LayeredIndex}); statistics are those of the live chunks.
 */
export class ChunkIndex extends LayeredIndex<ChunkDocument> {
  private constructor(base: CompactMiniSearch<ChunkDocument>) {
    super(base, CHUNK_INDEX_OPTIONS);
  }

  /** Indexes `bodies` as chunks 0…n-1 (the frozen base). */
  static build(bodies: readonly string[], onProgress?: (done: number, total: number) => void): ChunkIndex {
    const builder = new IndexBuilder(CHUNK_INDEX_OPTIONS.fields, CHUNK_INDEX_OPTIONS);
    for (let id = 0; id < bodies.length; id++) {
      builder.add([bodies[id]]);
      if (onProgress && (id + 1) % PROGRESS_EVERY === 0) onProgress(id + 1, bodies.length);
    }
    onProgress?.(bodies.length, bodies.length);
    return ChunkIndex.restore(builder.finish());
  }

  /** A builder of chunk documents (`PaperAnalyzer` and `IndexAssembler` use one each). */
  static builder(): IndexBuilder {
    return new IndexBuilder(CHUNK_INDEX_OPTIONS.fields, CHUNK_INDEX_OPTIONS);
  }

  /** The base a snapshot exported ({@link LayeredIndex.exportBase}). */
  static restore(data: IndexData): ChunkIndex {
    return new ChunkIndex(new CompactMiniSearch<ChunkDocument>(CHUNK_INDEX_OPTIONS).importData(data));
  }

  /** Walks the postings of `term` ({@link LayeredIndex.forEachPosting}): chunk ordinals, removed ones included. */
  forEachChunkWith(term: string, visit: (chunk: number, tf: number) => boolean | void): boolean {
    return this.forEachPosting(term, BODY_FIELD, visit);
  }

  /** The postings of `term` as its two layers ({@link LayeredIndex.postingLayers}), for the ranker's hot loop. */
  postingLayersOf(term: string): PostingLayers {
    return this.postingLayers(term, BODY_FIELD);
  }

  /** How many live chunks contain `term`. */
  documentFrequency(term: string): number {
    return this.fieldFrequency(term, BODY_FIELD);
  }

  /** Live chunks containing `term`, by ordinal. */
  chunksWith(term: string): number[] {
    return this.documentsWith(term, BODY_FIELD);
  }

  /** Whether live chunk `ordinal` contains `term`. */
  has(term: string, ordinal: number): boolean {
    return this.contains(term, BODY_FIELD, ordinal);
  }

  /** Every chunk's body length (MiniSearch counts distinct words), indexed by chunk ordinal. */
  lengths(): Float32Array {
    return this.lengthsOf(BODY_FIELD);
  }

  /** Average body length of the live chunks. */
  get averageLength(): number {
    return this.averageFieldLength(BODY_FIELD);
  }

  /** Terms of live chunks within `maxDistance` edits of `term`, with their distance. */
  closeTerms(term: string, maxDistance: number): Array<{ term: string; distance: number }> {
    return [...this.termsNear(term, maxDistance)].map(([found, distance]) => ({ term: found, distance }));
  }
}
