import { CompactMiniSearch, type IndexData } from './compact-minisearch.js';
import type { CompactPostings } from './compact-postings.js';
import { splitWords, termsOf } from './tokenize.js';

/** What the chunk index stores of a chunk: its ordinal and the text it is found by (paper title + chunk text). */
export interface ChunkDocument {
  id: number;
  body: string;
}

/** A term's postings in the body field: chunk ordinals and term frequencies, sorted by chunk. */
export type Postings = CompactPostings;

const BODY = 'body';
const PROGRESS_EVERY = 2000;

/** MiniSearch options for the chunk index; a snapshot must be loaded with the same ones. */
export const CHUNK_INDEX_OPTIONS = {
  fields: [BODY],
  tokenize: splitWords,
  // MiniSearch only iterates the array, so the memoised (shared) term lists are safe to hand over.
  processTerm: (word: string) => termsOf(word) as string[],
  // Documents are never removed one by one: a changed corpus is rebuilt, so vacuuming has nothing to do.
  autoVacuum: false,
};

/**
 * The one MiniSearch index over every chunk, opened up through MiniSearch's protected members so the
 * ranker can read postings directly: it scores with plain BM25 (no matched-term multiplier), walks only
 * the postings a query needs, and looks up single documents without a full search.
 * Short document ids are chunk ordinals: chunks are added in order, so MiniSearch numbers them 0, 1, 2…
 */
export class ChunkIndex extends CompactMiniSearch<ChunkDocument> {
  constructor() {
    super(CHUNK_INDEX_OPTIONS);
  }

  /** Indexes `bodies` as chunks 0…n-1. */
  static build(bodies: readonly string[], onProgress?: (done: number, total: number) => void): ChunkIndex {
    const index = new ChunkIndex();
    for (let id = 0; id < bodies.length; id++) {
      index.add({ id, body: bodies[id]! });
      if (onProgress && (id + 1) % PROGRESS_EVERY === 0) onProgress(id + 1, bodies.length);
    }
    onProgress?.(bodies.length, bodies.length);
    return index.freeze();
  }

  /** The index a snapshot exported ({@link CompactMiniSearch.exportData}). */
  static restore(data: IndexData): ChunkIndex {
    return new ChunkIndex().importData(data);
  }

  /** Postings of `term` in the body field, or undefined when no chunk has it. */
  postings(term: string): Postings | undefined {
    return this._index.get(term)?.get(this.bodyFieldId) as Postings | undefined;
  }

  /** How many chunks contain `term`. */
  documentFrequency(term: string): number {
    return this.postings(term)?.size ?? 0;
  }

  /** Every chunk's body length (MiniSearch counts distinct words), indexed by chunk ordinal. */
  lengths(): Float32Array {
    const lengths = new Float32Array(this._nextId);
    for (const [shortId, fieldLengths] of this._fieldLength) lengths[shortId] = fieldLengths[this.bodyFieldId] ?? 0;
    return lengths;
  }

  get averageLength(): number {
    return this._avgFieldLength[this.bodyFieldId] ?? 0;
  }

  /** Indexed terms within `maxDistance` edits of `term`, with their distance. */
  closeTerms(term: string, maxDistance: number): Array<{ term: string; distance: number }> {
    return [...this._index.fuzzyGet(term, maxDistance)].map(([found, [, distance]]) => ({ term: found, distance }));
  }

  private get bodyFieldId(): number {
    return this._fieldIds[BODY]!;
  }
}
