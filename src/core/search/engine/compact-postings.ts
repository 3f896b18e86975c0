/** Term frequencies are stored in 16 bits; a chunk never repeats a word this often, a PDF's junk might. */
export const MAX_TERM_FREQUENCY = 0xffff;

function readOnly(what: string): never {
  throw new Error(`CompactPostings: read-only (${what}); index the corpus afresh to change it`);
}

/**
 * One term's postings in one field: the range [start, end) of two typed arrays shared by every term,
 * sorted by document. It stands in for the `Map<documentId, termFrequency>` MiniSearch keeps per term
 * (MiniSearch only reads it: `size`, `keys()`, `get()`, iteration) at 6 bytes a posting instead of ~40,
 * and a snapshot loads it without a `Map.set` per posting.
 */
export class CompactPostings implements ReadonlyMap<number, number> {
  readonly docs: Uint32Array;
  readonly freqs: Uint16Array;
  readonly start: number;
  readonly end: number;
  // MiniSearch calls get() for each key in order while walking keys(); a cursor makes that O(1).
  private cursor: number;

  constructor(docs: Uint32Array, freqs: Uint16Array, start = 0, end = docs.length) {
    this.docs = docs;
    this.freqs = freqs;
    this.start = start;
    this.end = end;
    this.cursor = start;
  }

  /** Freezes a MiniSearch postings map. */
  static from(postings: ReadonlyMap<number, number>): CompactPostings {
    const docs = Uint32Array.from(postings.keys()).sort();
    const freqs = new Uint16Array(docs.length);
    docs.forEach((doc, i) => (freqs[i] = Math.min(postings.get(doc)!, MAX_TERM_FREQUENCY)));
    return new CompactPostings(docs, freqs);
  }

  get size(): number {
    return this.end - this.start;
  }

  /** Position of `doc` in `docs` (within [start, end)), or -1. */
  indexOf(doc: number): number {
    const docs = this.docs;
    const next = this.cursor;
    if (next < this.end && docs[next] === doc) {
      this.cursor = next + 1;
      return next;
    }
    let lo = this.start;
    let hi = this.end - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = docs[mid]!;
      if (value < doc) lo = mid + 1;
      else if (value > doc) hi = mid - 1;
      else {
        this.cursor = mid + 1;
        return mid;
      }
    }
    return -1;
  }

  get(doc: number): number | undefined {
    const i = this.indexOf(doc);
    return i < 0 ? undefined : this.freqs[i];
  }

  has(doc: number): boolean {
    return this.indexOf(doc) >= 0;
  }

  keys(): MapIterator<number> {
    return this.docs.subarray(this.start, this.end).values();
  }

  values(): MapIterator<number> {
    return this.freqs.subarray(this.start, this.end).values();
  }

  entries(): MapIterator<[number, number]> {
    return this.pairs();
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.pairs();
  }

  forEach(callback: (value: number, key: number, map: ReadonlyMap<number, number>) => void, thisArg?: unknown): void {
    for (let i = this.start; i < this.end; i++) callback.call(thisArg, this.freqs[i]!, this.docs[i]!, this);
  }

  set(doc: number): never {
    return readOnly(`set ${doc}`);
  }

  delete(doc: number): never {
    return readOnly(`delete ${doc}`);
  }

  private *pairs(): Generator<[number, number], undefined, unknown> {
    for (let i = this.start; i < this.end; i++) yield [this.docs[i]!, this.freqs[i]!];
    return undefined;
  }
}

/** A term's postings by field id: the read-only stand-in for MiniSearch's per-term `Map<fieldId, postings>`. */
export class FieldPostings implements ReadonlyMap<number, CompactPostings> {
  private readonly byField: ReadonlyArray<CompactPostings | undefined>;

  constructor(byField: ReadonlyArray<CompactPostings | undefined>) {
    this.byField = byField;
  }

  get size(): number {
    return this.byField.reduce((n, p) => n + (p ? 1 : 0), 0);
  }

  get(fieldId: number): CompactPostings | undefined {
    return this.byField[fieldId];
  }

  has(fieldId: number): boolean {
    return this.byField[fieldId] !== undefined;
  }

  *entries(): Generator<[number, CompactPostings], undefined, unknown> {
    for (let f = 0; f < this.byField.length; f++) {
      const postings = this.byField[f];
      if (postings) yield [f, postings];
    }
    return undefined;
  }

  keys(): MapIterator<number> {
    return [...this.entries()].map(([f]) => f).values();
  }

  values(): MapIterator<CompactPostings> {
    return [...this.entries()].map(([, p]) => p).values();
  }

  [Symbol.iterator](): MapIterator<[number, CompactPostings]> {
    return this.entries();
  }

  forEach(
    callback: (value: CompactPostings, key: number, map: ReadonlyMap<number, CompactPostings>) => void,
    thisArg?: unknown,
  ): void {
    for (const [f, p] of this.entries()) callback.call(thisArg, p, f, this);
  }

  set(fieldId: number): never {
    return readOnly(`set field ${fieldId}`);
  }

  delete(fieldId: number): never {
    return readOnly(`delete field ${fieldId}`);
  }
}

/** The map 0…n-1 → itself: MiniSearch's id tables when document ids are their own short ids. */
export class IdentityMap implements ReadonlyMap<number, number> {
  readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  get(id: number): number | undefined {
    return this.has(id) ? id : undefined;
  }

  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.size;
  }

  keys(): MapIterator<number> {
    return this.range();
  }

  values(): MapIterator<number> {
    return this.range();
  }

  *entries(): Generator<[number, number], undefined, unknown> {
    for (let i = 0; i < this.size; i++) yield [i, i];
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (value: number, key: number, map: ReadonlyMap<number, number>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.size; i++) callback.call(thisArg, i, i, this);
  }

  set(id: number): never {
    return readOnly(`set id ${id}`);
  }

  delete(id: number): never {
    return readOnly(`delete id ${id}`);
  }

  private *range(): Generator<number, undefined, unknown> {
    for (let i = 0; i < this.size; i++) yield i;
    return undefined;
  }
}
