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

/** What a snapshot keeps of a title list: building it sorts every title and every word of it. */
export interface TitleListParts {
  /** Folded titles in paper order, each followed by one space, joined by `\n`. */
  joined: string;
  /** Paper ordinals in order of their folded title. */
  order: Int32Array;
  /** Offsets in `joined` of every later word (not a title's first), in order of the text from there on. */
  wordOrder: Int32Array;
}

const NEWLINE = 10;

/**
 * Every title folded and sorted, for autocomplete: titles starting with what was typed are a binary
 * search away, and so are titles with a later word starting with it (a sorted list of word starts, like
 * a suffix array cut at word boundaries). Small next to the search index, and never walks postings.
 */
export class TitleList {
  private readonly joined: string;
  /** Paper ordinal → offset of its title in `joined`; one extra entry closes the last. */
  private readonly starts: Int32Array;
  readonly order: Int32Array;
  private readonly wordOrder: Int32Array;

  constructor(titles: readonly string[]) {
    this.joined = titles.map((title) => `${foldTitle(title)} `).join('\n');
    this.starts = startsOf(this.joined, titles.length);
    this.order = Int32Array.from(titles.keys()).sort(
      (x, y) => this.compareAt(this.starts[x]!, this.starts[y]!) || x - y,
    );
    const words: number[] = [];
    for (let i = 0; i < this.joined.length - 1; i++) {
      // A word starts after a space, unless that space is the one ending a title.
      if (this.joined.charCodeAt(i) === 32 && this.joined.charCodeAt(i + 1) !== NEWLINE && i + 1 < this.joined.length) {
        words.push(i + 1);
      }
    }
    this.wordOrder = Int32Array.from(words).sort((x, y) => this.compareAt(x, y) || x - y);
  }

  /** The list a snapshot saved ({@link TitleList.parts}), without sorting anything again. */
  static restore(parts: TitleListParts): TitleList {
    const list = Object.create(TitleList.prototype) as TitleList;
    const count = parts.order.length;
    Object.assign(list, {
      joined: parts.joined,
      starts: startsOf(parts.joined, count),
      order: parts.order,
      wordOrder: parts.wordOrder,
    });
    return list;
  }

  parts(): TitleListParts {
    return { joined: this.joined, order: this.order, wordOrder: this.wordOrder };
  }

  /** The folded title of paper `ordinal`, with its trailing space. */
  folded(ordinal: number): string {
    return this.joined.slice(this.starts[ordinal]!, this.starts[ordinal + 1]! - 1);
  }

  /**
   * Ordinals of titles starting with `prefix`, then of titles with a later word starting with it,
   * at most `limit`; alphabetical within each group.
   * @example new TitleList(['Deep Nets', 'Very Deep Nets']).search('deep', 5) // [0, 1]
   */
  search(prefix: string, limit: number): number[] {
    const key = typedKey(prefix);
    if (key.length === 0 || limit <= 0) return [];
    const found: number[] = [];
    const seen = new Set<number>();
    const starts = this.starts;
    for (let i = this.lowerBound(this.order, (o) => starts[o]!, key); i < this.order.length; i++) {
      const ordinal = this.order[i]!;
      if (found.length >= limit || !this.joined.startsWith(key, starts[ordinal]!)) break;
      found.push(ordinal);
      seen.add(ordinal);
    }
    for (let i = this.lowerBound(this.wordOrder, (at) => at, key); i < this.wordOrder.length; i++) {
      const at = this.wordOrder[i]!;
      if (found.length >= limit || !this.joined.startsWith(key, at)) break;
      const ordinal = this.titleAt(at);
      if (seen.has(ordinal)) continue;
      seen.add(ordinal);
      found.push(ordinal);
    }
    return found;
  }

  /**
   * Whether the title of `ordinal` holds `phrase` (a {@link typedKey}) as consecutive words; without a
   * trailing space its last word may still be being typed.
   */
  hasPhrase(ordinal: number, phrase: string): boolean {
    const title = this.folded(ordinal);
    return title.startsWith(phrase) || title.includes(` ${phrase}`);
  }

  /** First index of `sorted` whose text (from offset `at(entry)` to its title's end) is not below `key`. */
  private lowerBound(sorted: Int32Array, at: (entry: number) => number, key: string): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareKey(at(sorted[mid]!), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Compares the text from offset `x` with the text from offset `y`, each up to its title's end. */
  private compareAt(x: number, y: number): number {
    const text = this.joined;
    for (;;) {
      const a = x < text.length ? text.charCodeAt(x) : NEWLINE;
      const b = y < text.length ? text.charCodeAt(y) : NEWLINE;
      if (a !== b) return a === NEWLINE ? -1 : b === NEWLINE ? 1 : a - b;
      if (a === NEWLINE) return 0;
      x++;
      y++;
    }
  }

  /** Compares the text from offset `x` (up to its title's end) with `key`, on `key`'s length at most. */
  private compareKey(x: number, key: string): number {
    const text = this.joined;
    for (let i = 0; i < key.length; i++) {
      const a = x + i < text.length ? text.charCodeAt(x + i) : NEWLINE;
      if (a === NEWLINE) return -1;
      const b = key.charCodeAt(i);
      if (a !== b) return a - b;
    }
    return 0;
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

/** Offsets of each title in `joined` (titles separated by `\n`), plus one closing entry. */
function startsOf(joined: string, count: number): Int32Array {
  const starts = new Int32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = at;
    const next = joined.indexOf('\n', at);
    at = next === -1 ? joined.length + 1 : next + 1;
  }
  starts[count] = count === 0 ? 0 : joined.length + 1;
  return starts;
}
