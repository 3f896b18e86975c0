import type { Paper } from './paper.js';
import { splitWords, termsOf } from '../search/text/tokenize.js';

/** Words a text uses to name what it defines: "we propose Graphormer", "termed DropPos". */
const DEFINES =
  /\b(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|call(?:s|ed)?|term(?:s|ed)?|name[sd]?|dub(?:s|bed)?)\s+(\p{Lu}[\p{L}\p{N}-]+)/gu;
/** A name-like word opening a sentence and set apart as what it is: "LoopSplat, a method for …". */
const APPOSITION = /(?:^|[.!?]\s+)(\p{Lu}[\p{L}\p{N}-]*),\s+(?:a|an)\s/gu;
/** A code repository's name (`github.com/Microsoft/Graphormer`): one capitalised or name-like word. */
const REPOSITORY = /^\/[^/]+\/([\p{L}\p{N}-]+?)(?:\.git)?\/?$/u;
/** How far into a paper's text a definition is looked for: names are defined in the abstract or introduction. */
const DEFINITION_WINDOW = 3000;

/**
 * A word written like a name: some hyphen-separated part has a capital or digit after its first letter
 * (`DropPos`, `ViT`, `PRED`, `GPT-4`), which `Pre-Training` does not.
 * @example isNameLike('DropPos') // true
 */
export function isNameLike(word: string): boolean {
  return word
    .split('-')
    .some((part, i, parts) =>
      /^\p{L}/u.test(part)
        ? /[\p{Lu}\d]/u.test(part.slice(1)) || (i > 0 && /^\d+$/.test(part) && parts.length > 1)
        : false,
    );
}

/** The names a paper's title and opening text give it, folded (no id): see {@link paperNames}. */
function definedNames(paper: Pick<Paper, 'title' | 'text'>): Set<string> {
  const names = new Set<string>();
  const head = paper.title.split(/:\s/)[0]!.trim();
  if (head !== paper.title.trim() && splitWords(head).length === 1) names.add(head.toLowerCase());
  for (const word of splitWords(paper.title)) if (isNameLike(word)) names.add(word.toLowerCase());
  for (const match of paper.text.slice(0, DEFINITION_WINDOW).matchAll(DEFINES)) names.add(match[1]!.toLowerCase());
  return names;
}

/**
 * The names a paper goes by, folded: its id, name-like words of its title, the lead of a title before a colon,
 * and names its opening text defines ("we propose Graphormer").
 * @example paperNames({ id: 'p1', title: 'DropPos: Pre-Training Vision Transformers', text: '' }) // Set {'p1', 'droppos'}
 */
export function paperNames(paper: Pick<Paper, 'id' | 'title' | 'text'>): Set<string> {
  return new Set([paper.id.toLowerCase(), ...definedNames(paper)]);
}

/**
 * The method names a paper can be looked up by, folded, for the lookup index: those of {@link paperNames}
 * but the id, a name-like word opening a sentence as "X, a …", and the name of its code repository when it
 * reads as a name (`github.com/Microsoft/Graphormer`). Cheap: a few regular expressions over the opening text.
 * @example methodNames({ title: 'Do Transformers Really Perform Badly?', text: '', links: [{ kind: 'code', url: 'https://github.com/Microsoft/Graphormer', label: 'code' }] }) // ['graphormer']
 */
export function methodNames(paper: Pick<Paper, 'title' | 'text' | 'links'>): string[] {
  const names = definedNames(paper);
  for (const match of paper.text.slice(0, DEFINITION_WINDOW).matchAll(APPOSITION)) {
    if (isNameLike(match[1]!)) names.add(match[1]!.toLowerCase());
  }
  for (const link of paper.links) {
    if (link.kind !== 'code') continue;
    const name = REPOSITORY.exec(new URL(link.url).pathname)?.[1];
    if (name && (isNameLike(name) || /^\p{Lu}\p{Ll}+\p{Lu}?\p{Ll}*$/u.test(name)) && name.length >= 3) {
      names.add(name.toLowerCase());
    }
  }
  return [...names];
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
