import { CHUNK_OPTIONS, chunkPaper, type Chunk, type ChunkOptions } from './text/chunk.js';
import { ChunkIndex } from './engine/chunk-index.js';
import { MAX_TERM_FREQUENCY } from './engine/compact-postings.js';
import { grown } from './engine/layered-index.js';
import type { Paper } from '../paper/paper.js';
import { samePaper } from '../paper/same-paper.js';
import { lookupDocument, PaperLookupIndex } from './engine/paper-lookup-index.js';
import { PaperStore } from './engine/paper-store.js';
import { TitleList, typedKey } from './engine/title-list.js';
import { splitWords, termsOf } from './text/tokenize.js';

/** BM25 parameters: `k` saturates term frequency, `b` normalises by length, `d` is BM25+'s floor for a match. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

export interface SearchOptions {
  bm25: Bm25Params;
  chunk: ChunkOptions;
  /** Weight of a question word replaced by the closest indexed term (a typo): less sure than a word as typed. */
  correctedWeight: number;
  /** Weight of two question words looked up as one word (`pre training` as `pretraining`). */
  joinedWeight: number;
}

/**
 * Chosen by measurement on SciFact train (DESIGN.md has the table): one field (title + chunk text),
 * plain BM25 with no matched-term multiplier, a paper scored by its best chunk.
 */
export const SEARCH_OPTIONS: SearchOptions = {
  bm25: { k: 1.2, b: 0.75, d: 0 },
  chunk: CHUNK_OPTIONS,
  correctedWeight: 0.5,
  joinedWeight: 0.5,
};

/** One term the ranker looks for, and the question word it came from. */
export interface QueryTerm {
  term: string;
  /** The word as the user typed it. */
  word: string;
  weight: number;
  /** True when `word` is not in the index and `term` is the closest indexed term. */
  corrected: boolean;
  /** True when `term` is two consecutive question words written as one; `word` then holds both, space-separated. */
  joined: boolean;
}

/** A question as the ranker reads it. */
export interface Question {
  text: string;
  terms: QueryTerm[];
  /** Words the corpus has never seen and has nothing close to. */
  unknown: string[];
  /** The question's words folded for matching a title ({@link typedKey}); empty when too long to be a title. */
  phrase: string;
}

/** A question this long is a question, not part of a title. */
const MAX_TITLE_PHRASE_WORDS = 16;

export interface ScoredChunk {
  /** Chunk ordinal in the index ({@link SearchIndex.chunk} turns it into a Chunk). */
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

export interface BuildOptions {
  /** Called now and then while chunks are indexed: `done` of `total` chunks. */
  onProgress?: (done: number, total: number) => void;
}

export interface RankOptions {
  limit: number;
  offset?: number;
  /** Keep at most this many chunks per paper (best first). */
  chunksPerPaper?: number;
}

/** A change to the papers of an index: ids to remove, papers to add (replacing a paper with the same id). */
export interface IndexChange {
  remove?: Iterable<string>;
  add?: readonly Paper[];
}

/** What an {@link SearchIndex.update} did, by paper id. */
export interface IndexUpdate {
  /** Papers that were not in the index and now are. */
  added: string[];
  /** Papers that were in the index and no longer are. */
  removed: string[];
  /** Papers that were in the index and now are in their new version. */
  replaced: string[];
  /** Papers added exactly as the index already held them: left as they were. */
  unchanged: string[];
}

/**
 * How an index differs from the one it was built or loaded as (its base): what a snapshot saves next to
 * the base, and applies again on load.
 */
export interface IndexChanges {
  /** Ids of base papers no longer in the index. */
  removed: string[];
  /** Papers added since (new, or new versions of base papers), in the order they were added. */
  added: Paper[];
}

/** Edit distance allowed when correcting a word of this length (none for short words: too many near neighbours). */
function typoDistance(length: number): number {
  return length >= 5 ? 2 : length >= 3 ? 1 : 0;
}

/**
 * Everything a question is answered from: the papers, their chunks, and the one MiniSearch index over
 * the chunks. Chunks of one paper are consecutive ordinals, so a paper is a range of chunks.
 *
 * The index is built (or loaded) once and then changed in place by {@link update}: papers added get new
 * ordinals after the others and their chunks go to an append-only tail of the chunk index; removed
 * papers become tombstones every reader skips. Statistics (live chunk count, document frequencies,
 * average chunk length) are those of the live chunks, so scores equal those of an index built afresh
 * from the same papers. A live paper's ordinal (and its chunks') never changes; a removed paper's
 * ordinal is never reused. Only a reload (a snapshot) numbers the papers afresh.
 */
export class SearchIndex {
  readonly options: SearchOptions;
  /** The papers by ordinal (their position in the corpus, papers added later at the end). */
  readonly store: PaperStore;
  readonly chunks: ChunkIndex;
  /** Papers by title, author and venue, typo-tolerant. */
  readonly lookup: PaperLookupIndex;
  /** Folded titles for autocomplete and title matching. */
  readonly titles: TitleList;
  /** Chunk ordinal → paper ordinal; -1 for a removed paper's chunk. */
  private chunkPaper: Int32Array;
  /** Paper ordinal → its first chunk ordinal; the next paper's entry closes the range. */
  private firstChunk: Int32Array;
  private chunkStart: Int32Array;
  private chunkEnd: Int32Array;
  /** Chunk ordinals handed out (live and removed). */
  private chunkOrdinals: number;
  /** Chunks and papers the index was built or loaded with, for its snapshot's base. */
  private readonly baseChunks: number;
  /** Per chunk, BM25's length normalisation `k · (1 − b + b · length / average length)`. */
  private norms: Float32Array;
  /** The norms are out of date (the average length changed): recomputed before the next query. */
  private normsStale = false;
  private readonly byId: Map<string, number>;
  private changeCount = 0;
  // Scratch space reused by every query (JavaScript runs one query at a time).
  private chunkScores: Float64Array;
  private paperScores: Float64Array;
  private touched: Int32Array;
  private hits: Int32Array;

