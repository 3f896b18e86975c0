import type { Question, RankedPaper, SearchIndex } from '../search/search-index.js';
import { contentWords, isFiller } from './question-words.js';

/** A question as `ask` reads it: the ranker's reading (typos corrected only where plausible) without filler. */
export interface AnswerQuestion extends Question {
  /** The content words as typed ({@link contentWords}): what coverage and `missing` are about. */
  content: string[];
}

/**
 * Reads a question for answering: the index's reading ({@link SearchIndex.readQuestion}, which corrects a
 * word only where it looks like a typo, so `occupancy` is unknown rather than `accur`) with filler words
 * dropped: they are no evidence.
 * @example readAnswerQuestion(index, 'which paper uses occupancy prediction').unknown // ['occupancy', 'prediction']
 */
export function readAnswerQuestion(index: SearchIndex, question: string): AnswerQuestion {
  const read = index.readQuestion(question);
  const unknown = read.unknown.filter((word) => !isFiller(word));
  const terms = read.terms.filter((t) => !t.word.split(' ').some(isFiller));
  return { ...read, terms, unknown: [...new Set(unknown)], content: contentWords(question) };
}

/**
 * The paper a question names by its id (`… 2309.03576-droppos …`), ranked for its own title so it has
 * chunks to quote, keeping only the question's terms as matched; the id word then leaves the question's
 * content and unknown words (it is no subject). `undefined` when no word of the question is a paper id
 * (bare numbers never are).
 * @example paperNamedById(index, readAnswerQuestion(index, 'what is p-42'))?.paper.id // 'p-42'
 */
export function paperNamedById(index: SearchIndex, read: AnswerQuestion): RankedPaper | undefined {
  // A bare number is a quantity far more often than an id (BEIR ids are numbers), so it names no paper.
  const word = read.content.find((w) => !/^\d+$/.test(w) && index.paperById(w) !== undefined);
  const paper = word === undefined ? undefined : index.paperById(word)!;
  if (word === undefined || paper === undefined) return undefined;
  read.content = read.content.filter((w) => w !== word);
  read.unknown = read.unknown.filter((w) => w !== word);
  const ranked = index
    .rank(index.readQuestion(paper.title), { limit: 3, chunksPerPaper: 3 })
    .papers.find((r) => r.paper.id === paper.id);
  if (!ranked) return undefined;
  const terms = new Set(read.terms.map((t) => t.term));
  return { ...ranked, matched: ranked.matched.filter((t) => terms.has(t.term)), titleMatch: false };
}

/** A term in more chunks than this is too common to be one paper's name. */
const MAX_NAME_CHUNKS = 64;

/**
 * Ids of the papers holding `term`, for telling whether a word names a paper; empty for a term in more
 * than {@link MAX_NAME_CHUNKS} chunks, which is no name (so a common word never walks its postings).
 * @example papersWithName(index, 'droppos').size // 1 on the seed corpus: only DropPos writes it
 */
export function papersWithName(index: SearchIndex, term: string): Set<string> {
  if (index.documentFrequency(term) > MAX_NAME_CHUNKS) return new Set();
  return new Set(index.chunksWith(term).map((c) => index.chunk(c).paperId));
}
