import type { Question, SearchIndex } from '../search/search-index.js';
import { mayCorrect } from '../search/text/typo.js';
import { contentWords, isFiller } from './question-words.js';

/** A question as `ask` reads it: the ranker's reading without filler and implausible corrections. */
export interface AnswerQuestion extends Question {
  /** The content words as typed ({@link contentWords}): what coverage and `missing` are about. */
  content: string[];
}

/**
 * Reads a question for answering: the index's reading ({@link SearchIndex.readQuestion}) with filler words
 * dropped (they are no evidence) and every typo correction {@link mayCorrect} rejects undone, its word then
 * counted as unknown (`occupancy` is not a typo of `accur`).
 * @example readAnswerQuestion(index, 'which paper uses occupancy prediction').unknown // ['occupancy', 'prediction']
 */
export function readAnswerQuestion(index: SearchIndex, question: string): AnswerQuestion {
  const read = index.readQuestion(question);
  const unknown = read.unknown.filter((word) => !isFiller(word));
  const terms = read.terms.filter((t) => {
    if (t.word.split(' ').some(isFiller)) return false;
    if (t.corrected && !mayCorrect(t.word, t.term)) {
      unknown.push(t.word);
      return false;
    }
    return true;
  });
  return { ...read, terms, unknown: [...new Set(unknown)], content: contentWords(question) };
}