  private constructor(parts: SearchIndexParts) {
    this.options = parts.options;
    this.store = parts.store;
    this.chunks = parts.chunks;
    this.lookup = parts.lookup;
    this.titles = parts.titles;
    this.firstChunk = parts.firstChunk;
    this.chunkStart = parts.chunkStart;
    this.chunkEnd = parts.chunkEnd;
    const chunkCount = parts.chunkStart.length;
    this.chunkOrdinals = chunkCount;
    this.baseChunks = chunkCount;
    this.chunkPaper = new Int32Array(chunkCount);
    for (let p = 0; p < parts.store.count; p++) this.chunkPaper.fill(p, parts.firstChunk[p]!, parts.firstChunk[p + 1]!);
    this.norms = new Float32Array(chunkCount);
    this.computeNorms();
    this.byId = new Map(parts.store.ids.map((id, ordinal) => [id, ordinal]));
    this.chunkScores = new Float64Array(chunkCount);
    this.paperScores = new Float64Array(parts.store.count);
    this.touched = new Int32Array(chunkCount);
    this.hits = new Int32Array(parts.store.count);
  }

  /**
   * Chunks every paper and indexes the chunks (title + text as one field).
   * @example const index = SearchIndex.build(papers); index.rank(index.readQuestion('mask ratio'), { limit: 3 })
   */
  static build(
    papers: readonly Paper[],
    options: SearchOptions = SEARCH_OPTIONS,
    build: BuildOptions = {},
  ): SearchIndex {
    const firstChunk = new Int32Array(papers.length + 1);
    const starts: number[] = [];
    const ends: number[] = [];
    const bodies: string[] = [];
    papers.forEach((paper, p) => {
      firstChunk[p] = starts.length;
      for (const chunk of chunksOf(paper, options)) {
        starts.push(chunk.start);
        ends.push(chunk.end);
        bodies.push(chunkBody(paper, chunk.start, chunk.end));
      }
    });
    firstChunk[papers.length] = starts.length;
    return new SearchIndex({
      options,
      store: PaperStore.of(papers),
      firstChunk,
      chunkStart: Int32Array.from(starts),
      chunkEnd: Int32Array.from(ends),
      titles: new TitleList(papers.map((paper) => paper.title)),
      chunks: ChunkIndex.build(bodies, build.onProgress),
      lookup: PaperLookupIndex.build(papers),
    });
  }

