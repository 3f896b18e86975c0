import type { IndexData } from './compact-minisearch.js';
import { MAX_TERM_FREQUENCY } from './compact-postings.js';
import { grown } from './grown.js';
import { TokenTable } from './token-table.js';
import { hashWord, WordCursor } from '../text/word-cursor.js';

/** How a field's text becomes index terms: MiniSearch's `tokenize` and `processTerm` options. */
export interface Analyzer {
  tokenize: (text: string, field: string) => string[];
  processTerm: (token: string, field: string) => string | string[] | null | undefined | false;
  /**
   * Fields whose `tokenize` is `splitWords`: the builder walks their words in place with a
   * {@link WordCursor} instead of making a string of each, with the same result.
   */
  wordFields?: readonly string[];
}

/** A range of a text, `text.slice(start, end)` without the copy. */
export interface TextPiece {
  text: string;
  start: number;
  end: number;
}

/**
 * A field's text as {@link IndexBuilder.add} takes it: a string, or pieces read as if joined by line
 * breaks (no word spans two pieces); null or undefined for a field the document lacks.
 */
export type FieldText = string | readonly TextPiece[] | null | undefined;

/**
 * Pieces as one text, joined by line breaks: what a field given as pieces reads as.
 * @example joinPieces([{ text: 'A title', start: 0, end: 7 }, { text: 'Some text.', start: 5, end: 10 }]) // 'A title\ntext.'
 */
export function joinPieces(pieces: readonly TextPiece[]): string {
  return pieces.map((piece) => piece.text.slice(piece.start, piece.end)).join('\n');
}

/** A token's terms in {@link FieldTokens.state} when it has none (a stop word, say). */
const NO_TERMS = -1;

/**
 * A batch of documents one builder analysed ({@link IndexBuilder.takeAnalyzed}), to be added to another
 * ({@link IndexBuilder.addAnalyzed}): the terms it met first in this batch and, document by document,
 * its postings as (term × fields + field) keys with frequencies, term ids counting on from its earlier
 * batches. Typed arrays only besides the terms, so it crosses to another thread cheaply.
 */
export interface AnalyzedDocuments {
  fieldCount: number;
  /** The builder's id of `terms[0]`: how many terms its earlier batches handed over. */
  firstTerm: number;
  terms: string[];
  keys: Int32Array;
  freqs: Uint32Array;
  /** Per document, the end of its postings. */
  postingEnds: Uint32Array;
  /** Per document and field, its length; -1 where the document lacks the field. */
  lengths: Int32Array;
}

/**
 * Where the terms of one analysing builder stand in the builder its batches are added to: its term ids,
 * in the order its batches handed them over.
 */
export class TermMapping {
  readonly ids: number[] = [];
}

/**
 * One field's tokens as written, each processed once per builder. Two entries per token, side by side
 * for the cache: its terms (a term id; {@link NO_TERMS}; or -2 - i for the i-th of `lists`, as a
 * hyphenated word has several) and the document and field (document × fields + field) it was last
 * counted in.
 */
interface FieldTokens {
  table: TokenTable;
  state: Int32Array;
  lists: Int32Array[];
  /** Tokens whose state is filled in (the table's first ones). */
  learned: number;
  /** Whether the field's words are walked in place ({@link Analyzer.wordFields}). */
  inPlace: boolean;
}

/**
 * Builds a frozen index's flat arrays ({@link IndexData}) straight from documents, without MiniSearch's
 * per-document `add` (a Map per term, a Map entry per posting) and the freeze that copies it all out
 * again. Reads each field exactly as MiniSearch's `add` does — its length is its distinct tokens, each
 * token's processed terms count once per occurrence — so the statistics, and every score computed from
 * them, are those of a MiniSearch index of the same documents. Terms are laid out in code-unit order,
 * so the arrays depend only on the documents. Documents are numbered 0, 1, 2… as added.
 *
 * A builder either finishes the index itself or hands its documents over batch by batch
 * ({@link takeAnalyzed}, on another thread say) to a builder that adds them ({@link addAnalyzed}) and
 * finishes; it keeps its tokens and terms between batches, so each distinct word is processed once.
 * @example const builder = new IndexBuilder(['body'], analyzer); builder.add(['some text']); builder.finish()
 */
export class IndexBuilder {
  private readonly fields: readonly string[];
  private readonly analyzer: Analyzer;
  private readonly tokenFields: FieldTokens[];
  private readonly cursor = new WordCursor();
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private documents = 0;
  /** The first document of the batch not yet handed over; the arrays below hold that batch. */
  private batchStart = 0;
  /** Terms handed over with earlier batches. */
  private handedTerms = 0;
  /** Per document and field, its length (-1 where the document lacks the field). */
  private fieldLength = new Int32Array(1024);
  /** Postings as added: key (term id × fields + field), frequency; documents in `postingEnds`. */
  private keys = new Int32Array(1 << 16);
  private freqs = new Uint32Array(1 << 16);
  private postingCount = 0;
  /** Per document, the end of its postings in `keys`/`freqs`. */
  private postingEnds = new Uint32Array(1024);
  /** Two entries per term id: the last document and field (as a stamp) that counted it, and its posting there. */
  private termState = new Int32Array(2048).fill(-1);
  private readonly averages: number[];

