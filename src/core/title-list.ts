const NON_WORD = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
const ENDS_IN_WORD = /[\p{L}\p{N}]$/u;

/**
 * Folds a title (or what a user typed of one) to its words: lower case, no accents, no punctuation,
 * single spaces. `Gain with no Pain: Efficiency` and `gain with no pain efficiency` fold alike.
 * @example foldTitle('Non–Rigid Grasp: a Study') // 'non rigid grasp a study'
 */
export function foldTitle(title: string): string {
  return title.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NON_WORD, ' ').trim();
}

/**
 * What a user typed, folded for prefix matching: a trailing space or punctuation means the last word
 * is complete, so `A ` matches `A Study…` but not `Active…`.
 * @example typedKey('A ') // 'a '
 */
export function typedKey(typed: string): string {
  const key = foldTitle(typed);
  return key.length > 0 && !ENDS_IN_WORD.test(typed) ? `${key} ` : key;
}

/**
 * Every title folded and sorted, for autocomplete: a prefix is a binary search away, and a match at a
 * later word start is one scan of a single joined string. Small next to the search index, and never
 * walks postings.
 */
export class TitleList {
  /** Paper ordinals in order of their folded title. */
  readonly order: Int32Array;
  /** Folded titles in paper order, each followed by one space so a complete typed word ends in a space too. */
  readonly folded: readonly string[];
  /** Folded titles joined by `\n` in paper order, with each title's start offset. */
  private readonly joined: string;
  private readonly starts: Int32Array;

  /** `order` is a previous list's {@link TitleList.order} for the same titles (a snapshot keeps it to skip the sort). */
  constructor(titles: readonly string[], order?: Int32Array) {
    this.folded = titles.map((title) => `${foldTitle(title)} `);
    if (order && order.length !== titles.length) {
      throw new Error(`TitleList: order has ${order.length} entries for ${titles.length} titles`);
    }
    this.order =
      order ?? Int32Array.from(titles.keys()).sort((x, y) => compare(this.folded[x]!, this.folded[y]!) || x - y);
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
    const key = typedKey(prefix);
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

  /**
   * Whether the title of `ordinal` holds `phrase` (a {@link typedKey}) as consecutive words; without a
   * trailing space its last word may still be being typed.
   */
  hasPhrase(ordinal: number, phrase: string): boolean {
    const title = this.folded[ordinal]!;
    return title.startsWith(phrase) || title.includes(` ${phrase}`);
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
