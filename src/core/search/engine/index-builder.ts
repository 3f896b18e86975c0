import type { IndexData } from './compact-minisearch.js';
import { MAX_TERM_FREQUENCY } from './compact-postings.js';

/** How a field's text becomes index terms: MiniSearch's `tokenize` and `processTerm` options. */
export interface Analyzer {
  tokenize: (text: string, field: string) => string[];
  processTerm: (token: string, field: string) => string | string[] | null | undefined | false;
}

const NO_TERMS: Int32Array = new Int32Array(0);

/**
 * Documents analysed by one builder ({@link IndexBuilder.analyzed}), to be added to another
 * ({@link IndexBuilder.addAnalyzed}): its terms and, document by document, its postings as
 * (term × fields + field) keys with frequencies. Typed arrays only besides the terms, so it crosses to
 * another thread cheaply.
 */
export interface AnalyzedDocuments {
  fieldCount: number;
  terms: string[];
  keys: Int32Array;
  freqs: Uint32Array;
  /** Per document, the end of its postings. */
  postingEnds: Uint32Array;
  /** Per document and field, its length; -1 where the document lacks the field. */
  lengths: Int32Array;
}

interface KnownToken {
  terms: Int32Array;
  /** The document and field (document × fields + field) it was last counted in. */
  seen: number;
}

/**
 * Builds a frozen index's flat arrays ({@link IndexData}) straight from documents, without MiniSearch's
 * per-document `add` (a Map per term, a Map entry per posting) and the freeze that copies it all out
 * again. Reads each field exactly as MiniSearch's `add` does — its length is its distinct tokens, each
 * token's processed terms count once per occurrence — so the statistics, and every score computed from
 * them, are those of a MiniSearch index of the same documents. Terms are laid out in code-unit order,
 * so the arrays depend only on the documents. Documents are numbered 0, 1, 2… as added.
 * @example const builder = new IndexBuilder(['body'], analyzer); builder.add(['some text']); builder.finish()
 */
export class IndexBuilder {
  private readonly fields: readonly string[];
  private readonly analyzer: Analyzer;
  /** Per field: token as written → its term ids (each token processed once per build) and where it was last seen. */
  private readonly tokenTerms: Array<Map<string, KnownToken>>;
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private documents = 0;
  /** Per document and field, its length (-1 where the document lacks the field). */
  private fieldLength = new Int32Array(1024);
  /** Postings as added: key (term id × fields + field), frequency; documents in `postingEnds`. */
  private keys = new Int32Array(1 << 16);
  private freqs = new Uint32Array(1 << 16);
  private postingCount = 0;
  /** Per document, the end of its postings in `keys`/`freqs`. */
  private postingEnds = new Uint32Array(1024);
  /** Per term id, the last document and field (as a key) that counted it, and its count there. */
  private lastSeen = new Int32Array(1024).fill(-1);
  private counted = new Uint32Array(1024);
  private readonly averages: number[];

  constructor(fields: readonly string[], analyzer: Analyzer) {
    this.fields = fields;
    this.analyzer = analyzer;
    this.tokenTerms = fields.map(() => new Map());
    this.averages = fields.map(() => 0);
  }

  /** Documents added so far. */
  get count(): number {
    return this.documents;
  }

