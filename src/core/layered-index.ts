import type { Options } from 'minisearch';
import { CompactMiniSearch, type IndexData } from './compact-minisearch.js';
import type { CompactPostings } from './compact-postings.js';

/** A document of a layered index: its id is its number, given in order (0, 1, 2…). */
export interface LayeredDocument {
  id: number;
}

/** MiniSearch options a layered index needs spelled out: it reads a removed base document's terms itself. */
export type LayeredOptions<T> = Options<T> & Required<Pick<Options<T>, 'fields' | 'tokenize' | 'processTerm'>>;

/**
 * A frozen MiniSearch index (the base: documents 0…n-1, compact postings) and a small unfrozen one (the
 * tail) for documents added later, read as one index of its live documents. Adding goes to the tail;
 * removing a tail document is MiniSearch's own `remove`, and removing a base document marks it dead and
 * subtracts its terms from the document frequencies. Document counts, document frequencies and average
 * field lengths are therefore exactly those of an index built afresh from the live documents, so BM25
 * scores computed from them equal a fresh build's. The base's postings still list dead documents: a
 * reader skips them ({@link isLive}). Costs are proportional to the documents added or removed.
 */
export class LayeredIndex<T extends LayeredDocument> {
  readonly base: CompactMiniSearch<T>;
  /** How many documents the base holds: a tail document's MiniSearch short id is its id minus this. */
  readonly offset: number;
  private readonly tail: CompactMiniSearch<T>;
  private readonly settings: LayeredOptions<T>;
  private readonly fieldCount: number;
  /** Base documents removed (1), allocated on the first removal. */
  private dead: Uint8Array | undefined;
  /** Per term, per field: how many removed base documents hold it. */
  private readonly removed = new Map<string, Uint32Array>();
  private live: number;
  /** Per field, the summed length of the live documents (whole numbers, so exact). */
  private readonly totals: Float64Array;
  /** Per field, every document's length by id (removed ones keep theirs; nobody reads them). */
  private lengthsByField: Float32Array[];

  protected constructor(base: CompactMiniSearch<T>, settings: LayeredOptions<T>) {
    this.base = base;
    this.settings = settings;
    this.offset = base.nextShortId;
    this.tail = new CompactMiniSearch<T>(settings);
    this.fieldCount = settings.fields.length;
    this.live = base.documentCount;
    this.totals = new Float64Array(this.fieldCount);
    this.lengthsByField = Array.from({ length: this.fieldCount }, () => new Float32Array(this.offset));
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
    return this.offset + this.tail.nextShortId;
  }

  /** True when nothing was added or removed since the base was built: readers may take their fast path. */
  get unchanged(): boolean {
    return this.dead === undefined && this.tail.nextShortId === 0;
  }

  /** Adds `document` to the tail; its id must be {@link nextId}. */
  add(document: T): void {
    const id = document.id;
    if (id !== this.nextId) throw new Error(`LayeredIndex: document ${id} added where ${this.nextId} was next`);
    this.tail.add(document);
    if (id >= this.lengthsByField[0]!.length)
      this.lengthsByField = this.lengthsByField.map((lengths) => grown(lengths, id + 1));
    for (let f = 0; f < this.fieldCount; f++) {
      const length = this.tail.fieldLength(id - this.offset, f);
      this.lengthsByField[f]![id] = length;
      this.totals[f]! += length;
    }
    this.live++;
  }

  /** Removes `document`, which must be as it was when added (its terms are read from it again). */
  remove(document: T): void {
    const id = document.id;
    if (!this.isLive(id)) throw new Error(`LayeredIndex: document ${id} is not in the index`);
    if (id >= this.offset) this.tail.remove(document);
    else this.removeFromBase(document);
    for (let f = 0; f < this.fieldCount; f++) this.totals[f]! -= this.lengthsByField[f]![id]!;
    this.live--;
  }

  isLive(id: number): boolean {
    if (id < this.offset) return id >= 0 && this.dead?.[id] !== 1;
    return this.tail.has(id);
  }

