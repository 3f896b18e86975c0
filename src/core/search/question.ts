import { typedKey } from './engine/title-list.js';
import { splitWords, termsOf } from './text/tokenize.js';
import { QUESTION_TYPOS, typoDistance } from './text/typo-distance.js';
import { mayCorrect } from './text/typo.js';

/** One term the ranker looks for, and the question word it came from. */
export interface QueryTerm {
  term: string;
  /** The word as the user typed it. */
  word: string;
  weight: number;
  /** True when `word` is not in the index and `term` is the closest indexed term. */
  corrected: boolean;
  /** True when `term` is two consecutive question words written as one; `word` then holds both, space-separated. */
  joined: boolean;
}

/** A question as the ranker reads it. */
export interface Question {
  text: string;
  terms: QueryTerm[];
  /** Words the corpus has never seen and has nothing close to. */
  unknown: string[];
  /** The question's words folded for matching a title ({@link typedKey}); empty when too long to be a title. */
  phrase: string;
}

/** How much a question word counts when it is not looked up as typed. */
export interface QuestionWeights {
  /** Weight of a question word replaced by the closest indexed term (a typo): less sure than a word as typed. */
  correctedWeight: number;
  /** Weight of two question words looked up as one word (`pre training` as `pretraining`). */
  joinedWeight: number;
}

/** The terms a question is read against: the chunk index's. */
export interface Vocabulary {
  /** How many live chunks hold `term` (0: the index has never seen it). */
  documentFrequency(term: string): number;
  /** Terms of live chunks within `maxDistance` edits of `term`, with their distance. */
  closeTerms(term: string, maxDistance: number): Array<{ term: string; distance: number }>;
}

/** A question this long is a question, not part of a title. */
const MAX_TITLE_PHRASE_WORDS = 16;

/**
 * The terms to look for in a question: each word's index terms, and for a word the index has never
 * seen, the closest indexed term (a typo), weighted down; two words the papers write as one, joined.
 * Words with no such term are `unknown`.
 * @example readQuestion('what mask ratio', chunkIndex, SEARCH_OPTIONS).terms.map((t) => t.term) // ['mask', 'ratio']
 */
export function readQuestion(question: string, vocabulary: Vocabulary, weights: QuestionWeights): Question {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  const unknown: string[] = [];
  const words = splitWords(question);
  for (const word of words) {
    for (const term of termsOf(word)) {
      if (seen.has(term)) continue;
      seen.add(term);
      if (vocabulary.documentFrequency(term) > 0) {
        terms.push({ term, word, weight: 1, corrected: false, joined: false });
        continue;
      }
      // A hyphenated word's parts are checked as parts (`pre-trainng` is no typo of a `p…` term).
      const corrected = closestTerm(term, vocabulary, termsOf(word).length === 1 ? word : term);
      if (corrected === undefined) unknown.push(word);
      else if (!seen.has(corrected)) {
        seen.add(corrected);
        terms.push({ term: corrected, word, weight: weights.correctedWeight, corrected: true, joined: false });
      }
    }
  }
  // Two words the papers also write as one (`pre training` → `pretraining`, `data set` → `dataset`).
  for (let i = 0; i + 1 < words.length; i++) {
    const [first, second] = [words[i]!, words[i + 1]!];
    if (termsOf(first).length !== 1 || termsOf(second).length !== 1) continue;
    const joined = termsOf(first + second);
    const term = joined.length === 1 ? joined[0]! : undefined;
    if (term === undefined || seen.has(term) || vocabulary.documentFrequency(term) === 0) continue;
    seen.add(term);
    terms.push({ term, word: `${first} ${second}`, weight: weights.joinedWeight, corrected: false, joined: true });
  }
  const phrase = words.length <= MAX_TITLE_PHRASE_WORDS ? typedKey(question) : '';
  return { text: question, terms, unknown: [...new Set(unknown)], phrase };
}

/**
 * The indexed term nearest to `term` by edit distance that `word` (as typed) may be a typo of
 * ({@link mayCorrect}: never a real English word the corpus lacks, `occupancy` → `accur`), the more common
 * one on a tie, then the first alphabetically (so the choice never depends on the order papers were
 * indexed in).
 * @example closestTerm('transfromer', chunkIndex) // 'transform'
 */
export function closestTerm(term: string, vocabulary: Vocabulary, word: string = term): string | undefined {
  const distance = typoDistance(term.length, QUESTION_TYPOS);
  if (distance === 0) return undefined;
  let best: { term: string; distance: number; df: number } | undefined;
  for (const found of vocabulary.closeTerms(term, distance)) {
    if (!mayCorrect(word, found.term)) continue;
    const df = vocabulary.documentFrequency(found.term);
    if (
      !best ||
      found.distance < best.distance ||
      (found.distance === best.distance && (df > best.df || (df === best.df && found.term < best.term)))
    ) {
      best = { ...found, df };
    }
  }
  return best?.term;
}

/**
 * Bare terms as a question with no title phrase (callers ranking by topic words, not a typed question).
 * @example asQuestion([{ term: 'mask', word: 'mask', weight: 1, corrected: false, joined: false }]).phrase // ''
 */
export function asQuestion(question: Question | readonly QueryTerm[]): Question {
  return isTerms(question) ? { text: '', terms: [...question], unknown: [], phrase: '' } : question;
}

function isTerms(question: Question | readonly QueryTerm[]): question is readonly QueryTerm[] {
  return Array.isArray(question);
}