  constructor(fields: readonly string[], analyzer: Analyzer) {
    this.fields = fields;
    this.analyzer = analyzer;
    this.tokenFields = fields.map((field) => ({
      table: new TokenTable(),
      state: new Int32Array(2048),
      lists: [],
      learned: 0,
      inPlace: analyzer.wordFields?.includes(field) ?? false,
    }));
    this.averages = fields.map(() => 0);
  }

  /** Documents added so far. */
  get count(): number {
    return this.documents;
  }

  /** Adds the next document: its fields' texts in field order. */
  add(texts: readonly FieldText[]): void {
    const doc = this.documents;
    const at = doc - this.batchStart;
    const fieldCount = this.fields.length;
    this.fieldLength = grown(this.fieldLength, (at + 1) * fieldCount, 2);
    for (let f = 0; f < fieldCount; f++) {
      const text = texts[f];
      if (text === null || text === undefined) {
        this.fieldLength[at * fieldCount + f] = -1;
        continue;
      }
      const stamp = doc * fieldCount + f;
      let distinct = 0;
      const tokens = this.tokenFields[f]!;
      if (!tokens.inPlace) {
        const joined = typeof text === 'string' ? text : joinPieces(text);
        for (const token of this.analyzer.tokenize(joined, this.fields[f]!)) {
          distinct += this.countToken(f, stamp, token, 0, token.length, hashWord(token));
        }
      } else if (typeof text === 'string') {
        distinct += this.countWords(f, stamp, text, 0, text.length);
      } else {
        for (const piece of text as readonly TextPiece[])
          distinct += this.countWords(f, stamp, piece.text, piece.start, piece.end);
      }
      this.fieldLength[at * fieldCount + f] = distinct;
      // MiniSearch's running average, step for step, so its own search() scores alike.
      this.averages[f] = (this.averages[f]! * doc + distinct) / (doc + 1);
    }
    this.postingEnds = grown(this.postingEnds, at + 1, 2);
    this.postingEnds[at] = this.postingCount;
    this.documents++;
  }

  /** Counts the words of `text[from, to)` in field `f`; returns how many were new to the field of this document. */
  private countWords(f: number, stamp: number, text: string, from: number, to: number): number {
    const cursor = this.cursor;
    cursor.reset(text, from, to);
    let distinct = 0;
    while (cursor.next()) distinct += this.countToken(f, stamp, text, cursor.start, cursor.end, cursor.hash);
    return distinct;
  }

  /**
   * Counts one token, `text[start, end)`, in field `f` of the current document (`stamp`): each of its
   * terms once per occurrence, a posting for a term the first time. Returns 1 when the token is new to
   * this document's field (a field's length is its distinct tokens), else 0.
   */
  private countToken(f: number, stamp: number, text: string, start: number, end: number, hash: number): number {
    const tokens = this.tokenFields[f]!;
    const token = tokens.table.idOf(text, start, end, hash);
    if (token === tokens.learned) this.learnToken(tokens, token, f);
    const state = tokens.state;
    const terms = state[2 * token]!;
    if (terms >= 0) this.countTerm(terms, stamp, f);
    else if (terms !== NO_TERMS) {
      const list = tokens.lists[-2 - terms]!;
      for (let i = 0; i < list.length; i++) this.countTerm(list[i]!, stamp, f);
    }
    if (state[2 * token + 1] === stamp) return 0;
    state[2 * token + 1] = stamp;
    return 1;
  }

  /** Processes a token met for the first time: its terms, and a place for its state. */
  private learnToken(tokens: FieldTokens, token: number, f: number): void {
    tokens.state = grown(tokens.state, 2 * token + 2, 2);
    const processed = this.analyzer.processTerm(tokens.table.tokens[token]!, this.fields[f]!);
    const terms = !processed ? [] : Array.isArray(processed) ? processed : [processed];
    const ids = terms.map((term) => this.termId(term));
    if (ids.length === 1) tokens.state[2 * token] = ids[0]!;
    else if (ids.length === 0) tokens.state[2 * token] = NO_TERMS;
    else tokens.state[2 * token] = -2 - (tokens.lists.push(Int32Array.from(ids)) - 1);
    // Stamps are never -1, so the token counts as not yet seen in any document.
    tokens.state[2 * token + 1] = -1;
    tokens.learned++;
  }

  /** Counts one occurrence of term `t` in field `f` of the current document (`stamp`). */
  private countTerm(t: number, stamp: number, f: number): void {
    const state = this.termState;
    if (state[2 * t] === stamp) {
      this.freqs[state[2 * t + 1]!]!++;
      return;
    }
    state[2 * t] = stamp;
    state[2 * t + 1] = this.postingCount;
    this.push(t * this.fields.length + f);
    this.freqs[this.postingCount - 1] = 1;
  }

