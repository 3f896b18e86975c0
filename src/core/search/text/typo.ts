import { stemmer } from 'stemmer';

/**
 * Suffixes that make a regular English word from a root (`predict` → `prediction`, `occupy` → `occupancy`).
 * A question word the stemmer cuts at one of these is a well-formed English word, not a slip of the keys.
 */
const DERIVATIONAL_SUFFIXES = [
  'ations',
  'ation',
  'itions',
  'ition',
  'tions',
  'tion',
  'sions',
  'sion',
  'ions',
  'ion',
  'ments',
  'ment',
  'nesses',
  'ness',
  'ities',
  'ity',
  'ancy',
  'ency',
  'ance',
  'ence',
  'ible',
  'able',
  'ive',
  'ous',
  'ful',
  'less',
  'ise',
  'ize',
  'ial',
  'al',
  'ism',
  'ist',
  'ists',
] as const;

/** Letters of a suffix a typo may carry beyond the stem it is a typo of (`maskng` for `mask`). */
const FREE_TAIL = 3;

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Edits a typo of a word this long may hold: 1 under 8 letters, 2 from 8; none under 3 (too many neighbours). */
export function allowedEdits(length: number): number {
  return length < 3 ? 0 : length < 8 ? 1 : 2;
}

/**
 * How far a typed word is from an index term (a Porter stem): the closer of its own stem and its spelling,
 * the latter allowed to run up to 3 letters past the term (`maskng` is 0 from `mask`).
 */
export function typoDistance(word: string, term: string): number {
  let best = editDistance(stemmer(word), term);
  for (let k = Math.max(1, word.length - FREE_TAIL); k <= word.length; k++) {
    best = Math.min(best, editDistance(word.slice(0, k), term));
  }
  return best;
}

/**
 * Whether question word `word`, which the index does not hold, may be read as the indexed `term`: only when it
 * looks like a typo of it. It must start with the same letter, be within {@link allowedEdits} of it (by
 * {@link typoDistance}), and not be a regular English derivation the corpus simply lacks: a word the
 * stemmer cuts at a derivational suffix (`prediction`, `diffusion`, `occupancy`) is corrected only to a term
 * one edit from its root that the same suffix also derives (`atention` → `attent`, as `attention` stems to
 * `attent`; never `occupancy` → `occlus`).
 * @example
 * mayCorrect('maskng', 'mask') // true
 * mayCorrect('prediction', 'predictor') // false: another word, not a typo
 * mayCorrect('trivial', 'avail') // false: different first letter
 */
export function mayCorrect(word: string, term: string): boolean {
  const folded = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (term.length === 0 || folded[0] !== term[0]) return false;
  if (typoDistance(folded, term) > allowedEdits(folded.length)) return false;
  const stem = stemmer(folded);
  const suffix = DERIVATIONAL_SUFFIXES.find((s) => folded.endsWith(s) && folded.length - s.length >= 2);
  if (stem === folded || suffix === undefined) return true;
  // A derived word's root carries at most one slip: two edits between roots make another word
  // (`occupancy` is not `occlusion` mistyped, nor `diffusion` `differ`).
  if (editDistance(stem, term) > 1) return false;
  const removed = folded.startsWith(stem) ? folded.slice(stem.length) : suffix;
  return stemmer(term + removed) === term;
}