  /** Reassembles an index from parts a snapshot saved ({@link SearchIndex.parts}), changes applied. */
  static fromParts(parts: SearchIndexParts): SearchIndex {
    const index = new SearchIndex(parts);
    if (parts.changes && (parts.changes.removed.length > 0 || parts.changes.added.length > 0)) {
      // Removals first: a base paper changed back to its base version was added again after the change,
      // and must not be taken for the base paper left unchanged.
      index.update({ remove: parts.changes.removed });
      index.update({ add: parts.changes.added });
      index.changeCount = 0;
    }
    return index;
  }

  /**
   * What a snapshot needs to save to rebuild this index exactly: the base it was built or loaded as,
   * and the changes since.
   */
  parts(): SearchIndexParts {
    const papers = this.store.baseCount;
    return {
      options: this.options,
      store: this.store,
      firstChunk: this.firstChunk.subarray(0, papers + 1),
      chunkStart: this.chunkStart.subarray(0, this.baseChunks),
      chunkEnd: this.chunkEnd.subarray(0, this.baseChunks),
      titles: this.titles,
      chunks: this.chunks,
      lookup: this.lookup,
      changes: this.changes(),
    };
  }

  /** How this index differs from its base (nothing for an index as built or loaded). */
  changes(): IndexChanges {
    return { removed: this.store.removedBaseIds(), added: this.store.addedPapers() };
  }

  /**
   * Changes the papers in place: ids in `remove` leave, papers in `add` join, a paper whose id is
   * already indexed replacing it (the last of several with one id wins) unless it is the same paper
   * (every field equal), which is left as it is. Unknown ids are ignored.
   * Afterwards every read reflects the change, with the statistics (and so the scores) of an index built
   * afresh from the resulting papers. Costs what the change holds, not the corpus.
   * @example index.update({ remove: ['old-id'], add: [paper] }) // { added: ['new-id'], removed: ['old-id'], replaced: [] }
   */
  update(change: IndexChange): IndexUpdate {
    const adding = new Map<string, Paper>();
    for (const paper of change.add ?? []) {
      adding.delete(paper.id);
      adding.set(paper.id, paper);
    }
    const result: IndexUpdate = { added: [], removed: [], replaced: [], unchanged: [] };
    const removedOrdinals: number[] = [];
    const addedTitles: Array<[number, string]> = [];
    for (const id of change.remove ?? []) {
      const ordinal = this.byId.get(id);
      if (ordinal === undefined || adding.has(id)) continue;
      this.discard(ordinal);
      removedOrdinals.push(ordinal);
      result.removed.push(id);
    }
    for (const paper of adding.values()) {
      const ordinal = this.byId.get(paper.id);
      if (ordinal === undefined) result.added.push(paper.id);
      else if (samePaper(this.store.get(ordinal), paper)) {
        // A rewritten file mostly holds the papers it held: those cost a comparison, not a re-index.
        result.unchanged.push(paper.id);
        continue;
      } else {
        this.discard(ordinal);
        removedOrdinals.push(ordinal);
        result.replaced.push(paper.id);
      }
      addedTitles.push([this.append(paper), paper.title]);
    }
    this.titles.update(removedOrdinals, addedTitles);
    this.normsStale = true;
    this.changeCount++;
    return result;
  }

  /** Increments on every {@link update}, so a cache can tell the index changed. */
  get version(): number {
    return this.changeCount;
  }

  /** Ids of the live papers read from corpus file `file` (corpus-relative), without making the papers. */
  idsOfFile(file: string): string[] {
    return this.store.idsOfFile(file);
  }

  /**
   * Every live paper in ordinal order. On an index loaded from a snapshot this makes every paper object;
   * use {@link paperCount} and {@link paper} where one or a count will do.
   */
  get papers(): readonly Paper[] {
    return this.store.list();
  }

  get paperCount(): number {
    return this.store.count;
  }

  /** The paper at `ordinal` (its position in the corpus). */
  paper(ordinal: number): Paper {
    return this.store.get(ordinal);
  }

  /** Live chunks. */
  get chunkCount(): number {
    return this.chunks.documentCount;
  }

  /** The ordinal of live paper `id`. */
  ordinalOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  paperById(id: string): Paper | undefined {
    const ordinal = this.byId.get(id);
    return ordinal === undefined ? undefined : this.store.get(ordinal);
  }

