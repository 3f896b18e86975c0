import { stemmer } from 'stemmer';

/** A word of the original text and the index terms it stands for; `start`/`end` are offsets into that text. */
export interface Token {
  start: number;
  end: number;
  /** Stemmed, lower-cased, accent-free terms; empty for a stop word. */
  terms: readonly string[];
}

/**
 * Common English function words plus the question words people type ("what", "does"), which say
 * nothing about which paper answers. Negations are kept: "not" changes what a claim says.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either etc few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just let may me might more most must my myself of off on once only or ' +
    'other our ours out over own same shall she should so some such than that the their theirs them then there these ' +
    'they this those through thus to too under until up upon us very via was we were what when where whether which ' +
    'while who whom whose why will with would you your yours'
  ).split(' '),
);

/** Letters, marks and digits, joined by inner hyphens or apostrophes: `pre-training`, `model's`, `don't`. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-\u2010\u2011'\u2019][\p{L}\p{M}\p{N}]+)*/gu;
const HYPHEN = /[-\u2010\u2011]/;
const APOSTROPHE_S = /['\u2019]s$/;
const APOSTROPHE = /['\u2019]/g;
const MARKS = /\p{M}/gu;
const ASCII = /^[ -~\t\n\r]*$/;
const DIGITS = /^\d+$/;
/** Longer "words" are hashes, URLs or formulas squeezed together; they help nobody find a paper. */
const MAX_TERM_LENGTH = 40;

/** Lower-cases, drops accents (`Sandström` → `sandstrom`) and apostrophes (`model's` → `model`). */
function fold(word: string): string {
  let folded = ASCII.test(word) ? word.toLowerCase() : word.normalize('NFKD').replace(MARKS, '').toLowerCase();
  folded = folded.replace(APOSTROPHE_S, '');
  return folded.replace(APOSTROPHE, '');
}

function stem(part: string): string | undefined {
  if (part.length === 0 || part.length > MAX_TERM_LENGTH || STOP_WORDS.has(part)) return undefined;
  if (part.length === 1 && !DIGITS.test(part)) return undefined;
  return DIGITS.test(part) ? part : stemmer(part);
}

// Stemming dominates indexing time and corpus vocabularies repeat; a bounded memo keeps the work per distinct word.
const MEMO = new Map<string, readonly string[]>();
const MEMO_LIMIT = 200_000;
const NONE: readonly string[] = Object.freeze([]);

/**
 * The index terms of one word: folded and Porter-stemmed, stop words dropped. A hyphenated word gives
 * its joined form and each part, so `pre-training` matches `pretraining` and `pre training` alike.
 * @example termsOf('Pre-Training') // ['pretrain', 'pre', 'train']
 */
export function termsOf(word: string): readonly string[] {
  const known = MEMO.get(word);
  if (known) return known;
  const folded = fold(word);
  let terms: readonly string[];
  if (!HYPHEN.test(folded)) {
    const single = stem(folded);
    terms = single === undefined ? NONE : [single];
  } else {
    const parts = folded.split(HYPHEN);
    const found = new Set<string>();
    const joined = stem(parts.join(''));
    if (joined !== undefined) found.add(joined);
    for (const part of parts) {
      const term = stem(part);
      if (term !== undefined) found.add(term);
    }
    terms = [...found];
  }
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(word, terms);
  return terms;
}

/**
 * The words of `text` with their offsets, as written (use {@link termsOf} for index terms).
 * @example splitWords('Pre-training, at 95%') // ['Pre-training', 'at', '95']
 */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * Every word of `text` with its offsets and index terms; stop words come back with no terms so a
 * caller can still see where they are.
 * @example tokenize('masked pre-training')[1] // { start: 7, end: 19, terms: ['pretrain', 'pre', 'train'] }
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    tokens.push({ start: match.index, end: match.index + match[0].length, terms: termsOf(match[0]) });
  }
  return tokens;
}

/**
 * The index terms of `text` in order, repeats kept (term frequency counts them).
 * @example analyze('The pre-training of transformers') // ['pretrain', 'pre', 'train', 'transform']
 */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) for (const term of termsOf(word)) terms.push(term);
  return terms;
}

/**
 * The distinct index terms of a query, in first-seen order.
 * @example queryTerms('what is pre-training? pre-training!') // ['pretrain', 'pre', 'train']
 */
export function queryTerms(text: string): string[] {
  return [...new Set(analyze(text))];
}