  /** Live documents holding `term` in field `fieldId`. */
  fieldFrequency(term: string, fieldId: number): number {
    let df = this.base.termPostings(term, fieldId)?.size ?? 0;
    if (this.removed.size > 0) df -= this.removed.get(term)?.[fieldId] ?? 0;
    if (this.tail.nextShortId > 0) df += this.tail.termPostings(term, fieldId)?.size ?? 0;
    return df;
  }

  /** Whether any live document holds `term` in any field. */
  hasTerm(term: string): boolean {
    for (let f = 0; f < this.fieldCount; f++) if (this.fieldFrequency(term, f) > 0) return true;
    return false;
  }

  /** The base's postings of `term` in a field: ids sorted, dead ones included ({@link isLive}). */
  basePostings(term: string, fieldId: number): CompactPostings | undefined {
    return this.base.termPostings(term, fieldId) as CompactPostings | undefined;
  }

  /** The tail's postings of `term` in a field: MiniSearch short ids (add {@link offset}) → term frequency. */
  tailPostings(term: string, fieldId: number): ReadonlyMap<number, number> | undefined {
    return this.tail.nextShortId === 0 ? undefined : this.tail.termPostings(term, fieldId);
  }

  /** Whether live document `id` holds `term` in a field. */
  contains(term: string, fieldId: number, id: number): boolean {
    if (id >= this.offset) return this.tailPostings(term, fieldId)?.has(id - this.offset) ?? false;
    return this.dead?.[id] !== 1 && (this.basePostings(term, fieldId)?.has(id) ?? false);
  }

  /** Live documents holding `term` in a field, base first, each in id order. */
  *documentsWith(term: string, fieldId: number): Generator<number, undefined, unknown> {
    const base = this.basePostings(term, fieldId);
    if (base) for (const id of base.keys()) if (this.dead?.[id] !== 1) yield id;
    const tail = this.tailPostings(term, fieldId);
    // A term's tail Map gains documents in the order they are added, which is id order.
    if (tail) for (const short of tail.keys()) yield short + this.offset;
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
    for (const index of this.tail.nextShortId === 0 ? [this.base] : [this.base, this.tail]) {
      for (const [close, distance] of index.fuzzyTerms(term, maxDistance)) {
        if (!found.has(close) && this.hasTerm(close)) found.set(close, distance);
      }
    }
    return found;
  }

  /** Terms of live documents starting with `prefix`, each once. */
  termsWithPrefix(prefix: string): string[] {
    const found = new Set<string>();
    for (const index of this.tail.nextShortId === 0 ? [this.base] : [this.base, this.tail]) {
      for (const term of index.prefixTerms(prefix)) if (!found.has(term) && this.hasTerm(term)) found.add(term);
    }
    return [...found];
  }

  /** The base as flat arrays, for a snapshot (the changes since are saved apart). */
  exportBase(): IndexData {
    return this.base.exportData();
  }

  private removeFromBase(document: T): void {
    const id = document.id;
    const { fields, tokenize, processTerm } = this.settings;
    const held: Array<[string, number]> = [];
    fields.forEach((field, f) => {
      const value = (document as unknown as Record<string, unknown>)[field];
      if (value === null || value === undefined) return;
      // As MiniSearch's `add` read the field: tokens, each processed into zero or more terms.
      const terms = new Set<string>();
      for (const token of tokenize(String(value), field)) {
        const processed = processTerm(token, field);
        if (Array.isArray(processed)) for (const term of processed) terms.add(term);
        else if (processed) terms.add(processed);
      }
      for (const term of terms) {
        if (!this.basePostings(term, f)?.has(id)) {
          throw new Error(
            `LayeredIndex: document ${id} changed since it was indexed: ${JSON.stringify(term)} is not in its ${field}`,
          );
        }
        held.push([term, f]);
      }
    });
    for (const [term, f] of held) {
      let counts = this.removed.get(term);
      if (!counts) this.removed.set(term, (counts = new Uint32Array(this.fieldCount)));
      counts[f]!++;
    }
    this.dead ??= new Uint8Array(this.offset);
    this.dead[id] = 1;
  }
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
