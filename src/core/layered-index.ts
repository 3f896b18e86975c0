import type { Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { CompactMiniSearch, IndexData } from './compact-minisearch.js';
import type { CompactPostings } from './compact-postings.js';

/** A document of a layered index: its id is its number, given in order (0, 1, 2…). */
export interface LayeredDocument {
  id: number;
}

/** MiniSearch options of a layered index: the base's, which also read the documents added later. */
export type LayeredOptions<T> = Options<T> & Required<Pick<Options<T>, 'fields' | 'tokenize' | 'processTerm'>>;

/**
 * Postings of one term in one field among documents added after the base: ids ascending (documents are
 * added in id order), with their term frequencies. Removed documents stay listed until the tail is
 * compacted; a reader skips them ({@link LayeredIndex.isLive}).
 */
export interface AddedPostings {
  readonly docs: readonly number[];
  readonly freqs: readonly number[];
}

interface GrowingPostings extends AddedPostings {
  docs: number[];
  freqs: number[];
}

/** Dead postings the tail may hold before compaction is considered. */
export const TAIL_COMPACT_MIN = 20_000;

/**
 * A frozen MiniSearch index (the base: documents 0…n-1, compact postings) and an append-only tail for
 * documents added later, read as one index of its live documents. The tail keeps each term's postings
 * in two growing arrays (a document costs one array push per distinct term: far cheaper than
 * MiniSearch's own insertion) and its terms in a radix tree for typo and prefix matching. Removing a
 * document marks it dead and subtracts its terms from the document frequencies; the tail drops its dead
 * postings once they are half of it. Document counts, document frequencies and average field lengths
 * are exactly those of an index built afresh from the live documents, so BM25 scores computed from them
 * equal a fresh build's. Costs are proportional to the documents added or removed.
 */
export class LayeredIndex<T extends LayeredDocument> {
  readonly base: CompactMiniSearch<T>;
  /** How many documents the base holds: added documents have ids from here on. */
  readonly offset: number;
  private readonly fields: readonly string[];
  private addedCount = 0;
  /** Term → postings by field id, of added documents. */
  private added = new Map<string, Array<GrowingPostings | undefined>>();
  /** The added documents' terms, for typo and prefix matching. */
  private addedTerms = new SearchableMap<true>();
  /** Per added document (by id − offset), its distinct terms by field; dropped once it is removed. */
  private termsOfAdded: Array<string[][] | undefined> = [];
  private addedPostingCount = 0;
  private deadPostingCount = 0;
  /** Removed documents (1), by id; allocated on the first removal. */
  private dead: Uint8Array | undefined;
  /** Per term, per field: how many removed base documents hold it. */
  private readonly removedBase = new Map<string, Uint32Array>();
  /** The same for removed added documents whose postings are still in the tail. */
  private removedAdded = new Map<string, Uint32Array>();
  private live: number;
  /** Per field, the summed length of the live documents (whole numbers, so exact). */
  private readonly totals: Float64Array;
  /** Per field, every document's length by id (removed ones keep theirs; nobody reads them). */
  private lengthsByField: Float32Array[];

  protected constructor(base: CompactMiniSearch<T>, settings: LayeredOptions<T>) {
    this.base = base;
    this.fields = settings.fields;
    this.offset = base.nextShortId;
    this.live = base.documentCount;
    this.totals = new Float64Array(this.fields.length);
    this.lengthsByField = this.fields.map(() => new Float32Array(this.offset));
    for (const [doc, fieldLengths] of base.fieldLengths()) {
      fieldLengths.forEach((length, f) => {
        this.lengthsByField[f]![doc] = length;
        this.totals[f]! += length;
      });
    }
  }

  /** Live documents. */
  get documentCount(): number {
    return this.live;
  }

  /** The id the next added document must have. */
  get nextId(): number {
    return this.offset + this.addedCount;
  }

  /** True when nothing was added or removed since the base was built: readers may take their fast path. */
  get unchanged(): boolean {
    return this.dead === undefined && this.addedCount === 0;
  }

  /** Postings the tail holds, and how many of them are removed documents' (dropped at half). */
  get tailPostingCount(): { all: number; dead: number } {
    return { all: this.addedPostingCount, dead: this.deadPostingCount };
  }

  /** Adds `document` to the tail; its id must be {@link nextId}. */
  add(document: T): void {
    const id = document.id;
    if (id !== this.nextId) throw new Error(`LayeredIndex: document ${id} added where ${this.nextId} was next`);
    if (id >= this.lengthsByField[0]!.length) this.lengthsByField = this.lengthsByField.map((l) => grown(l, id + 1));
    const termsByField: string[][] = [];
    this.fields.forEach((field, f) => {
      const analyzed = this.base.analyzeField(document, field);
      const length = analyzed?.length ?? 0;
      this.lengthsByField[f]![id] = length;
      this.totals[f]! += length;
      termsByField.push(analyzed ? [...analyzed.terms.keys()] : []);
      for (const [term, frequency] of analyzed?.terms ?? []) {
        let byField = this.added.get(term);
        if (!byField) {
          this.added.set(term, (byField = []));
          this.addedTerms.set(term, true);
        }
        const postings = (byField[f] ??= { docs: [], freqs: [] });
        postings.docs.push(id);
        postings.freqs.push(frequency);
        this.addedPostingCount++;
      }
    });
    this.termsOfAdded.push(termsByField);
    this.addedCount++;
    this.live++;
  }

  /** Removes `document`, which must be as it was when added (a base document's terms are read from it again). */
  remove(document: T): void {
    const id = document.id;
    if (!this.isLive(id)) throw new Error(`LayeredIndex: document ${id} is not in the index`);
    if (id < this.offset) this.count(this.removedBase, this.termsOfBase(document));
    else {
      const terms = this.termsOfAdded[id - this.offset]!;
      this.termsOfAdded[id - this.offset] = undefined;
      this.count(this.removedAdded, terms);
      for (const list of terms) this.deadPostingCount += list.length;
    }
    if (!this.dead || id >= this.dead.length) this.dead = grown(this.dead ?? new Uint8Array(0), this.nextId);
    this.dead[id] = 1;
    for (let f = 0; f < this.fields.length; f++) this.totals[f]! -= this.lengthsByField[f]![id]!;
    this.live--;
    if (this.deadPostingCount >= TAIL_COMPACT_MIN && this.deadPostingCount * 2 >= this.addedPostingCount) {
      this.compactTail();
    }
  }

  isLive(id: number): boolean {
    return id >= 0 && id < this.nextId && this.dead?.[id] !== 1;
  }

  /** Live documents holding `term` in field `fieldId`. */
  fieldFrequency(term: string, fieldId: number): number {
    let df = this.base.termPostings(term, fieldId)?.size ?? 0;
    if (this.removedBase.size > 0) df -= this.removedBase.get(term)?.[fieldId] ?? 0;
    if (this.addedCount > 0) {
      const added = this.added.get(term)?.[fieldId];
      if (added) df += added.docs.length - (this.removedAdded.get(term)?.[fieldId] ?? 0);
    }
    return df;
  }

  /** Whether any live document holds `term` in any field. */
  hasTerm(term: string): boolean {
    for (let f = 0; f < this.fields.length; f++) if (this.fieldFrequency(term, f) > 0) return true;
    return false;
  }

  /** The base's postings of `term` in a field: ids sorted, removed ones included ({@link isLive}). */
  basePostings(term: string, fieldId: number): CompactPostings | undefined {
    return this.base.termPostings(term, fieldId) as CompactPostings | undefined;
  }

  /** Postings of `term` in a field among added documents, removed ones included ({@link isLive}). */
  tailPostings(term: string, fieldId: number): AddedPostings | undefined {
    return this.addedCount === 0 ? undefined : this.added.get(term)?.[fieldId];
  }

  /** Whether live document `id` holds `term` in a field. */
  contains(term: string, fieldId: number, id: number): boolean {
    if (!this.isLive(id)) return false;
    if (id < this.offset) return this.basePostings(term, fieldId)?.has(id) ?? false;
    const docs = this.tailPostings(term, fieldId)?.docs;
    return docs !== undefined && sortedIncludes(docs, id);
  }

  /** Live documents holding `term` in a field, in id order. */
  *documentsWith(term: string, fieldId: number): Generator<number, undefined, unknown> {
    const base = this.basePostings(term, fieldId);
    if (base) for (const id of base.keys()) if (this.dead?.[id] !== 1) yield id;
    const added = this.tailPostings(term, fieldId);
    if (added) for (const id of added.docs) if (this.dead?.[id] !== 1) yield id;
    return undefined;
  }

  /** Average length of a field over the live documents (0 when there are none). */
  averageFieldLength(fieldId: number): number {
    return this.live === 0 ? 0 : this.totals[fieldId]! / this.live;
  }

  /**
   * Every document's length in a field, by id ({@link nextId} entries at least). The array is replaced
   * when documents are added, so read it again after a change.
   */
  lengthsOf(fieldId: number): Float32Array {
    return this.lengthsByField[fieldId]!;
  }

  /** Terms of live documents within `maxDistance` edits of `term`, with their distance. */
  termsNear(term: string, maxDistance: number): Map<string, number> {
    const found = new Map<string, number>();
    const consider = (close: string, distance: number) => {
      if (!found.has(close) && this.hasTerm(close)) found.set(close, distance);
    };
    for (const [close, distance] of this.base.fuzzyTerms(term, maxDistance)) consider(close, distance);
    if (this.addedCount > 0) {
      for (const [close, [, distance]] of this.addedTerms.fuzzyGet(term, maxDistance)) consider(close, distance);
    }
    return found;
  }

  /** Terms of live documents starting with `prefix`, each once. */
  termsWithPrefix(prefix: string): string[] {
    const found = new Set<string>();
    for (const term of this.base.prefixTerms(prefix)) if (this.hasTerm(term)) found.add(term);
    if (this.addedCount > 0) {
      for (const [term] of this.addedTerms.atPrefix(prefix))
        if (!found.has(term) && this.hasTerm(term)) found.add(term);
    }
    return [...found];
  }

  /** The base as flat arrays, for a snapshot (the changes since are saved apart). */
  exportBase(): IndexData {
    return this.base.exportData();
  }

  /** A base document's distinct terms by field, read as MiniSearch read it when the base was built. */
  private termsOfBase(document: T): string[][] {
    return this.fields.map((field, f) => {
      const analyzed = this.base.analyzeField(document, field);
      // Looking every term up in the frozen base would cost more than the rest of the removal; a field
      // read differently from when it was indexed almost surely has another length.
      if ((analyzed?.length ?? 0) !== this.lengthsByField[f]![document.id]) {
        throw new Error(`LayeredIndex: document ${document.id} changed since it was indexed (its ${field})`);
      }
      return analyzed ? [...analyzed.terms.keys()] : [];
    });
  }

  private count(removed: Map<string, Uint32Array>, termsByField: readonly string[][]): void {
    termsByField.forEach((terms, f) => {
      for (const term of terms) {
        let counts = removed.get(term);
        if (!counts) removed.set(term, (counts = new Uint32Array(this.fields.length)));
        counts[f]!++;
      }
    });
  }

  /** Drops the removed documents' postings from the tail (and terms no live added document has). */
  private compactTail(): void {
    const dead = this.dead!;
    const added = new Map<string, Array<GrowingPostings | undefined>>();
    const terms = new SearchableMap<true>();
    let count = 0;
    for (const [term, byField] of this.added) {
      const kept = byField.map((postings) => {
        if (!postings) return undefined;
        const live: GrowingPostings = { docs: [], freqs: [] };
        postings.docs.forEach((id, i) => {
          if (dead[id] === 1) return;
          live.docs.push(id);
          live.freqs.push(postings.freqs[i]!);
        });
        count += live.docs.length;
        return live.docs.length > 0 ? live : undefined;
      });
      if (kept.some((postings) => postings !== undefined)) {
        added.set(term, kept);
        terms.set(term, true);
      }
    }
    this.added = added;
    this.addedTerms = terms;
    this.removedAdded = new Map();
    this.addedPostingCount = count;
    this.deadPostingCount = 0;
  }
}

function sortedIncludes(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const found = sorted[mid]!;
    if (found === value) return true;
    if (found < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** `array` copied into a larger one holding at least `size` entries (grown by a quarter, so appends stay cheap). */
export function grown<A extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array>(
  array: A,
  size: number,
): A {
  if (size <= array.length) return array;
  const larger = new (array.constructor as new (length: number) => A)(
    Math.max(size, Math.ceil(array.length * 1.25) + 64),
  );
  larger.set(array);
  return larger;
}