  /**
   * Hands over the documents added since the last batch, as {@link AnalyzedDocuments} for another
   * builder to add; this builder keeps its tokens and terms for the next batch.
   */
  takeAnalyzed(): AnalyzedDocuments {
    const count = this.documents - this.batchStart;
    const batch: AnalyzedDocuments = {
      fieldCount: this.fields.length,
      firstTerm: this.handedTerms,
      terms: this.terms.slice(this.handedTerms),
      keys: this.keys.slice(0, this.postingCount),
      freqs: this.freqs.slice(0, this.postingCount),
      postingEnds: this.postingEnds.slice(0, count),
      lengths: this.fieldLength.slice(0, count * this.fields.length),
    };
    this.batchStart = this.documents;
    this.handedTerms = this.terms.length;
    this.postingCount = 0;
    return batch;
  }

  /**
   * Adds a batch another builder with the same fields and analyzer analysed, as the next documents:
   * the result is the one {@link add} gives for the same texts in the same order. `from` is that
   * builder's {@link TermMapping}; its batches must come in the order it handed them over.
   */
  addAnalyzed(documents: AnalyzedDocuments, from: TermMapping = new TermMapping()): void {
    const fieldCount = this.fields.length;
    if (documents.fieldCount !== fieldCount) {
      throw new Error(`IndexBuilder: documents of ${documents.fieldCount} fields added to an index of ${fieldCount}`);
    }
    if (documents.firstTerm !== from.ids.length) {
      throw new Error(
        `IndexBuilder: a batch with terms from ${documents.firstTerm} added after ${from.ids.length} terms of its builder; add its batches in order`,
      );
    }
    if (this.batchStart !== 0) throw new Error('IndexBuilder: batches added to a builder that handed its own over');
    for (const term of documents.terms) from.ids.push(this.termId(term));
    const global = from.ids;
    let p = 0;
    for (let d = 0; d < documents.postingEnds.length; d++) {
      const doc = this.documents;
      this.fieldLength = grown(this.fieldLength, (doc + 1) * fieldCount, 2);
      for (const end = documents.postingEnds[d]!; p < end; p++) {
        const key = documents.keys[p]!;
        const f = key % fieldCount;
        this.push(global[(key - f) / fieldCount]! * fieldCount + f);
        this.freqs[this.postingCount - 1] = documents.freqs[p]!;
      }
      for (let f = 0; f < fieldCount; f++) {
        const length = documents.lengths[d * fieldCount + f]!;
        this.fieldLength[doc * fieldCount + f] = length;
        if (length >= 0) this.averages[f] = (this.averages[f]! * doc + length) / (doc + 1);
      }
      this.postingEnds = grown(this.postingEnds, doc + 1, 2);
      this.postingEnds[doc] = this.postingCount;
      this.documents++;
    }
  }

  /** The index as flat arrays, terms in code-unit order, each term's postings by field then document. */
  finish(): IndexData {
    if (this.batchStart !== 0) throw new Error('IndexBuilder: finish() after handing documents over');
    const fieldCount = this.fields.length;
    // The default sort compares strings by UTF-16 code units: the order wanted, without a comparator call per step.
    const order = Int32Array.from([...this.terms].sort(), (term) => this.termIds.get(term)!);
    const rank = new Int32Array(order.length);
    order.forEach((id, r) => (rank[id] = r));
    const counts = new Uint32Array(order.length * fieldCount);
    const slot = (key: number) => rank[(key / fieldCount) | 0]! * fieldCount + (key % fieldCount);
    for (let p = 0; p < this.postingCount; p++) counts[slot(this.keys[p]!)]!++;
    const next = new Uint32Array(counts.length);
    for (let s = 1; s < counts.length; s++) next[s] = next[s - 1]! + counts[s - 1]!;
    const docs = new Uint32Array(this.postingCount);
    const freqs = new Uint16Array(this.postingCount);
    let p = 0;
    for (let doc = 0; doc < this.documents; doc++) {
      for (const end = this.postingEnds[doc]!; p < end; p++) {
        const at = next[slot(this.keys[p]!)]!++;
        docs[at] = doc;
        freqs[at] = Math.min(this.freqs[p]!, MAX_TERM_FREQUENCY);
      }
    }
    return {
      documentCount: this.documents,
      fields: [...this.fields],
      averageFieldLength: this.documents === 0 ? [] : [...this.averages],
      // A missing field has length 0, as MiniSearch counts it.
      fieldLength: Uint32Array.from(this.fieldLength.subarray(0, this.documents * fieldCount), (n) => Math.max(n, 0)),
      terms: Array.from(order, (id) => this.terms[id]!),
      counts,
      docs,
      freqs,
    };
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.termIds.set(term, id);
      if (2 * id >= this.termState.length) {
        const known = this.termState.length;
        this.termState = grown(this.termState, 2 * id + 2, 2);
        this.termState.fill(-1, known);
      }
    }
    return id;
  }

  private push(key: number): void {
    if (this.postingCount === this.keys.length) {
      this.keys = grown(this.keys, this.postingCount + 1, 2);
      this.freqs = grown(this.freqs, this.postingCount + 1, 2);
    }
    this.keys[this.postingCount++] = key;
  }
}
