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

/** An added title (folded, with its trailing space) or a later word start of one (the title from there on). */
interface AddedText {
  text: string;
  ordinal: number;
}

/**
 * Every title folded and sorted, for autocomplete: titles starting with what was typed are a binary
 * search away, and so are titles with a later word starting with it (a sorted list of word starts, like
 * a suffix array cut at word boundaries). Small next to the search index, and never walks postings.
 * Titles added after the build are kept in two small sorted lists read together with the built ones,
 * and removed titles are skipped, so the order is the one a list built afresh would have.
 */
export class TitleList {
  private readonly joined: string;
  /** Paper ordinal → offset of its title in `joined`; one extra entry closes the last. */
  private readonly starts: Int32Array;
  readonly order: Int32Array;
  private readonly wordOrder: Int32Array;
  /** Built titles removed since (1), allocated on the first removal. */
  private dead: Uint8Array | undefined;
  /** Titles added since the build: ordinal → folded title with its trailing space. */
  private added: Map<number, string>;
  /** Their folded titles by text, then ordinal. */
  private addedOrder: AddedText[];
  /** Their later word starts, by text from there on, then ordinal. */
  private addedWords: AddedText[];

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
    this.added = new Map();
    this.addedOrder = [];
    this.addedWords = [];
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
      dead: undefined,
      added: new Map(),
      addedOrder: [],
      addedWords: [],
    });
    return list;
  }

  /** The titles as built (a snapshot saves the changes since apart). */
  parts(): TitleListParts {
    return { joined: this.joined, order: this.order, wordOrder: this.wordOrder };
  }

  /** How many titles the list was built with: titles added later have ordinals from here on. */
  get builtCount(): number {
    return this.order.length;
  }

  /** The folded title of paper `ordinal`, with its trailing space. */
  folded(ordinal: number): string {
    if (ordinal >= this.order.length) return this.added.get(ordinal) ?? '';
    return this.joined.slice(this.starts[ordinal]!, this.starts[ordinal + 1]! - 1);
  }

  /**
   * Removes the titles of `removed` ordinals and adds `added` ones (each ordinal new, at least
   * {@link builtCount}). Costs the change plus the titles added so far, never the built list.
   * @example list.update([3], [[120, 'Deep Nets, Revisited']])
   */
  update(removed: readonly number[], added: ReadonlyArray<readonly [ordinal: number, title: string]>): void {
    const built = this.order.length;
    let addedRemoved = false;
    for (const ordinal of removed) {
      if (ordinal < built) (this.dead ??= new Uint8Array(built))[ordinal] = 1;
      else addedRemoved = this.added.delete(ordinal) || addedRemoved;
    }
    if (addedRemoved) {
      this.addedOrder = this.addedOrder.filter((entry) => this.added.has(entry.ordinal));
      this.addedWords = this.addedWords.filter((entry) => this.added.has(entry.ordinal));
    }
    if (added.length === 0) return;
    const order: AddedText[] = [];
    const words: AddedText[] = [];
    for (const [ordinal, title] of added) {
      if (ordinal < built || this.added.has(ordinal)) throw new Error(`TitleList: ordinal ${ordinal} is taken`);
      const folded = `${foldTitle(title)} `;
      this.added.set(ordinal, folded);
      order.push({ text: folded, ordinal });
      // As the built list: a word starts after a space, except the space ending the title.
      for (let i = folded.indexOf(' '); i !== -1 && i + 1 < folded.length; i = folded.indexOf(' ', i + 1)) {
        words.push({ text: folded.slice(i + 1), ordinal });
      }
    }
    this.addedOrder = merge(this.addedOrder, order.sort(byText), byText);
    this.addedWords = merge(this.addedWords, words.sort(byText), byText);
  }

  /**
   * Ordinals of titles starting with `prefix`, then of titles with a later word starting with it,
   * at most `limit`; alphabetical within each group.
   * @example new TitleList(['Deep Nets', 'Very Deep Nets']).search('deep', 5) // [0, 1]
   */
  search(prefix: string, limit: number): number[] {
    const key = typedKey(prefix);
    if (key.length === 0 || limit <= 0) return [];
    if (this.dead !== undefined || this.added.size > 0) return this.searchChanged(key, limit);
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

  /** {@link search} on a list changed since it was built: built and added entries merged, removed ones skipped. */
  private searchChanged(key: string, limit: number): number[] {
    const found: number[] = [];
    const seen = new Set<number>();
    const take = (ordinal: number) => {
      if (seen.has(ordinal)) return;
      seen.add(ordinal);
      found.push(ordinal);
    };
    const starts = this.starts;
    const dead = this.dead;
    // Titles starting with the key: the built ones in order, merged with the added ones by title.
    let i = this.lowerBound(this.order, (o) => starts[o]!, key);
    let j = lowerBound(this.addedOrder.length, (n) => this.addedOrder[n]!.text, key);
    while (found.length < limit) {
      while (i < this.order.length && dead?.[this.order[i]!] === 1) i++;
      const builtNext = i < this.order.length && this.joined.startsWith(key, starts[this.order[i]!]!);
      const next = this.addedOrder[j];
      const addedNext = next !== undefined && next.text.startsWith(key);
      if (!builtNext && !addedNext) break;
      // On equal titles the built one goes first: its ordinal is the smaller.
      if (builtNext && (!addedNext || this.folded(this.order[i]!) <= next.text)) take(this.order[i++]!);
      else {
        take(next!.ordinal);
        j++;
      }
    }
    // Titles with a later word starting with the key, merged the same way by the text from that word on.
    i = this.lowerBound(this.wordOrder, (at) => at, key);
    j = lowerBound(this.addedWords.length, (n) => this.addedWords[n]!.text, key);
    while (found.length < limit) {
      let builtText: string | undefined;
      let builtOrdinal = -1;
      for (; i < this.wordOrder.length; i++) {
        const at = this.wordOrder[i]!;
        if (!this.joined.startsWith(key, at)) break;
        builtOrdinal = this.titleAt(at);
        if (dead?.[builtOrdinal] === 1) continue;
        builtText = this.joined.slice(at, starts[builtOrdinal + 1]! - 1);
        break;
      }
      const word = this.addedWords[j];
      const addedText = word?.text.startsWith(key) ? word.text : undefined;
      if (builtText === undefined && addedText === undefined) break;
      if (builtText !== undefined && (addedText === undefined || builtText <= addedText)) {
        take(builtOrdinal);
        i++;
      } else {
        take(word!.ordinal);
        j++;
      }
    }
    return found;
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

function byText(x: AddedText, y: AddedText): number {
  return x.text < y.text ? -1 : x.text > y.text ? 1 : x.ordinal - y.ordinal;
}

/** First index below `count` whose text (`textAt`) is not below `key` on `key`'s length; texts are sorted. */
function lowerBound(count: number, textAt: (index: number) => string, key: string): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (textAt(mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two sorted lists as one sorted list (`x` first on ties). */
function merge<T>(x: readonly T[], y: readonly T[], order: (a: T, b: T) => number): T[] {
  if (x.length === 0) return [...y];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (j >= y.length || (i < x.length && order(x[i]!, y[j]!) <= 0)) out.push(x[i++]!);
    else out.push(y[j++]!);
  }
  return out;
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
