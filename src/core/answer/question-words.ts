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

/** Words a text uses to name what it defines: "we propose Graphormer", "termed DropPos". */
const DEFINES =
  /\b(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|call(?:s|ed)?|term(?:s|ed)?|name[sd]?|dub(?:s|bed)?)\s+(\p{Lu}[\p{L}\p{N}-]+)/gu;
/**
 * A word written like a name: some hyphen-separated part has a capital or digit after its first letter
 * (`DropPos`, `ViT`, `PRED`, `GPT-4`), which `Pre-Training` does not.
 */
function isNameLike(word: string): boolean {
  return word
    .split('-')
    .some((part, i, parts) =>
      /^\p{L}/u.test(part)
        ? /[\p{Lu}\d]/u.test(part.slice(1)) || (i > 0 && /^\d+$/.test(part) && parts.length > 1)
        : false,
    );
}
/** How far into a paper's text a definition is looked for: names are defined in the abstract or introduction. */
const DEFINITION_WINDOW = 3000;

/**
 * The names a paper goes by, folded: its id, name-like words of its title, the lead of a title before a colon,
 * and names its opening text defines ("we propose Graphormer").
 * @example paperNames({ id: 'p1', title: 'DropPos: Pre-Training Vision Transformers', text: '' }) // Set {'p1', 'droppos'}
 */
export function paperNames(paper: Pick<Paper, 'id' | 'title' | 'text'>): Set<string> {
  const names = new Set<string>([paper.id.toLowerCase()]);
  const head = paper.title.split(/:\s/)[0]!.trim();
  if (head !== paper.title.trim() && splitWords(head).length === 1) names.add(head.toLowerCase());
  for (const word of splitWords(paper.title)) if (isNameLike(word)) names.add(word.toLowerCase());
  for (const match of paper.text.slice(0, DEFINITION_WINDOW).matchAll(DEFINES)) names.add(match[1]!.toLowerCase());
  return names;
}

/**
 * Whether `word` (as typed in a question) names `paper`: it is one of {@link paperNames}, or a proper name
 * only this paper uses: its one index term is in this paper's chunks and no other paper's, and the paper's
 * text writes it capitalised mid-sentence (`fine-tuning Graphormer on …`). `papersWith` gives the ids of the papers holding an index term.
 * @example namesPaper('Graphormer', graphormerPaper, (t) => new Set([graphormerPaper.id])) // true
 */
export function namesPaper(
  word: string,
  paper: Pick<Paper, 'id' | 'title' | 'text'>,
  papersWith: (term: string) => ReadonlySet<string>,
  names: ReadonlySet<string> = paperNames(paper),
): boolean {
  const folded = word.toLowerCase();
  if (names.has(folded)) return true;
  const terms = termsOf(word);
  if (terms.length !== 1 || folded.length < 4) return false;
  const holders = papersWith(terms[0]!);
  if (holders.size !== 1 || !holders.has(paper.id)) return false;
  return capitalisedIn(folded, paper.text);
}

/** Whether `folded` appears in `text` capitalised mid-sentence (as a name, not as a sentence's first word). */
function capitalisedIn(folded: string, text: string): boolean {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(folded); at >= 0; at = lower.indexOf(folded, at + 1)) {
    const before = text.slice(Math.max(0, at - 3), at).trimEnd();
    if (text[at] !== lower[at] && before !== '' && !/[.!?:]$/.test(before)) return true;
  }
  return false;
}
