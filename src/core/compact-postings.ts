/** Term frequencies are stored in 16 bits; a chunk never repeats a word this often, a PDF's junk might. */
export const MAX_TERM_FREQUENCY = 0xffff;

/**
 * One term's postings in one field, as two parallel typed arrays sorted by document: the read-only
 * stand-in for the `Map<documentId, termFrequency>` MiniSearch keeps per term. It is a Map (MiniSearch
 * reads `size`, `keys()`, `get()` and iterates it), but costs 6 bytes a posting instead of ~40, and a
 * snapshot loads it as a view on the file's bytes instead of millions of `Map.set` calls.
 */
export class CompactPostings extends Map<number, number> {
  readonly docs: Uint32Array;
  readonly freqs: Uint16Array;
  // MiniSearch calls get() for each key in order while walking keys(); a cursor makes that O(1).
  private cursor = 0;

  constructor(docs: Uint32Array, freqs: Uint16Array) {
    super();
    this.docs = docs;
    this.freqs = freqs;
  }

  /** Freezes a MiniSearch postings map. */
  static from(postings: ReadonlyMap<number, number>): CompactPostings {
    const docs = Uint32Array.from(postings.keys()).sort();
    const freqs = new Uint16Array(docs.length);
    docs.forEach((doc, i) => (freqs[i] = Math.min(postings.get(doc)!, MAX_TERM_FREQUENCY)));
    return new CompactPostings(docs, freqs);
  }

  override get size(): number {
    return this.docs.length;
  }

  /** Position of `doc` in `docs`, or -1. */
  indexOf(doc: number): number {
    const docs = this.docs;
    const next = this.cursor;
    if (docs[next] === doc) {
      this.cursor = next + 1;
      return next;
    }
    let lo = 0;
    let hi = docs.length - 1;
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

  override get(doc: number): number | undefined {
    const i = this.indexOf(doc);
    return i < 0 ? undefined : this.freqs[i];
  }

  override has(doc: number): boolean {
    return this.indexOf(doc) >= 0;
  }

  override keys(): MapIterator<number> {
    return this.docs.values();
  }

  override values(): MapIterator<number> {
    return this.freqs.values();
  }

  override entries(): MapIterator<[number, number]> {
    return this.pairs();
  }

  override [Symbol.iterator](): MapIterator<[number, number]> {
    return this.pairs();
  }

  override forEach(callback: (value: number, key: number, map: Map<number, number>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.docs.length; i++) callback.call(thisArg, this.freqs[i]!, this.docs[i]!, this);
  }

  override set(doc: number): this {
    throw new Error(`CompactPostings: read-only (set ${doc}); rebuild the index to change it`);
  }

  override delete(doc: number): boolean {
    throw new Error(`CompactPostings: read-only (delete ${doc}); rebuild the index to change it`);
  }

  override clear(): void {
    throw new Error('CompactPostings: read-only (clear); rebuild the index to change it');
  }

  private *pairs(): Generator<[number, number], undefined, unknown> {
    for (let i = 0; i < this.docs.length; i++) yield [this.docs[i]!, this.freqs[i]!];
    return undefined;
  }
}
