/** What a code point can be in a word, as {@link splitWords}' pattern reads it. 0 = not classified yet. */
const OTHER = 1;
/** A letter or a digit: starts a word or continues it. */
const WORD = 2;
/** A combining mark: continues a word, never starts one. */
const MARK = 3;
/** A hyphen or an apostrophe: joins two runs of a word when a letter, digit or mark follows it. */
const JOINER = 4;

const IS_WORD = /^[\p{L}\p{N}]$/u;
const IS_MARK = /^\p{M}$/u;
const IS_JOINER = /^[-\u2010\u2011'\u2019]$/u;

/** Classes of the 65,536 code units, filled in as they are first met. */
const BMP_CLASSES = new Uint8Array(0x10000);
/** Classes of code points beyond the BMP (mathematical letters, say), as they are met. */
const ASTRAL_CLASSES = new Map<number, number>();

function classify(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  if (IS_WORD.test(char)) return WORD;
  if (IS_MARK.test(char)) return MARK;
  return IS_JOINER.test(char) ? JOINER : OTHER;
}

function classOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    let found = BMP_CLASSES[codePoint]!;
    if (found === 0) found = BMP_CLASSES[codePoint] = classify(codePoint);
    return found;
  }
  let found = ASTRAL_CLASSES.get(codePoint);
  if (found === undefined) ASTRAL_CLASSES.set(codePoint, (found = classify(codePoint)));
  return found;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * The hash {@link WordCursor} gives a word: FNV-1a over its UTF-16 code units.
 * @example hashWord('mask') === (cursor.next(), cursor.hash) // for a cursor over 'mask ratio'
 */
export function hashWord(text: string, start = 0, end = text.length): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * Walks the words of a range of a text without making a string of each: the very words, at the very
 * offsets, that `splitWords(text.slice(from, to))` returns (letters, marks and digits, joined by inner
 * hyphens or apostrophes), each with its {@link hashWord}. Indexing reads every word of the corpus
 * this way, so a word it has met before costs a hash and a comparison, not a string and a Map lookup.
 * @example const words = new WordCursor(); words.reset('Pre-training, at 95%'); words.next(); // start 0, end 12
 */
export class WordCursor {
  /** The current word's offsets in the text, after {@link next} returned true. */
  start = 0;
  end = 0;
  hash = 0;
  private text = '';
  private at = 0;
  private to = 0;

  /** Starts over on `text` from `from` to `to` (read as if nothing came before or after). */
  reset(text: string, from = 0, to = text.length): void {
    this.text = text;
    this.at = from;
    this.to = to;
  }

  /** Moves to the next word; false when the range has no more. */
  next(): boolean {
    const text = this.text;
    const to = this.to;
    let i = this.at;
    while (i < to) {
      const unit = text.charCodeAt(i);
      const width = unit >= 0xd800 && unit <= 0xdbff && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
      if (classAt(text, i, width, unit) !== WORD) {
        i += width;
        continue;
      }
      const start = i;
      i += width;
      for (;;) {
        i = this.skipRun(i);
        // A joiner (always one code unit) continues the word only when a letter, digit or mark follows it.
        if (i + 1 < to && classOf(text.charCodeAt(i)) === JOINER && this.runsAt(i + 1)) {
          i++;
          continue;
        }
        break;
      }
      this.start = start;
      this.end = i;
      this.hash = hashWord(text, start, i);
      this.at = i;
      return true;
    }
    this.at = i;
    return false;
  }

  /** The end of the run of letters, digits and marks from `i`. */
  private skipRun(i: number): number {
    while (i < this.to) {
      const width = this.widthAt(i);
      const found = classAt(this.text, i, width, this.text.charCodeAt(i));
      if (found !== WORD && found !== MARK) break;
      i += width;
    }
    return i;
  }

  private runsAt(i: number): boolean {
    const found = classAt(this.text, i, this.widthAt(i), this.text.charCodeAt(i));
    return found === WORD || found === MARK;
  }

  /** 2 for a surrogate pair wholly inside the range, else 1 (a lone surrogate is a code point of its own). */
  private widthAt(i: number): number {
    const unit = this.text.charCodeAt(i);
    return unit >= 0xd800 && unit <= 0xdbff && i + 1 < this.to && isLowSurrogate(this.text.charCodeAt(i + 1)) ? 2 : 1;
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function classAt(text: string, i: number, width: number, unit: number): number {
  return width === 1 ? classOf(unit) : classOf(text.codePointAt(i)!);
}
