import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { CompactPostings, FieldPostings, IdentityMap, MAX_TERM_FREQUENCY } from './compact-postings.js';
import { TermTable } from './term-table.js';

/**
 * A MiniSearch index as flat arrays: what a snapshot stores. Document ids equal MiniSearch's short ids
 * (documents are numbered 0…n-1 in the order they were added), so no id table is needed.
 */
export interface IndexData {
  documentCount: number;
  /** Field names in MiniSearch's field id order. */
  fields: string[];
  averageFieldLength: number[];
  /** Per document, per field: the field's length (MiniSearch counts distinct words). */
  fieldLength: Uint32Array;
  terms: string[];
  /** Per term, per field: how many postings follow in `docs`/`freqs` (0 when the field lacks the term). */
  counts: Uint32Array;
  docs: Uint32Array;
  freqs: Uint16Array;
}

// MiniSearch reads its per-term tables and id tables through the Map interface only; the compact,
// read-only stand-ins implement that interface, and this is the one place they are handed over as Maps.
type TermData = Map<number, Map<number, number>>;
const asTermData = (postings: FieldPostings) => postings as unknown as TermData;
const asIdMap = (ids: IdentityMap) => ids as unknown as Map<number, number>;

/**
 * MiniSearch with its postings frozen into {@link CompactPostings} once built (all terms' postings in
 * two shared typed arrays), and a flat export and import for snapshots. Internals are reached through
 * MiniSearch's protected members, its extension point. A frozen index is read-only (`LayeredIndex`
 * puts a small unfrozen one next to it for papers added later). MiniSearch's own `search`, `autoSuggest`,
 * prefix and fuzzy matching keep working.
 */
export class CompactMiniSearch<T> extends MiniSearch<T> {
  /** The flat arrays of a frozen (or imported) index; undefined while documents are still added. */
  private flat: FlatIndex | undefined;

  constructor(options: Options<T>) {
    super(options);
  }

  /**
   * A document's field as MiniSearch's `add` reads it: its length (distinct tokens, MiniSearch's measure)
   * and each term with its frequency. Undefined when the document has no such field.
   */
  analyzeField(document: T, field: string): { length: number; terms: Map<string, number> } | undefined {
    const { extractField, stringifyField, tokenize, processTerm } = this._options;
    const value = extractField(document, field);
    if (value === null || value === undefined) return undefined;
    // Each distinct token is processed once: prose repeats its words, and processing is the costly part.
    const tokens = new Map<string, number>();
    for (const token of tokenize(stringifyField(value, field), field)) tokens.set(token, (tokens.get(token) ?? 0) + 1);
    const terms = new Map<string, number>();
    for (const [token, occurrences] of tokens) {
      const processed = processTerm(token, field);
      if (Array.isArray(processed)) {
        for (const term of processed) terms.set(term, (terms.get(term) ?? 0) + occurrences);
      } else if (processed) terms.set(processed, (terms.get(processed) ?? 0) + occurrences);
    }
    return { length: tokens.size, terms };
  }

  /** A term's postings in one field: compact once frozen, MiniSearch's own Map before. */
  termPostings(term: string, fieldId: number): CompactPostings | ReadonlyMap<number, number> | undefined {
    const flat = this.flat;
    if (!flat) return this._index.get(term)?.get(fieldId);
    const t = flat.table.indexOf(term);
    return t < 0 ? undefined : flat.postings(t, fieldId);
  }

  hasTerm(term: string): boolean {
    return this.flat ? this.flat.table.indexOf(term) >= 0 : this._index.has(term);
  }

  /** Field ids by name (MiniSearch numbers fields in the order the options list them). */
  fieldId(name: string): number {
    const id = this._fieldIds[name];
    if (id === undefined) throw new Error(`MiniSearch: no field ${JSON.stringify(name)}`);
    return id;
  }

  /**
   * Every document's field lengths (distinct words, MiniSearch's measure), document by document, field by
   * field: `lengths[document × fields + field]`. The index must be frozen.
   */
  fieldLengthTable(): Uint32Array {
    if (!this.flat) throw new Error('MiniSearch: field lengths are read from a frozen index; freeze it first');
    return this.flat.data.fieldLength;
  }

  /** The short id the next added document gets (short ids are never reused). */
  get nextShortId(): number {
    return this._nextId;
  }

  /** Indexed terms within `maxDistance` edits of `term`, with their distance. */
  fuzzyTerms(term: string, maxDistance: number): Array<[term: string, distance: number]> {
    const flat = this.flat;
    if (!flat) return [...this._index.fuzzyGet(term, maxDistance)].map(([found, [, distance]]) => [found, distance]);
    return flat.table.near(term, maxDistance).map(([t, distance]) => [flat.table.terms[t]!, distance]);
  }

  /** Indexed terms starting with `prefix` (code-unit order once frozen, the radix tree's before). */
  *prefixTerms(prefix: string): Generator<string, undefined, unknown> {
    const flat = this.flat;
    if (flat) for (const t of flat.table.withPrefix(prefix)) yield flat.table.terms[t]!;
    else for (const [term] of this._index.atPrefix(prefix)) yield term;
    return undefined;
  }

  private get fieldNames(): string[] {
    return Object.entries(this._fieldIds)
      .sort(([, x], [, y]) => x - y)
      .map(([name]) => name);
  }

  /** Replaces every postings Map with its compact form and the id tables with identity maps; returns `this`. */
  freeze(): this {
    if (this.flat) return this;
    this.importData(this.exportData());
    return this;
  }

