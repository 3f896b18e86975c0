import type { Paper } from '../paper/paper.js';
import type { ChunkLayout } from './chunk-layout.js';
import type { ChunkIndex } from './engine/chunk-index.js';
import { MAX_TERM_FREQUENCY } from './engine/compact-postings.js';
import { grown } from './engine/grown.js';
import type { PaperStore } from './engine/paper-store.js';
import type { TitleList } from './engine/title-list.js';
import { asQuestion, type QueryTerm, type Question } from './question.js';

/** BM25 parameters: `k` saturates term frequency, `b` normalises by length, `d` is BM25+'s floor for a match. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

export interface ScoredChunk {
  /** Chunk ordinal in the index (`SearchIndex.chunk` turns it into a Chunk). */
  ordinal: number;
  score: number;
}

export interface RankedPaper {
  paper: Paper;
  score: number;
  /** The paper's matching chunks, best first. */
  chunks: ScoredChunk[];
  /** The query terms found in the paper (title or text). */
  matched: QueryTerm[];
  /** The whole question appears, word for word, in the paper's title. */
  titleMatch: boolean;
}

export interface Ranking {
  papers: RankedPaper[];
  /** Papers that match at least one term. */
  total: number;
}

export interface RankOptions {
  limit: number;
  offset?: number;
  /** Keep at most this many chunks per paper (best first). */
  chunksPerPaper?: number;
  /** Rank only these papers (ids), each of them even when it matches no term: a question scoped to a conversation's papers. */
  within?: ReadonlySet<string>;
  /** Rank only papers whose ordinal holds 1 here (a filter's selection); the others are as if absent. */
  allowed?: Uint8Array;
}

/** What a ranker reads: the index's parts, owned and changed by the SearchIndex. */
export interface RankSources {
  chunks: ChunkIndex;
  titles: TitleList;
  store: PaperStore;
  layout: ChunkLayout;
}

/**
 * Ranks papers for a question with plain BM25 over the chunk postings, a paper scoring as its best
 * chunk. Owns the per-chunk length norms and the scratch arrays every query reuses (JavaScript runs one
 * query at a time), so scoring allocates nothing per posting.
 */
export class Ranker {
  private readonly sources: RankSources;
  private readonly bm25: Bm25Params;
  /** Per chunk, BM25's length normalisation `k · (1 − b + b · length / average length)`. */
  private norms: Float32Array;
  /** The norms are out of date (the average length changed): recomputed before the next query. */
  private normsStale = true;
  private chunkScores: Float64Array;
  private paperScores: Float64Array;
  private touched: Int32Array;
  private hits: Int32Array;

  constructor(sources: RankSources, bm25: Bm25Params) {
    this.sources = sources;
    this.bm25 = bm25;
    const chunkCount = sources.layout.chunkCount;
    const paperCount = sources.store.size;
    this.norms = new Float32Array(chunkCount);
    this.chunkScores = new Float64Array(chunkCount);
    this.touched = new Int32Array(chunkCount);
    this.paperScores = new Float64Array(paperCount);
    this.hits = new Int32Array(paperCount);
    this.computeNorms();
  }

  /** The index changed: grows the scratch arrays to its chunks and papers, and recomputes the norms when next asked. */
  changed(): void {
    const chunkCount = this.sources.layout.chunkCount;
    const paperCount = this.sources.store.size;
    this.norms = grown(this.norms, chunkCount);
    this.chunkScores = grown(this.chunkScores, chunkCount);
    this.touched = grown(this.touched, chunkCount);
    this.paperScores = grown(this.paperScores, paperCount);
    this.hits = grown(this.hits, paperCount);
    this.normsStale = true;
  }

