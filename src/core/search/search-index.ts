import { CHUNK_OPTIONS, type Chunk, type ChunkOptions } from './text/chunk.js';
import { chunkBody, ChunkLayout, chunkSpans } from './chunk-layout.js';
import { analyzePapers, assembleParts } from './index-build.js';
import type { ChunkIndex } from './engine/chunk-index.js';
import type { Paper } from '../paper/paper.js';
import { identifierKey, identifierPrefix } from '../paper/paper-identifiers.js';
import { samePaper } from '../paper/same-paper.js';
import type { PaperLookupIndex } from './engine/paper-lookup-index.js';
import { lookupDocument, type LookupField, type LookupMatch } from './engine/paper-lookup-index.js';
import type { PaperStore } from './engine/paper-store.js';
import type { TitleList } from './engine/title-list.js';
import { readQuestion, type QueryTerm, type Question, type QuestionWeights } from './question.js';
import type { IndexChange, IndexChanges, IndexUpdate } from './index-change.js';
import { Ranker, type Bm25Params, type Ranking, type RankOptions } from './rank.js';

export type { LookupField, LookupMatch } from './engine/paper-lookup-index.js';
export type { QueryTerm, Question } from './question.js';
export type { Bm25Params, RankedPaper, Ranking, RankOptions, ScoredChunk } from './rank.js';
export { pageAt } from './chunk-layout.js';
export type { IndexChange, IndexChanges, IndexUpdate } from './index-change.js';

export interface SearchOptions extends QuestionWeights {
  bm25: Bm25Params;
  chunk: ChunkOptions;
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

export interface BuildOptions {
  /** Called now and then while chunks are indexed: `done` of `total` papers have their chunks indexed. */
  onProgress?: (done: number, total: number) => void;
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
  private readonly store: PaperStore;
  private readonly chunks: ChunkIndex;
  /** Papers by title, author and venue, typo-tolerant. */
  private readonly lookup: PaperLookupIndex;
  /** Folded titles for autocomplete and title matching. */
  private readonly titles: TitleList;
  /** Which chunks are whose; shared with the ranker, which reads it on every query. */
  private readonly layout: ChunkLayout;
  /** Chunks and papers the index was built or loaded with, for its snapshot's base. */
  private readonly baseChunks: number;
  private readonly ranker: Ranker;
  private readonly byId: Map<string, number>;
  private changeCount = 0;