  /** The index as flat arrays (a frozen index's own, not copied). */
  exportData(): IndexData {
    if (this.flat) return this.flat.data;
    const fields = this.fieldNames;
    const documents = this._nextId;
    if (this._documentCount !== documents) {
      throw new Error(`MiniSearch export: ${documents - this._documentCount} removed documents; index afresh instead`);
    }
    const fieldLength = new Uint32Array(documents * fields.length);
    for (const [shortId, lengths] of this._fieldLength) {
      if (this._documentIds.get(shortId) !== shortId) {
        throw new Error(
          `MiniSearch export: document ${JSON.stringify(this._documentIds.get(shortId))} is not ${shortId}`,
        );
      }
      lengths.forEach((length, f) => (fieldLength[shortId * fields.length + f] = length));
    }
    const terms: string[] = [];
    let total = 0;
    for (const [term, fieldData] of this._index) {
      terms.push(term);
      for (const postings of fieldData.values()) total += postings.size;
    }
    const counts = new Uint32Array(terms.length * fields.length);
    const docs = new Uint32Array(total);
    const freqs = new Uint16Array(total);
    let at = 0;
    let t = 0;
    for (const [, fieldData] of this._index) {
      for (let f = 0; f < fields.length; f++) {
        const postings = fieldData.get(f);
        if (!postings) continue;
        counts[t * fields.length + f] = postings.size;
        const sorted = [...postings.keys()].sort((x, y) => x - y);
        sorted.forEach((doc, i) => {
          docs[at + i] = doc;
          freqs[at + i] = Math.min(postings.get(doc)!, MAX_TERM_FREQUENCY);
        });
        at += postings.size;
      }
      t++;
    }
    return {
      documentCount: documents,
      fields,
      averageFieldLength: [...this._avgFieldLength],
      fieldLength,
      terms,
      counts,
      docs,
      freqs,
    };
  }

  /**
   * Fills this index from exported data, replacing whatever it held; postings are views on the given
   * arrays, found through a {@link TermTable} of the terms. MiniSearch's own radix tree and field-length
   * table are made only if MiniSearch's own `search()` or `autoSuggest()` is called.
   */
  importData(data: IndexData): this {
    const fieldCount = data.fields.length;
    data.fields.forEach((name, f) => {
      if (this._fieldIds[name] !== f) {
        throw new Error(`MiniSearch import: field ${JSON.stringify(name)} is not field ${f} of this index`);
      }
    });
    const flat = new FlatIndex(data);
    if (flat.postingCount !== data.docs.length) {
      throw new Error(`MiniSearch import: ${data.docs.length - flat.postingCount} postings left over`);
    }
    this.flat = flat;
    this._documentCount = data.documentCount;
    this._nextId = data.documentCount;
    this._avgFieldLength = [...data.averageFieldLength];
    this._documentIds = asIdMap(new IdentityMap(data.documentCount));
    this._idToShortId = asIdMap(new IdentityMap(data.documentCount));
    lazily(this, '_index', () => {
      const tree = new SearchableMap<TermData>();
      for (let t = 0; t < data.terms.length; t++) {
        const byField: Array<CompactPostings | undefined> = [];
        for (let f = 0; f < fieldCount; f++) byField.push(flat.postings(t, f));
        tree.set(data.terms[t]!, asTermData(new FieldPostings(byField)));
      }
      return tree;
    });
    lazily(this, '_fieldLength', () => {
      const lengths = new Map<number, number[]>();
      for (let doc = 0; doc < data.documentCount; doc++) {
        lengths.set(doc, Array.from(data.fieldLength.subarray(doc * fieldCount, (doc + 1) * fieldCount)));
      }
      return lengths;
    });
    return this;
  }
}

/** A frozen index's arrays, and where each term's postings start. */
class FlatIndex {
  readonly data: IndexData;
  readonly table: TermTable;
  private readonly fieldCount: number;
  /** Per term, where its postings (all fields) start in `docs`/`freqs`; one extra entry closes the last. */
  private readonly starts: Uint32Array;

  constructor(data: IndexData) {
    this.data = data;
    this.table = new TermTable(data.terms);
    this.fieldCount = data.fields.length;
    const terms = data.terms.length;
    this.starts = new Uint32Array(terms + 1);
    const counts = data.counts;
    let at = 0;
    for (let t = 0, c = 0; t < terms; t++) {
      this.starts[t] = at;
      for (let f = 0; f < this.fieldCount; f++) at += counts[c++]!;
    }
    this.starts[terms] = at;
  }

  get postingCount(): number {
    return this.starts[this.data.terms.length]!;
  }

  /** Term `t`'s postings in field `fieldId`, or undefined when the field lacks it. */
  postings(t: number, fieldId: number): CompactPostings | undefined {
    const counts = this.data.counts;
    const first = t * this.fieldCount;
    const count = counts[first + fieldId]!;
    if (count === 0) return undefined;
    let start = this.starts[t]!;
    for (let f = 0; f < fieldId; f++) start += counts[first + f]!;
    return new CompactPostings(this.data.docs, this.data.freqs, start, start + count);
  }
}

/** Gives `target[key]` a value made on first read (and kept), for MiniSearch's members only its own search reads. */
function lazily<T extends object>(target: T, key: string, make: () => unknown): void {
  let value: unknown;
  let made = false;
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get: () => (made ? value : ((made = true), (value = make()))),
    set: (next: unknown) => {
      made = true;
      value = next;
    },
  });
}