  /**
   * BM25 inverse document frequency of a term found in `df` chunks (always positive).
   * @example ranker.idf(0) > ranker.idf(100) // true: a rarer term weighs more
   */
  idf(df: number): number {
    const n = this.sources.chunks.documentCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Ranks papers for a question: each chunk gets plain BM25 over its one field and a paper scores as
   * its best chunk; a paper whose title holds the whole question word for word (a title being looked
   * up) ranks above every paper whose title does not. Ties go to the paper earlier in the corpus.
   * @example ranker.rank(readQuestion('point-wise masking', chunks, SEARCH_OPTIONS), { limit: 3 }).papers[0].paper.title
   */
  rank(question: Question | readonly QueryTerm[], options: RankOptions, within?: ReadonlySet<number>): Ranking {
    const read = asQuestion(question);
    const offset = options.offset ?? 0;
    return this.scored(read, offset + options.limit, within, options.allowed, (top, total, titleMatches) => ({
      papers: top
        .slice(offset)
        .map((p) => this.describe(p, read.terms, options.chunksPerPaper ?? 3, titleMatches.has(p))),
      total,
    }));
  }

  /**
   * Ids of the best `limit` papers, ranked exactly as {@link rank} ranks them, without describing them.
   * @example ranker.rankIds(question, 10) // ['paper-3', 'paper-1', …]
   */
  rankIds(question: Question | readonly QueryTerm[], limit: number, allowed?: Uint8Array): string[] {
    const { store } = this.sources;
    return this.scored(asQuestion(question), limit, undefined, allowed, (top) => top.map((p) => store.idAt(p)));
  }

  /** BM25 length norms of every chunk for the live chunks' average length. */
  private computeNorms(): void {
    const { k, b } = this.bm25;
    const { chunks, layout } = this.sources;
    const average = chunks.averageLength || 1;
    const lengths = chunks.lengths();
    const norms = this.norms;
    for (let c = 0; c < layout.chunkCount; c++) norms[c] = k * (1 - b + (b * lengths[c]!) / average);
    this.normsStale = false;
  }

  /**
   * Scores chunks and papers into the scratch arrays, hands the top papers to `read` (of `within`, papers
   * by ordinal, when given; of the `allowed` ones, when given), then clears the arrays.
   */
  private scored<T>(
    question: Question,
    n: number,
    within: ReadonlySet<number> | undefined,
    allowed: Uint8Array | undefined,
    read: (top: number[], total: number, titleMatches: ReadonlySet<number>) => T,
  ): T {
    if (this.normsStale) this.computeNorms();
    const { k, d } = this.bm25;
    const chunks = this.sources.chunks;
    const norms = this.norms;
    const scores = this.chunkScores;
    const touched = this.touched;
    let touchedCount = 0;
    let ceiling = 0;
    const unchanged = chunks.unchanged;
    for (const { term, weight } of question.terms) {
      const layers = chunks.postingLayersOf(term);
      // An unchanged index's document frequency is its base postings' length: no second look-up of the term.
      const df = unchanged ? layers.end - layers.start : chunks.documentFrequency(term);
      if (df === 0) continue;
      const idf = weight * this.idf(df);
      ceiling += idf * (d + k + 1);
      const saturation = idf * (k + 1);
      const floor = idf * d;
      // The layers walked here rather than through forEachPosting: a call per posting cost this loop
      // about a tenth of its time (SciFact train: CPU time of rankIds, best of 20 rounds).
      // Removed chunks of the frozen base are scored too (skipping them here would slow every query);
      // they belong to no paper, so they never reach a ranking.
      const { docs, freqs, start, end, tail } = layers;
      for (let i = start; i < end; i++) {
        const doc = docs[i]!;
        const tf = freqs[i]!;
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc]! += floor + (saturation * tf) / (tf + norms[doc]!);
      }
      for (let i = 0; i < tail.length; i += 2) {
        const doc = tail[i]!;
        const tf = Math.min(tail[i + 1]!, MAX_TERM_FREQUENCY);
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc]! += floor + (saturation * tf) / (tf + norms[doc]!);
      }
    }
    const paperScores = this.paperScores;
    const chunkPaper = this.sources.layout.chunkPaper;
    const hits = this.hits;
    let hitCount = 0;
    if (allowed === undefined) {
      for (let i = 0; i < touchedCount; i++) {
        const doc = touched[i]!;
        const p = chunkPaper[doc]!;
        if (p < 0) continue;
        const chunkScore = scores[doc]!;
        if (paperScores[p] === 0) hits[hitCount++] = p;
        if (chunkScore > paperScores[p]!) paperScores[p] = chunkScore;
      }
    } else {
      // A filtered question: the same scores, papers outside the selection never becoming hits.
      for (let i = 0; i < touchedCount; i++) {
        const doc = touched[i]!;
        const p = chunkPaper[doc]!;
        if (p < 0 || allowed[p] !== 1) continue;
        const chunkScore = scores[doc]!;
        if (paperScores[p] === 0) hits[hitCount++] = p;
        if (chunkScore > paperScores[p]!) paperScores[p] = chunkScore;
      }
    }
    // No chunk can score above `ceiling`, so adding it puts title matches above every other paper.
    const titleMatches = this.titleMatches(question);
    if (allowed !== undefined) for (const p of titleMatches) if (allowed[p] !== 1) titleMatches.delete(p);
    for (const p of titleMatches) paperScores[p]! += ceiling;
    try {
      if (within) {
        const scope = Int32Array.from(within).filter((p) => allowed === undefined || allowed[p] === 1);
        return read(selectTop(scope, scope.length, paperScores, n), scope.length, titleMatches);
      }
      return read(selectTop(hits, hitCount, paperScores, n), hitCount, titleMatches);
    } finally {
      for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = 0;
      for (let i = 0; i < hitCount; i++) paperScores[hits[i]!] = 0;
    }
  }

  /**
   * Papers whose title holds the question's phrase. Such a title holds every term of the question, so
   * the candidates are the papers with its rarest term.
   */
  private titleMatches(question: Question): Set<number> {
    const found = new Set<number>();
    if (question.phrase === '') return found;
    const { chunks, titles, layout } = this.sources;
    let rarest: { term: string; df: number } | undefined;
    for (const { term, corrected, joined } of question.terms) {
      if (corrected) return found; // a misspelt word is in no title as typed
      if (joined) continue; // written as two words in the question, so in a matching title too
      const df = chunks.documentFrequency(term);
      if (df > 0 && (!rarest || df < rarest.df)) rarest = { term, df };
    }
    if (!rarest) return found;
    const chunkPaper = layout.chunkPaper;
    let last = -1;
    const consider = (doc: number) => {
      const p = chunkPaper[doc]!;
      if (p >= 0 && p !== last && titles.hasPhrase(p, question.phrase)) found.add(p);
      last = p;
    };
    // Every question ≤ 16 words walks this, so it too reads the layers rather than go through forEachPosting,
    // whose one call site shared by every reader V8 cannot specialise.
    const { docs, start, end, tail } = chunks.postingLayersOf(rarest.term);
    for (let i = start; i < end; i++) consider(docs[i]!);
    for (let i = 0; i < tail.length; i += 2) consider(tail[i]!);
    return found;
  }

  private describe(p: number, terms: readonly QueryTerm[], chunksPerPaper: number, titleMatch: boolean): RankedPaper {
    const { chunks: index, store, layout } = this.sources;
    const score = this.paperScores[p]!;
    const chunks: ScoredChunk[] = [];
    for (let c = layout.firstChunk[p]!; c < layout.firstChunk[p + 1]!; c++) {
      if (this.chunkScores[c]! > 0) chunks.push({ ordinal: c, score: this.chunkScores[c]! });
    }
    chunks.sort((x, y) => y.score - x.score || x.ordinal - y.ordinal);
    const matched = terms.filter(({ term }) => chunks.some((chunk) => index.has(term, chunk.ordinal)));
    return { paper: store.get(p), score, chunks: chunks.slice(0, chunksPerPaper), matched, titleMatch };
  }
}

/** The `n` best of the first `count` ids by score, best first; ties keep the smaller id first. */
function selectTop(ids: Int32Array, count: number, scores: Float64Array, n: number): number[] {
  const better = (x: number, y: number) => scores[y]! - scores[x]! || x - y;
  if (count <= n * 4) return Array.from(ids.subarray(0, count)).sort(better).slice(0, n);
  // A bounded insertion list beats sorting tens of thousands of ids when n is small.
  const top: number[] = [];
  for (let c = 0; c < count; c++) {
    const id = ids[c]!;
    if (top.length === n && better(id, top[n - 1]!) >= 0) continue;
    let i = Math.min(top.length, n - 1);
    while (i > 0 && better(id, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = id;
  }
  return top;
}
