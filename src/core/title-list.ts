/** Folds a title for matching as a user types: lower case, no accents, single spaces. */
export function foldTitle(title: string): string {
  return title.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Every title folded and sorted, for autocomplete: a prefix is a binary search away, and a match at a
 * later word start is one scan of a single joined string. Small next to the search index, and never
 * walks postings.
 */
export class TitleList {
  /** Paper ordinals in order of their folded title. */
  private readonly order: Int32Array;
  private readonly folded: readonly string[];
  /** Folded titles joined by `\n` in paper order, with each title's start offset. */
  private readonly joined: string;
  private readonly starts: Int32Array;

  constructor(titles: readonly string[]) {
    this.folded = titles.map(foldTitle);
    const order = Int32Array.from(titles.keys());
    order.sort((x, y) => compare(this.folded[x]!, this.folded[y]!) || x - y);
    this.order = order;
    this.starts = new Int32Array(titles.length + 1);
    let offset = 0;
    this.folded.forEach((title, i) => {
      this.starts[i] = offset;
      offset += title.length + 1;
    });
    this.starts[titles.length] = offset;
    this.joined = this.folded.join('\n');
  }

  /**
   * Ordinals of titles starting with `prefix`, then of titles with a later word starting with it,
   * at most `limit`, each group in alphabetical order.
   * @example new TitleList(['Deep Nets', 'Very Deep Nets']).search('deep', 5) // [0, 1]
   */
  search(prefix: string, limit: number): number[] {
    const key = foldTitle(prefix);
    if (key.length === 0 || limit <= 0) return [];
    const found: number[] = [];
    const seen = new Set<number>();
    for (let i = this.lowerBound(key); i < this.order.length && found.length < limit; i++) {
      const ordinal = this.order[i]!;
      if (!this.folded[ordinal]!.startsWith(key)) break;
      found.push(ordinal);
      seen.add(ordinal);
    }
    if (found.length >= limit) return found;
    // Later word starts, in corpus order (one pass over the joined titles, stopping once enough are found).
    const later: number[] = [];
    const needle = ` ${key}`;
    for (let at = this.joined.indexOf(needle); at !== -1; at = this.joined.indexOf(needle, at + 1)) {
      const ordinal = this.titleAt(at);
      if (seen.has(ordinal)) continue;
      seen.add(ordinal);
      later.push(ordinal);
      if (found.length + later.length >= limit) break;
    }
    later.sort((x, y) => compare(this.folded[x]!, this.folded[y]!) || x - y);
    return [...found, ...later];
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.folded[this.order[mid]!]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The title whose span in `joined` holds `offset`. */
  private titleAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