  /** The chunk with this ordinal, as {@link chunkPaper} made it. */
  chunk(ordinal: number): Chunk {
    const p = this.chunkPaper[ordinal] ?? -1;
    if (p < 0) throw new RangeError(`SearchIndex: no live chunk ${ordinal}`);
    const paper = this.store.get(p);
    const start = this.chunkStart[ordinal]!;
    const end = this.chunkEnd[ordinal]!;
    const position = ordinal - this.firstChunk[p]!;
    return {
      id: `${paper.id}#${position}`,
      paperId: paper.id,
      position,
      start,
      end,
      text: paper.text.slice(start, end),
      page: pageAt(paper.pageStarts, start),
    };
  }

  /** Takes paper `ordinal` out of every structure but the title list (updated once per change). */
  private discard(ordinal: number): void {
    for (let c = this.firstChunk[ordinal]!; c < this.firstChunk[ordinal + 1]!; c++) {
      this.chunks.remove(c);
      this.chunkPaper[c] = -1;
    }
    this.lookup.remove(ordinal);
    this.byId.delete(this.store.idAt(ordinal));
    this.store.remove(ordinal);
  }

  /** Indexes `paper` under the next ordinal (its chunks under the next chunk ordinals); returns the ordinal. */
  private append(paper: Paper): number {
    const ordinal = this.store.append(paper);
    const chunks = chunksOf(paper, this.options);
    const first = this.chunkOrdinals;
    const end = first + chunks.length;
    this.chunkPaper = grown(this.chunkPaper, end);
    this.chunkStart = grown(this.chunkStart, end);
    this.chunkEnd = grown(this.chunkEnd, end);
    this.norms = grown(this.norms, end);
    this.chunkScores = grown(this.chunkScores, end);
    this.touched = grown(this.touched, end);
    this.firstChunk = grown(this.firstChunk, ordinal + 2);
    this.paperScores = grown(this.paperScores, ordinal + 1);
    this.hits = grown(this.hits, ordinal + 1);
    chunks.forEach((chunk, i) => {
      const c = first + i;
      this.chunkStart[c] = chunk.start;
      this.chunkEnd[c] = chunk.end;
      this.chunkPaper[c] = ordinal;
      this.chunks.add({ id: c, body: chunkBody(paper, chunk.start, chunk.end) });
    });
    this.chunkOrdinals = end;
    this.firstChunk[ordinal] = first;
    this.firstChunk[ordinal + 1] = end;
    this.lookup.add(lookupDocument(paper, ordinal));
    this.byId.set(paper.id, ordinal);
    return ordinal;
  }

  /** BM25 length norms of every chunk for the live chunks' average length. */
  private computeNorms(): void {
    const { k, b } = this.options.bm25;
    const average = this.chunks.averageLength || 1;
    const lengths = this.chunks.lengths();
    const norms = this.norms;
    for (let c = 0; c < this.chunkOrdinals; c++) norms[c] = k * (1 - b + (b * lengths[c]!) / average);
    this.normsStale = false;
  }

  /**
   * The terms to look for in a question: each word's index terms, and for a word the index has never
   * seen, the closest indexed term (a typo), weighted down. Words with no such term are `unknown`.
   * @example index.readQuestion('what mask ratio').terms.map((t) => t.term) // ['mask', 'ratio']
   */
  readQuestion(question: string): Question {
    const seen = new Set<string>();
    const terms: QueryTerm[] = [];
    const unknown: string[] = [];
    const words = splitWords(question);
    for (const word of words) {
      for (const term of termsOf(word)) {
        if (seen.has(term)) continue;
        seen.add(term);
        if (this.chunks.documentFrequency(term) > 0) {
          terms.push({ term, word, weight: 1, corrected: false, joined: false });
          continue;
        }
        const corrected = this.closestTerm(term);
        if (corrected === undefined) unknown.push(word);
        else if (!seen.has(corrected)) {
          seen.add(corrected);
          terms.push({ term: corrected, word, weight: this.options.correctedWeight, corrected: true, joined: false });
        }
      }
    }
    // Two words the papers also write as one (`pre training` → `pretraining`, `data set` → `dataset`).
    for (let i = 0; i + 1 < words.length; i++) {
      const [first, second] = [words[i]!, words[i + 1]!];
      if (termsOf(first).length !== 1 || termsOf(second).length !== 1) continue;
      const joined = termsOf(first + second);
      const term = joined.length === 1 ? joined[0]! : undefined;
      if (term === undefined || seen.has(term) || this.chunks.documentFrequency(term) === 0) continue;
      seen.add(term);
      terms.push({
        term,
        word: `${first} ${second}`,
        weight: this.options.joinedWeight,
        corrected: false,
        joined: true,
      });
    }
    const phrase = words.length <= MAX_TITLE_PHRASE_WORDS ? typedKey(question) : '';
    return { text: question, terms, unknown: [...new Set(unknown)], phrase };
  }

