/**
 * An index's terms as one array, searched in code-unit order: exact lookups and prefixes by binary
 * search, typos by a Levenshtein walk over the sorted terms (the sorted array read as a trie: terms
 * sharing a prefix share its rows of the edit-distance table, and a prefix already too far is skipped
 * whole). Built from a snapshot's term list in the time it takes to check it is sorted, where a radix
 * tree costs an object per node; finds the same terms, at the same distances, as MiniSearch's
 * `fuzzyGet` and `atPrefix`. Positions are those of the given list.
 */
export class TermTable {
  readonly terms: readonly string[];
  /** Positions in code-unit order of their terms; undefined when `terms` already is in that order. */
  private readonly order: Int32Array | undefined;
  private lcp: Uint8Array | undefined;

  constructor(terms: readonly string[]) {
    this.terms = terms;
    let sorted = true;
    for (let i = 1; i < terms.length && sorted; i++) sorted = terms[i - 1]! < terms[i]!;
    this.order = sorted ? undefined : Int32Array.from(terms.keys()).sort((x, y) => compare(terms[x]!, terms[y]!));
  }

  get size(): number {
    return this.terms.length;
  }

  /** The position of `term`, or -1. */
  indexOf(term: string): number {
    const i = this.lowerBound(term, 0);
    return i < this.terms.length && this.sortedAt(i) === term ? this.position(i) : -1;
  }

  /** Positions of the terms starting with `prefix`, in code-unit order of the terms. */
  *withPrefix(prefix: string): Generator<number, undefined, unknown> {
    for (let i = this.lowerBound(prefix, 0); i < this.terms.length && this.sortedAt(i).startsWith(prefix); i++) {
      yield this.position(i);
    }
    return undefined;
  }

  /**
   * Positions of the terms within `maxDistance` edits (Levenshtein: insert, delete, replace) of `query`,
   * with their distance, in code-unit order of the terms.
   * @example table.near('transfomer', 1) // [[position of 'transformer', 1]]
   */
  near(query: string, maxDistance: number): Array<[position: number, distance: number]> {
    const found: Array<[number, number]> = [];
    const n = query.length;
    const width = n + 1;
    const longest = n + maxDistance;
    const codes = Uint16Array.from({ length: n }, (_, j) => query.charCodeAt(j));
    // Row r: the distances between the term's first r characters and the query's first j. Only a band of
    // maxDistance around the diagonal is computed (as MiniSearch does); the rest stays out of reach.
    const table = new Uint8Array((longest + 1) * width).fill(maxDistance + 1);
    for (let j = 0; j < width; j++) table[j] = Math.min(j, maxDistance + 1);
    for (let r = 1; r <= longest; r++) table[r * width] = Math.min(r, maxDistance + 1);
    const size = this.terms.length;
    const lcp = this.commonPrefixes();
    /** Rows 0…valid hold the table for the last term walked's first `valid` characters. */
    let valid = 0;
    let i = 0;
    while (i < size) {
      const term = this.sortedAt(i);
      // The terms skipped since the last one walked all share more with it than this one does.
      const shared = Math.min(valid, lcp[i]!);
      let cut = -1;
      const depth = Math.min(term.length, longest);
      for (let r = shared + 1; r <= depth; r++) {
        const char = term.charCodeAt(r - 1);
        const row = r * width;
        const above = row - width;
        let least = table[row]!;
        const last = Math.min(n, r + maxDistance);
        for (let j = Math.max(1, r - maxDistance); j <= last; j++) {
          let value = table[above + j - 1]! + (codes[j - 1] === char ? 0 : 1);
          const deleted = table[above + j]! + 1;
          if (deleted < value) value = deleted;
          const inserted = table[row + j - 1]! + 1;
          if (inserted < value) value = inserted;
          table[row + j] = value;
          if (value < least) least = value;
        }
        if (least > maxDistance) {
          cut = r;
          break;
        }
      }
      if (cut < 0 && term.length > longest) cut = longest + 1;
      if (cut >= 0) {
        // No term starting with these characters can come within reach: skip them all.
        valid = cut - 1;
        for (i++; i < size && lcp[i]! >= cut;) i++;
        continue;
      }
      valid = term.length;
      const distance = table[term.length * width + n]!;
      if (distance <= maxDistance) found.push([this.position(i), distance]);
      i++;
    }
    return found;
  }

  private sortedAt(i: number): string {
    return this.terms[this.order ? this.order[i]! : i]!;
  }

  private position(i: number): number {
    return this.order ? this.order[i]! : i;
  }

  /** The first sorted index at or after `from` whose term is not below `key`. */
  private lowerBound(key: string, from: number): number {
    let lo = from;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sortedAt(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Per sorted index, how many leading characters its term shares with the one before (at most 255),
   * made on the first typo search.
   */
  private commonPrefixes(): Uint8Array {
    if (this.lcp) return this.lcp;
    const lcp = new Uint8Array(this.terms.length);
    for (let i = 1; i < this.terms.length; i++) {
      const [x, y] = [this.sortedAt(i - 1), this.sortedAt(i)];
      const limit = Math.min(x.length, y.length, 255);
      let k = 0;
      while (k < limit && x.charCodeAt(k) === y.charCodeAt(k)) k++;
      lcp[i] = k;
    }
    return (this.lcp = lcp);
  }
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
