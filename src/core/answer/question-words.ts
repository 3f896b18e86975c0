import type { Paper } from '../paper/paper.js';
import { splitWords, termsOf } from '../search/text/tokenize.js';

/**
 * Words that say how a question is asked about papers, not what it is about: "which paper uses …",
 * "a study showing …", "what method does X propose". They are no evidence that a paper answers, so they are
 * not looked for, not counted in coverage and never reported as found or missing. Compared by stem, so
 * `uses`, `used` and `using` are filler like `use`. Kept small on purpose: each is a word people type to
 * frame a question about the literature (stop words such as `which` and `what` are already dropped).
 */
export const FILLER_WORDS: readonly string[] = [
  'paper',
  'papers',
  'article',
  'work',
  'study',
  'studies',
  'use',
  'propose',
  'proposed',
  'method',
  'methods',
  'approach',
  'approaches',
  'show',
  'shows',
  'present',
  'introduce',
  'describe',
  'mention',
  'discuss',
];

const FILLER_TERMS: ReadonlySet<string> = new Set(FILLER_WORDS.flatMap((w) => termsOf(w)));

/**
 * Whether a question word is filler: it has index terms and all of them are filler stems.
 * @example isFiller('uses') // true
 * @example isFiller('DropPos') // false
 */
export function isFiller(word: string): boolean {
  const terms = termsOf(word);
  return terms.length > 0 && terms.every((t) => FILLER_TERMS.has(t));
}

/**
 * The question's content words as typed, in order, once each (case-folded): neither stop words nor filler.
 * @example contentWords('which paper uses occupancy prediction') // ['occupancy', 'prediction']
 */
export function contentWords(question: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const word of splitWords(question)) {
    const key = word.toLowerCase();
    if (termsOf(word).length === 0 || isFiller(word) || seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  return words;
}

/**
 * What a note about a paper's missing words says: runs of adjacent missing words in the question read as
 * one phrase. `undefined` when the paper misses nothing.
 * @example missingNote('what batch size does DropPos use', { title: 'DropPos: …' }, ['batch', 'size'])
 * // 'DropPos does not mention “batch size”.'
 */
export function missingNote(
  question: string,
  paper: Pick<Paper, 'title'>,
  missing: readonly string[],
): string | undefined {
  if (missing.length === 0) return undefined;
  const absent = new Set(missing.map((w) => w.toLowerCase()));
  const phrases: string[] = [];
  let run: string[] = [];
  for (const word of splitWords(question)) {
    if (absent.has(word.toLowerCase())) run.push(word);
    else if (termsOf(word).length > 0 || isFiller(word)) {
      if (run.length > 0) phrases.push(run.join(' '));
      run = [];
    }
  }
  if (run.length > 0) phrases.push(run.join(' '));
  const unique = [...new Set(phrases)];
  return `${shortName(paper.title)} does not mention ${unique.map((p) => `“${p}”`).join(', ')}.`;
}

/** A paper's name for a sentence: its title's lead before a colon when short (`DropPos`), else "This paper". */
function shortName(title: string): string {
  const head = title.split(/:\s/)[0]!.trim();
  return head !== title.trim() && splitWords(head).length <= 4 ? head : 'This paper';
}

export { namesPaper, paperNames } from '../paper/paper-names.js';