  /**
   * The indexed term nearest to `term` by edit distance, the more common one on a tie, then the first
   * alphabetically (so the choice never depends on the order papers were indexed in).
   */
  closestTerm(term: string): string | undefined {
    const distance = typoDistance(term.length);
    if (distance === 0) return undefined;
    let best: { term: string; distance: number; df: number } | undefined;
    for (const found of this.chunks.closeTerms(term, distance)) {
      const df = this.chunks.documentFrequency(found.term);
      if (
        !best ||
        found.distance < best.distance ||
        (found.distance === best.distance && (df > best.df || (df === best.df && found.term < best.term)))
      ) {
        best = { ...found, df };
      }
    }
    return best?.term;
  }

  /** BM25 inverse document frequency of a term found in `df` chunks (always positive). */
  idf(df: number): number {
    const n = this.chunkCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Ranks papers for a question: each chunk gets plain BM25 over its one field and a paper scores as
   * its best chunk; a paper whose title holds the whole question word for word (a title being looked
   * up) ranks above every paper whose title does not. Ties go to the paper earlier in the corpus.
   * @example index.rank(index.readQuestion('point-wise masking'), { limit: 3 }).papers[0].paper.title
   */
  rank(question: Question | readonly QueryTerm[], options: RankOptions): Ranking {
    question = asQuestion(question);
    const offset = options.offset ?? 0;
    return this.scored(question, offset + options.limit, (top, total, titleMatches) => ({
      papers: top
        .slice(offset)
        .map((p) => this.describe(p, question.terms, options.chunksPerPaper ?? 3, titleMatches.has(p))),
      total,
    }));
  }

  /**
   * Ids of the best `limit` papers, ranked exactly as {@link rank} ranks them, without describing them
   * (for evaluation and benchmarks).
   */
  rankIds(question: Question | readonly QueryTerm[], limit: number): string[] {
    return this.scored(asQuestion(question), limit, (top) => top.map((p) => this.store.idAt(p)));
  }

  /** Scores chunks and papers into the scratch arrays, hands the top papers to `read`, then clears the arrays. */
  private scored<T>(
    question: Question,
    n: number,
    read: (top: number[], total: number, titleMatches: ReadonlySet<number>) => T,
  ): T {
    if (this.normsStale) this.computeNorms();
    const { k, d } = this.options.bm25;
    const norms = this.norms;
    const scores = this.chunkScores;
    const touched = this.touched;
    let touchedCount = 0;
    let ceiling = 0;
    const unchanged = this.chunks.unchanged;
    for (const { term, weight } of question.terms) {
      const postings = this.chunks.postings(term);
      const df = unchanged ? (postings?.size ?? 0) : this.chunks.documentFrequency(term);
      if (df === 0) continue;
      const idf = weight * this.idf(df);
      ceiling += idf * (d + k + 1);
      const saturation = idf * (k + 1);
      const floor = idf * d;
      // Removed chunks of the frozen base are scored too (skipping them here would slow every query);
      // they belong to no paper, so they never reach a ranking.
      if (postings) {
        const { docs, freqs, end } = postings;
        for (let i = postings.start; i < end; i++) {
          const doc = docs[i]!;
          const tf = freqs[i]!;
          if (scores[doc] === 0) touched[touchedCount++] = doc;
          scores[doc]! += floor + (saturation * tf) / (tf + norms[doc]!);
        }
      }
      const added = this.chunks.addedPostings(term);
      if (added) {
        for (let i = 0; i < added.length; i += 2) {
          const doc = added[i]!;
          const tf = Math.min(added[i + 1]!, MAX_TERM_FREQUENCY);
          if (scores[doc] === 0) touched[touchedCount++] = doc;
          scores[doc]! += floor + (saturation * tf) / (tf + norms[doc]!);
        }
      }
    }
    const paperScores = this.paperScores;
    const chunkPaper = this.chunkPaper;
    const hits = this.hits;
    let hitCount = 0;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i]!;
      const p = chunkPaper[doc]!;
      if (p < 0) continue;
      const score = scores[doc]!;
      if (paperScores[p] === 0) hits[hitCount++] = p;
      if (score > paperScores[p]!) paperScores[p] = score;
    }
    // No chunk can score above `ceiling`, so adding it puts title matches above every other paper.
    const titleMatches = this.titleMatches(question);
    for (const p of titleMatches) paperScores[p]! += ceiling;
    try {
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
    let rarest: { term: string; df: number } | undefined;
    for (const { term, corrected, joined } of question.terms) {
      if (corrected) return found; // a misspelt word is in no title as typed
      if (joined) continue; // written as two words in the question, so in a matching title too
      const df = this.chunks.documentFrequency(term);
      if (df > 0 && (!rarest || df < rarest.df)) rarest = { term, df };
    }
    if (!rarest) return found;
    let last = -1;
    const consider = (doc: number) => {
      const p = this.chunkPaper[doc]!;
      if (p >= 0 && p !== last && this.titles.hasPhrase(p, question.phrase)) found.add(p);
      last = p;
    };
    const postings = this.chunks.postings(rarest.term);
    if (postings) for (let i = postings.start; i < postings.end; i++) consider(postings.docs[i]!);
    const added = this.chunks.addedPostings(rarest.term);
    if (added) for (let i = 0; i < added.length; i += 2) consider(added[i]!);
    return found;
  }

