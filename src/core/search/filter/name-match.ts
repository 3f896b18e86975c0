// Author names and venues as people type them: any case, with or without accents, initials for first
// names (`k. he`, `g e hinton`), a venue's old or new name (`nips`, `neurips`), a venue with its year.

const MARKS = /\p{M}/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;
const PLAIN = /^[ -~]*$/;
const NOT_ALNUM_ASCII = /[^a-z0-9]+/g;

/**
 * Lower case, accents dropped, every run of other characters a single space.
 * @example foldName('Sandström, Erik') // 'sandstrom erik'
 */
export function foldName(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase().replace(/'/g, '').replace(NOT_ALNUM_ASCII, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(NOT_ALNUM, ' ')
    .trim();
}

/** One word of a typed name: a whole word, or an initial (`k.`, or a single letter). */
export interface NamePart {
  text: string;
  initial: boolean;
}

/**
 * The parts of an author name as typed.
 * @example authorPattern('K. He') // [{ text: 'k', initial: true }, { text: 'he', initial: false }]
 */
export function authorPattern(typed: string): NamePart[] {
  const parts: NamePart[] = [];
  // `k.he` and `k.m. he`: a letter before a dot is an initial.
  for (const piece of typed.replace(/(\p{L})\.\s*/gu, '$1. ').split(/\s+/)) {
    const initial = /^\p{L}\.$/u.test(piece);
    for (const word of foldName(piece).split(' ')) {
      if (word !== '') parts.push({ text: word, initial: initial || word.length === 1 });
    }
  }
  return parts;
}

/**
 * Whether an author's name (folded words) answers a typed name: each typed word is a distinct word of the
 * name, an initial the first letter of one; order does not matter (`he kaiming`, `kaiming he`, `k. he`).
 * @example authorMatches(authorPattern('k. he'), foldName('Kaiming He').split(' ')) // true
 */
export function authorMatches(pattern: readonly NamePart[], nameWords: readonly string[]): boolean {
  if (pattern.length === 0) return false;
  const used = new Array<boolean>(nameWords.length).fill(false);
  // Whole words first: an initial must not take the word a whole word needs.
  for (const part of pattern) {
    if (part.initial) continue;
    const at = nameWords.findIndex((w, i) => !used[i] && w === part.text);
    if (at === -1) return false;
    used[at] = true;
  }
  for (const part of pattern) {
    if (!part.initial) continue;
    const at = nameWords.findIndex((w, i) => !used[i] && w.startsWith(part.text));
    if (at === -1) return false;
    used[at] = true;
  }
  return true;
}

/** Names the same venue goes by, folded, mapped to the one word compared. */
const VENUE_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['neural information processing systems', 'neurips'],
  ['international conference on learning representations', 'iclr'],
  ['international conference on machine learning', 'icml'],
  ['computer vision and pattern recognition', 'cvpr'],
  ['international conference on computer vision', 'iccv'],
  ['european conference on computer vision', 'eccv'],
  ['association for computational linguistics', 'acl'],
  ['international conference on robotics and automation', 'icra'],
  ['intelligent robots and systems', 'iros'],
  ['artificial intelligence and statistics', 'aistats'],
  ['uncertainty in artificial intelligence', 'uai'],
  ['conference on learning theory', 'colt'],
  ['conference on robot learning', 'corl'],
  ['robotics science and systems', 'rss'],
  ['the web conference', 'www'],
  ['nips', 'neurips'],
];

/** A venue as words to compare, the year it holds (`ICLR 2024`, `iclr2024`) taken out. */
export interface VenueKey {
  words: string[];
  year: number | null;
}

/**
 * The words of a venue, aliases resolved (`NIPS` and `Neural Information Processing Systems` are both
 * `neurips`), a year in it apart.
 * @example venueKey('ICLR 2024') // { words: ['iclr'], year: 2024 }
 */
export function venueKey(venue: string): VenueKey {
  let folded = ` ${foldName(venue).replace(/(\p{L})((?:19|20)\d\d)\b/gu, '$1 $2')} `;
  for (const [name, alias] of VENUE_ALIASES) folded = folded.replaceAll(` ${name} `, ` ${alias} `);
  let year: number | null = null;
  const words: string[] = [];
  for (const word of folded.trim().split(' ')) {
    if (/^(?:19|20)\d\d$/.test(word)) year ??= Number(word);
    else if (word !== '') words.push(word);
  }
  return { words, year };
}

/**
 * Whether a paper's venue (and year) answers a typed venue: its words appear together in the paper's
 * venue (`icml` matches `ICML Workshop on …`), and a year typed with the venue is the paper's.
 * @example venueMatches(venueKey('nips 2019'), venueKey('NeurIPS'), 2019) // true
 */
export function venueMatches(typed: VenueKey, venue: VenueKey, year: number | null): boolean {
  if (typed.year !== null && typed.year !== year && typed.year !== venue.year) return false;
  if (typed.words.length === 0) return true;
  outer: for (let i = 0; i + typed.words.length <= venue.words.length; i++) {
    for (let j = 0; j < typed.words.length; j++) if (venue.words[i + j] !== typed.words[j]) continue outer;
    return true;
  }
  return false;
}