  /** Adds the next document: its fields' texts in field order (undefined or null for a field it lacks). */
  add(texts: ReadonlyArray<string | null | undefined>): void {
    const doc = this.documents;
    const fieldCount = this.fields.length;
    if ((doc + 1) * fieldCount > this.fieldLength.length)
      this.fieldLength = grow(this.fieldLength, (doc + 1) * fieldCount);
    for (let f = 0; f < fieldCount; f++) {
      const text = texts[f];
      if (text === null || text === undefined) {
        this.fieldLength[doc * fieldCount + f] = -1;
        continue;
      }
      const field = this.fields[f]!;
      const tokens = this.analyzer.tokenize(text, field);
      const cache = this.tokenTerms[f]!;
      const first = this.postingCount;
      const stamp = doc * fieldCount + f;
      let distinct = 0;
      for (const token of tokens) {
        let known = cache.get(token);
        if (known === undefined) {
          known = { terms: this.termIdsOf(token, field), seen: -1 };
          cache.set(token, known);
        }
        if (known.seen !== stamp) {
          known.seen = stamp;
          distinct++;
        }
        const ids = known.terms;
        for (let i = 0; i < ids.length; i++) {
          const t = ids[i]!;
          if (this.lastSeen[t] !== stamp) {
            this.lastSeen[t] = stamp;
            this.counted[t] = 0;
            this.push(t * fieldCount + f);
          }
          this.counted[t]!++;
        }
      }
      for (let p = first; p < this.postingCount; p++) this.freqs[p] = this.counted[(this.keys[p]! - f) / fieldCount]!;
      this.fieldLength[stamp] = distinct;
      // MiniSearch's running average, step for step, so its own search() scores alike.
      this.averages[f] = (this.averages[f]! * doc + distinct) / (doc + 1);
    }
    if (doc >= this.postingEnds.length) this.postingEnds = grow(this.postingEnds, doc + 1);
    this.postingEnds[doc] = this.postingCount;
    this.documents++;
  }

  /** The documents added so far as {@link AnalyzedDocuments}, for another builder to add. */
  analyzed(): AnalyzedDocuments {
    return {
      fieldCount: this.fields.length,
      terms: [...this.terms],
      keys: this.keys.slice(0, this.postingCount),
      freqs: this.freqs.slice(0, this.postingCount),
      postingEnds: this.postingEnds.slice(0, this.documents),
      lengths: this.fieldLength.slice(0, this.documents * this.fields.length),
    };
  }

  /**
   * Adds documents another builder with the same fields and analyzer analysed, as the next documents:
   * the result is the one {@link add} gives for the same texts in the same order.
   */
  addAnalyzed(documents: AnalyzedDocuments): void {
    const fieldCount = this.fields.length;
    if (documents.fieldCount !== fieldCount) {
      throw new Error(`IndexBuilder: documents of ${documents.fieldCount} fields added to an index of ${fieldCount}`);
    }
    const global = Int32Array.from(documents.terms, (term) => this.termId(term));
    let p = 0;
    for (let d = 0; d < documents.postingEnds.length; d++) {
      const doc = this.documents;
      if ((doc + 1) * fieldCount > this.fieldLength.length)
        this.fieldLength = grow(this.fieldLength, (doc + 1) * fieldCount);
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
      if (doc >= this.postingEnds.length) this.postingEnds = grow(this.postingEnds, doc + 1);
      this.postingEnds[doc] = this.postingCount;
      this.documents++;
    }
  }

  /** The index as flat arrays, terms in code-unit order, each term's postings by field then document. */
  finish(): IndexData {
    const fieldCount = this.fields.length;
    const order = Int32Array.from(this.terms.keys()).sort((x, y) => compare(this.terms[x]!, this.terms[y]!));
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

  private termIdsOf(token: string, field: string): Int32Array {
    const processed = this.analyzer.processTerm(token, field);
    if (!processed) return NO_TERMS;
    const terms = Array.isArray(processed) ? processed : [processed];
    return Int32Array.from(terms, (term) => this.termId(term));
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.termIds.set(term, id);
      if (id >= this.lastSeen.length) {
        const seen = new Int32Array(this.lastSeen.length * 2).fill(-1);
        seen.set(this.lastSeen);
        this.lastSeen = seen;
        this.counted = grow(this.counted, id + 1);
      }
    }
    return id;
  }

  private push(key: number): void {
    if (this.postingCount === this.keys.length) {
      this.keys = grow(this.keys, this.postingCount + 1);
      this.freqs = grow(this.freqs, this.postingCount + 1);
    }
    this.keys[this.postingCount++] = key;
  }
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `array` copied into one of at least `size` entries, doubling. */
function grow<A extends Int32Array | Uint32Array>(array: A, size: number): A {
  const larger = new (array.constructor as new (length: number) => A)(Math.max(size, array.length * 2));
  larger.set(array);
  return larger;
}