  private constructor(parts: SearchIndexParts) {
    this.options = parts.options;
    this.store = parts.store;
    this.chunks = parts.chunks;
    this.lookup = parts.lookup;
    this.titles = parts.titles;
    this.baseChunks = parts.chunkStart.length;
    this.layout = new ChunkLayout(parts.store.count, parts.firstChunk, parts.chunkStart, parts.chunkEnd);
    this.byId = new Map(parts.store.ids.map((id, ordinal) => [id, ordinal]));
    this.ranker = new Ranker(
      { chunks: this.chunks, titles: this.titles, store: this.store, layout: this.layout },
      this.options.bm25,
    );
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
    return SearchIndex.fromParts(
      assembleParts(papers, [analyzePapers(papers, options.chunk, build.onProgress)], options),
    );
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
      ...this.layout.base(papers, this.baseChunks),
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
    this.ranker.changed();
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

  /** Ids of the live papers, in ordinal order (no paper is made). */
  get paperIds(): readonly string[] {
    return this.store.ids;
  }

  /** Titles of the live papers, in ordinal order (no paper is made). */
  get paperTitles(): readonly string[] {
    return this.store.titles;
  }

  /** The id of paper `ordinal`, without making the paper. */
  idAt(ordinal: number): string {
    return this.store.idAt(ordinal);
  }

  /** The title of paper `ordinal`, without making the paper. */
  titleAt(ordinal: number): string {
    return this.store.titleAt(ordinal);
  }

  /** The paper at `ordinal` (its position in the corpus). */
  paper(ordinal: number): Paper {
    return this.store.get(ordinal);
  }

  /** The paper at `ordinal` for a passing look: a paper loaded from a snapshot is made but not kept. */
  peekPaper(ordinal: number): Paper {
    return this.store.peek(ordinal);
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

  /** The chunk with this ordinal (a chunk of a live paper). */
  chunk(ordinal: number): Chunk {
    return this.layout.chunk(ordinal, this.store);
  }

  /** Takes paper `ordinal` out of every structure but the title list (updated once per change). */
  private discard(ordinal: number): void {
    for (const c of this.layout.discard(ordinal)) this.chunks.remove(c);
    this.lookup.remove(ordinal);
    this.byId.delete(this.store.idAt(ordinal));
    this.store.remove(ordinal);
  }

  /** Indexes `paper` under the next ordinal (its chunks under the next chunk ordinals); returns the ordinal. */
  private append(paper: Paper): number {
    const ordinal = this.store.append(paper);
    const spans = chunkSpans(paper, this.options.chunk);
    const first = this.layout.append(ordinal, spans);
    spans.forEach((span, i) => this.chunks.add({ id: first + i, body: chunkBody(paper, span.start, span.end) }));
    this.lookup.add(lookupDocument(paper, ordinal));
    this.byId.set(paper.id, ordinal);
    return ordinal;
  }

  /**
   * The terms to look for in a question ({@link readQuestion}): each word's index terms, a typo's closest
   * indexed term, two words the papers write as one.
   * @example index.readQuestion('what mask ratio').terms.map((t) => t.term) // ['mask', 'ratio']
   */
  readQuestion(question: string): Question {
    return readQuestion(question, this.chunks, this.options);
  }

  /**
   * Ranks papers for a question ({@link Ranker.rank}): plain BM25 per chunk, a paper scoring as its best
   * chunk, a paper whose title holds the whole question first.
   * @example index.rank(index.readQuestion('point-wise masking'), { limit: 3 }).papers[0].paper.title
   */
  rank(question: Question | readonly QueryTerm[], options: RankOptions): Ranking {
    // A scoped question names papers by id; the ranker knows them by ordinal.
    const within = options.within && new Set([...options.within].flatMap((id) => this.byId.get(id) ?? []));
    return this.ranker.rank(question, options, within);
  }

  /**
   * Ids of the best `limit` papers (of the `allowed` ordinals, when given), ranked exactly as {@link rank}
   * ranks them, without describing them (for evaluation, benchmarks and digests).
   * @example index.rankIds(index.readQuestion('mask ratio'), 10) // ['pred-2023', …]
   */
  rankIds(question: Question | readonly QueryTerm[], limit: number, allowed?: Uint8Array): string[] {
    return this.ranker.rankIds(question, limit, allowed);
  }

  /** BM25 inverse document frequency of a term found in `df` chunks (always positive). */
  idf(df: number): number {
    return this.ranker.idf(df);
  }

  /** How many live chunks hold `term` (an index term, as {@link readQuestion} gives it). */
  documentFrequency(term: string): number {
    return this.chunks.documentFrequency(term);
  }

  /** Live chunks holding `term`, by ordinal ({@link chunk} reads one). */
  chunksWith(term: string): number[] {
    return this.chunks.chunksWith(term);
  }

  /**
   * Papers named by `query` (title words, authors, venue), typo-tolerant, best first; `only` narrows the
   * fields looked in.
   * @example index.lookupPapers('dropos wang', 5)[0] // { ordinal: 1, score: 9.1, fields: ['title', 'authors'] }
   */
  lookupPapers(query: string, limit: number, only?: readonly LookupField[]): LookupMatch[] {
    return this.lookup.find(query, limit, only);
  }

  /**
   * Ordinals of the live papers an arXiv id or a DOI names (`arXiv:2309.03576v2`, `https://doi.org/10.…`):
   * any version, any case; empty when `text` is neither.
   * @example index.papersByIdentifier('https://arxiv.org/abs/2309.03576').map((p) => index.idAt(p)) // ['droppos']
   */
  papersByIdentifier(text: string): number[] {
    const key = identifierKey(text);
    return key ? this.lookup.findIdentifier(key) : [];
  }

  /**
   * Ordinals of at most `limit` papers whose title, or a later word of it, starts with `prefix`; with room
   * left, papers whose arXiv id or DOI, or else a method name its title does not hold, starts with it.
   * @example index.suggestTitles('dropp', 5).map((p) => index.titleAt(p)) // ['DropPos: Pre-Training …']
   */
  suggestTitles(prefix: string, limit: number): number[] {
    const found = this.titles.search(prefix, limit);
    if (found.length >= limit) return found;
    const key = identifierPrefix(prefix);
    const more = key ? this.lookup.identifiersWithPrefix(key, limit) : this.lookup.namesWithPrefix(prefix, limit);
    for (const ordinal of more) if (found.length < limit && !found.includes(ordinal)) found.push(ordinal);
    return found;
  }

  /** Counts a report or a test reads: papers, chunks, the chunks' average length, and the tail's postings. */
  stats(): IndexStats {
    return {
      papers: this.store.count,
      chunks: this.chunks.documentCount,
      averageChunkLength: this.chunks.averageLength,
      tailPostings: this.chunks.tailPostingCount,
    };
  }
}

/** What {@link SearchIndex.stats} reports. */
export interface IndexStats {
  /** Live papers. */
  papers: number;
  /** Live chunks. */
  chunks: number;
  /** Average length (distinct words) of the live chunks, which BM25 normalises by. */
  averageChunkLength: number;
  /** Postings of the chunks added since the build or load, and how many of those belong to removed chunks. */
  tailPostings: { all: number; dead: number };
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
