import MiniSearch, { type Options } from 'minisearch';
import { CompactPostings } from './compact-postings.js';

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

/**
 * MiniSearch with its postings frozen into {@link CompactPostings} once built, and a flat export and
 * import for snapshots. Reads go through MiniSearch's protected members, its documented extension
 * point. A frozen index is read-only: a changed corpus is indexed afresh.
 */
export class CompactMiniSearch<T> extends MiniSearch<T> {
  constructor(options: Options<T>) {
    super(options);
  }

  /** Replaces every postings Map with its compact form; returns `this`. */
  freeze(): this {
    for (const [, fieldData] of this._index) {
      for (const [fieldId, postings] of fieldData) {
        if (!(postings instanceof CompactPostings)) fieldData.set(fieldId, CompactPostings.from(postings));
      }
    }
    return this;
  }

  /** The index as flat arrays (freezes it first). */
  exportData(): IndexData {
    this.freeze();
    const fields = Object.entries(this._fieldIds)
      .sort(([, x], [, y]) => x - y)
      .map(([name]) => name);
    const documents = this._nextId;
    if (this._documentCount !== documents) {
      throw new Error(`MiniSearch export: ${documents - this._documentCount} removed documents; rebuild instead`);
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
      for (let fieldId = 0; fieldId < fields.length; fieldId++) {
        const compact = fieldData.get(fieldId) as CompactPostings | undefined;
        if (!compact) continue;
        counts[t * fields.length + fieldId] = compact.size;
        docs.set(compact.docs, at);
        freqs.set(compact.freqs, at);
        at += compact.size;
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

  /** Fills this (new, empty) index from exported data; postings are views on the given arrays. */
  protected importData(data: IndexData): this {
    const fieldCount = data.fields.length;
    data.fields.forEach((name, f) => {
      if (this._fieldIds[name] !== f) {
        throw new Error(`MiniSearch import: field ${JSON.stringify(name)} is not field ${f} of this index`);
      }
    });
    this._documentCount = data.documentCount;
    this._nextId = data.documentCount;
    this._avgFieldLength = [...data.averageFieldLength];
    for (let doc = 0; doc < data.documentCount; doc++) {
      this._documentIds.set(doc, doc);
      this._idToShortId.set(doc, doc);
      this._fieldLength.set(doc, Array.from(data.fieldLength.subarray(doc * fieldCount, (doc + 1) * fieldCount)));
    }
    let at = 0;
    data.terms.forEach((term, t) => {
      const fieldData = new Map<number, Map<number, number>>();
      for (let f = 0; f < fieldCount; f++) {
        const count = data.counts[t * fieldCount + f]!;
        if (count === 0) continue;
        fieldData.set(f, new CompactPostings(data.docs.subarray(at, at + count), data.freqs.subarray(at, at + count)));
        at += count;
      }
      this._index.set(term, fieldData);
    });
    if (at !== data.docs.length) throw new Error(`MiniSearch import: ${data.docs.length - at} postings left over`);
    return this;
  }
}