  private describe(p: number, terms: readonly QueryTerm[], chunksPerPaper: number, titleMatch: boolean): RankedPaper {
    const score = this.paperScores[p]!;
    const chunks: ScoredChunk[] = [];
    for (let c = this.firstChunk[p]!; c < this.firstChunk[p + 1]!; c++) {
      if (this.chunkScores[c]! > 0) chunks.push({ ordinal: c, score: this.chunkScores[c]! });
    }
    chunks.sort((x, y) => y.score - x.score || x.ordinal - y.ordinal);
    const matched = terms.filter(({ term }) => chunks.some((chunk) => this.chunks.has(term, chunk.ordinal)));
    return { paper: this.store.get(p), score, chunks: chunks.slice(0, chunksPerPaper), matched, titleMatch };
  }
}

/** Bare terms rank as a question with no title phrase (callers ranking by topic words, not a typed question). */
function asQuestion(question: Question | readonly QueryTerm[]): Question {
  return isTerms(question) ? { text: '', terms: [...question], unknown: [], phrase: '' } : question;
}

function isTerms(question: Question | readonly QueryTerm[]): question is readonly QueryTerm[] {
  return Array.isArray(question);
}

/**
 * The arrays and indexes a snapshot stores: the base the index was built or loaded as (the store,
 * title list and indexes hand out their base parts) and the changes since.
 */
export interface SearchIndexParts {
  options: SearchOptions;
  store: PaperStore;
  /** Base papers' first chunks, one extra entry closing the last. */
  firstChunk: Int32Array;
  chunkStart: Int32Array;
  chunkEnd: Int32Array;
  titles: TitleList;
  chunks: ChunkIndex;
  lookup: PaperLookupIndex;
  /** Applied on top of the base by {@link SearchIndex.fromParts}. */
  changes?: IndexChanges;
}

/** A paper's chunks as the index holds them: a paper with no text is one empty chunk, still found by its title. */
function chunksOf(paper: Paper, options: SearchOptions): Array<Pick<Chunk, 'start' | 'end'>> {
  const chunks = chunkPaper(paper, options.chunk);
  return chunks.length > 0 ? chunks : [{ start: 0, end: 0 }];
}

/** The text a chunk is indexed by: its paper's title and its own text, one field. */
function chunkBody(paper: Paper, start: number, end: number): string {
  return `${paper.title}\n${paper.text.slice(start, end)}`;
}

/** The 1-based PDF page holding `offset`, or null when the paper is not paged. */
export function pageAt(pageStarts: readonly number[] | null, offset: number): number | null {
  if (!pageStarts || pageStarts.length === 0) return null;
  let page = 1;
  for (let i = 0; i < pageStarts.length; i++) if (pageStarts[i]! <= offset) page = i + 1;
  return page;
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
