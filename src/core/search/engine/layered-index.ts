import type { Analyzer } from './index-builder.js';
import { grown } from './grown.js';
import type { Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { CompactMiniSearch, IndexData } from './compact-minisearch.js';
import { MAX_TERM_FREQUENCY, type CompactPostings } from './compact-postings.js';

/** A document of a layered index: its id is its number, given in order (0, 1, 2…). */
export interface LayeredDocument {
  id: number;
}

/** MiniSearch options of a layered index: the base's, which also read the documents added later. */
export type LayeredOptions<T> = Options<T> &
  Required<Pick<Options<T>, 'fields' | 'tokenize' | 'processTerm'>> &
  Pick<Analyzer, 'wordFields'>;

/**
 * Postings of one term in one field among documents added after the base, as pairs: id, term frequency,
 * id, term frequency…, ids ascending (documents are added in id order). One flat array per term keeps
 * adding cheap. Removed documents stay listed until the tail is compacted; a reader skips them
 * ({@link LayeredIndex.isLive}).
 */
export type AddedPostings = readonly number[];

/**
 * A term's postings in one field, layer by layer, for a loop too hot for a call per posting
 * ({@link LayeredIndex.forEachPosting} walks these for everyone else). Removed documents are included.
 */
export interface PostingLayers {
  /** The base's ids are `docs[start…end)`, their term frequencies at the same positions (capped when frozen). */
  docs: Uint32Array;
  freqs: Uint16Array;
  start: number;
  end: number;
  /**
   * The tail's id, term frequency pairs, ids ascending and above the base's; a reader caps each frequency
   * at {@link MAX_TERM_FREQUENCY}, as the base's are.
   */
  tail: AddedPostings;
}

const NO_LAYERS: PostingLayers = { docs: new Uint32Array(0), freqs: new Uint16Array(0), start: 0, end: 0, tail: [] };

/** Dead postings the tail may hold before compaction is considered. */
export const TAIL_COMPACT_MIN = 20_000;

/**
 * A frozen MiniSearch index (the base: documents 0…n-1, compact postings) and an append-only tail for
 * documents added later, read as one index of its live documents. The tail keeps each term's postings
 * in one growing array (a document costs one push per distinct term: far cheaper than MiniSearch's own
 * insertion) and its terms in a radix tree for typo and prefix matching. Removing a document only marks
 * it dead: how many dead documents a term's postings hold is counted from the postings the first time
 * the term is asked for after a removal, and kept until the next one. The tail drops its dead postings
 * once they are half of it. Document counts, document frequencies and average field lengths are exactly
 * those of an index built afresh from the live documents, so BM25 scores computed from them equal a
 * fresh build's. Adding costs the documents added; removing, nothing but a mark.
 */
export class LayeredIndex<T extends LayeredDocument> {
  readonly base: CompactMiniSearch<T>;
  /** How many documents the base holds: added documents have ids from here on. */
  readonly offset: number;
  private readonly fields: readonly string[];
  private addedCount = 0;
  /** Term → postings by field id, of added documents. */
  private added = new Map<string, Array<number[] | undefined>>();
  /** The added documents' terms, for typo and prefix matching. */
  private addedTerms = new SearchableMap<true>();
  private addedPostingCount = 0;
  private deadPostingCount = 0;
  /** Per added document (by id − offset), its postings (distinct terms over its fields). */
  private readonly postingsOfAdded: number[] = [];
  /** Removed documents (1), by id; allocated on the first removal. */
  private dead: Uint8Array | undefined;
  /** Per term, per field: how many removed documents its postings hold (-1: not counted since the last removal). */
  private deadCounts = new Map<string, Int32Array>();
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
    const table = base.fieldLengthTable();
    const fieldCount = this.fields.length;
    for (let f = 0; f < fieldCount; f++) {
      const lengths = this.lengthsByField[f]!;
      let total = 0;
      for (let doc = 0; doc < this.offset; doc++) total += lengths[doc] = table[doc * fieldCount + f]!;
      this.totals[f] = total;
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
    let postingCount = 0;
    for (let f = 0; f < this.fields.length; f++) {
      const analyzed = this.base.analyzeField(document, this.fields[f]!);
      const length = analyzed?.length ?? 0;
      this.lengthsByField[f]![id] = length;
      this.totals[f]! += length;
      if (!analyzed) continue;
      for (const [term, frequency] of analyzed.terms) {
        let byField = this.added.get(term);
        if (!byField) {
          this.added.set(term, (byField = []));
          this.addedTerms.set(term, true);
        }
        const postings = byField[f];
        if (postings) postings.push(id, frequency);
        else byField[f] = [id, frequency];
      }
      postingCount += analyzed.terms.size;
    }
    this.postingsOfAdded.push(postingCount);
    this.addedPostingCount += postingCount;
    this.addedCount++;
    this.live++;
  }

  /** Removes document `id`. */
  remove(id: number): void {
    if (!this.isLive(id)) throw new Error(`LayeredIndex: document ${id} is not in the index`);
    if (id >= this.offset) this.deadPostingCount += this.postingsOfAdded[id - this.offset]!;
    if (!this.dead || id >= this.dead.length) this.dead = grown(this.dead ?? new Uint8Array(0), this.nextId);
    this.dead[id] = 1;
    if (this.deadCounts.size > 0) this.deadCounts = new Map();
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
    const base = this.basePostings(term, fieldId);
    const added = this.tailPostings(term, fieldId);
    const df = (base?.size ?? 0) + (added ? added.length / 2 : 0);
    return this.dead === undefined || df === 0 ? df : df - this.deadIn(term, fieldId);
  }

  /** How many removed documents the postings of `term` in a field hold, counted once per removal. */
  private deadIn(term: string, fieldId: number): number {
    let counts = this.deadCounts.get(term);
    if (!counts) this.deadCounts.set(term, (counts = new Int32Array(this.fields.length).fill(-1)));
    if (counts[fieldId]! < 0) {
      const dead = this.dead!;
      let count = 0;
      this.forEachPosting(term, fieldId, (doc) => {
        count += dead[doc] ?? 0;
      });
      counts[fieldId] = count;
    }
    return counts[fieldId]!;
  }

  /** Whether any live document holds `term` in any field (stops at the first: no counting). */
  hasTerm(term: string): boolean {
    const dead = this.dead;
    // Asked of every typo and prefix candidate: a plain loop over the layers, no callback.
    for (let f = 0; f < this.fields.length; f++) {
      const { docs, start, end, tail } = this.postingLayers(term, f);
      for (let i = start; i < end; i++) if (dead?.[docs[i]!] !== 1) return true;
      for (let i = 0; i < tail.length; i += 2) if (dead?.[tail[i]!] !== 1) return true;
    }
    return false;
  }

  /**
   * Walks the postings of `term` in a field: the base's (ids ascending), then the tail's (ids ascending,
   * all above the base's), removed documents included ({@link isLive}), term frequencies capped at
   * {@link MAX_TERM_FREQUENCY} in both. `visit` returns `true` to stop the walk; the result says whether
   * it stopped. The one place that knows the two layers' layouts; every reader of postings comes here.
   * @example index.forEachPosting('mask', 0, (doc, tf) => { scores[doc] += tf; })
   */
  forEachPosting(term: string, fieldId: number, visit: (doc: number, tf: number) => boolean | void): boolean {
    const { docs, freqs, start, end, tail } = this.postingLayers(term, fieldId);
    for (let i = start; i < end; i++) if (visit(docs[i]!, freqs[i]!) === true) return true;
    for (let i = 0; i < tail.length; i += 2) {
      if (visit(tail[i]!, Math.min(tail[i + 1]!, MAX_TERM_FREQUENCY)) === true) return true;
    }
    return false;
  }

  /** The postings of `term` in a field as its two layers (both empty when no document holds it). */
  postingLayers(term: string, fieldId: number): PostingLayers {
    const base = this.basePostings(term, fieldId);
    const tail = this.tailPostings(term, fieldId);
    if (!base && !tail) return NO_LAYERS;
    return base
      ? { docs: base.docs, freqs: base.freqs, start: base.start, end: base.end, tail: tail ?? NO_LAYERS.tail }
      : { ...NO_LAYERS, tail: tail! };
  }

  /** The base's postings of `term` in a field: ids sorted, removed ones included ({@link isLive}). */
  private basePostings(term: string, fieldId: number): CompactPostings | undefined {
    return this.base.termPostings(term, fieldId) as CompactPostings | undefined;
  }

  /** Postings of `term` in a field among added documents, removed ones included ({@link isLive}). */
  private tailPostings(term: string, fieldId: number): AddedPostings | undefined {
    return this.addedCount === 0 ? undefined : this.added.get(term)?.[fieldId];
  }

  /** Whether live document `id` holds `term` in a field. */
  contains(term: string, fieldId: number, id: number): boolean {
    if (!this.isLive(id)) return false;
    if (id < this.offset) return this.basePostings(term, fieldId)?.has(id) ?? false;
    const postings = this.tailPostings(term, fieldId);
    return postings !== undefined && pairsInclude(postings, id);
  }

  /** Live documents holding `term` in a field, in id order. */
  documentsWith(term: string, fieldId: number): number[] {
    const found: number[] = [];
    const dead = this.dead;
    this.forEachPosting(term, fieldId, (doc) => {
      if (dead?.[doc] !== 1) found.push(doc);
    });
    return found;
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

  /** Drops the removed documents' postings from the tail (and terms no live added document has). */
  private compactTail(): void {
    const dead = this.dead!;
    const added = new Map<string, Array<number[] | undefined>>();
    const terms = new SearchableMap<true>();
    let count = 0;
    for (const [term, byField] of this.added) {
      const kept = byField.map((postings) => {
        if (!postings) return undefined;
        const live: number[] = [];
        for (let i = 0; i < postings.length; i += 2) {
          if (dead[postings[i]!] !== 1) live.push(postings[i]!, postings[i + 1]!);
        }
        count += live.length / 2;
        return live.length > 0 ? live : undefined;
      });
      if (kept.some((postings) => postings !== undefined)) {
        added.set(term, kept);
        terms.set(term, true);
      }
    }
    this.added = added;
    this.addedTerms = terms;
    this.deadCounts = new Map();
    this.addedPostingCount = count;
    this.deadPostingCount = 0;
  }
}

/** Whether id `value` is among the ids (even positions) of ascending id, frequency pairs. */
function pairsInclude(pairs: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = pairs.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const found = pairs[2 * mid]!;
    if (found === value) return true;
    if (found < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
