import { splitSentences } from '../search/text/chunk.js';
import { highlight, type HighlightedText } from './highlight.js';
import { scoreSentence, sentenceFeatures, SENTENCE_WEIGHTS, type SentenceWeights } from './sentence-choice.js';
import { isFiller, namesPaper, paperNames } from './question-words.js';
import { paperNamedById, papersWithName, readAnswerQuestion, type AnswerQuestion } from './read-question.js';
import { makePassage, overlaps, widen, type AnswerPassage } from './passage.js';
import { titleSuggestions, type Suggestion } from './lookup.js';
import type { PaperLink } from '../paper/paper.js';
import { summarizePaper, type PaperSummary } from '../paper/paper-summary.js';
import { pageAt, type QueryTerm, type RankedPaper, type SearchIndex } from '../search/search-index.js';
import { termsOf, tokenize } from '../search/text/tokenize.js';
import { readFilters, type AppliedFilters } from './applied-filters.js';

export type { Highlight, HighlightedText } from './highlight.js';
export type { AnswerPassage } from './passage.js';
export type { Suggestion } from './lookup.js';
export type { PaperSummary } from '../paper/paper-summary.js';
export type { AppliedFilters } from './applied-filters.js';

export interface AnswerOptions {
  /** Papers per answer. */
  limit: number;
  /** Longest passage, in characters; a longer sentence is clipped around its matches. */
  passageChars: number;
  /** Longest quoted sentence, in characters. */
  sentenceChars: number;
  /** A second passage is shown only when its best sentence scores at least this share of the first's. */
  secondPassageShare: number;
  /**
   * Share of the question's weight (summed IDF of its terms) the best paper must match; below it the
   * answer is `no-match`: a paper that shares one common word with the question does not answer it.
   */
  minCoverage: number;
  /** Suggestions offered with a `no-match`. */
  suggestions: number;
  /** How the quoted sentence is chosen (sentence-choice.ts). */
  sentenceWeights: SentenceWeights;
}

export const ANSWER_OPTIONS: AnswerOptions = {
  limit: 3,
  passageChars: 480,
  sentenceChars: 360,
  secondPassageShare: 0.5,
  minCoverage: 0.3,
  suggestions: 5,
  sentenceWeights: SENTENCE_WEIGHTS,
};

/** A question word the paper contains, and where. */
export interface MatchedTerm {
  /** The word as typed in the question. */
  word: string;
  /** The index term it matched (stemmed; the nearest indexed term when `corrected`). */
  term: string;
  fields: Array<'title' | 'text'>;
  corrected: boolean;
}

export interface PaperAnswer {
  paper: PaperSummary;
  /** The paper's title with the question's words marked. */
  title: HighlightedText;
  /** BM25 score of the paper's best chunk: comparable within one answer, not across questions. */
  score: number;
  /** One or two passages, best first, never overlapping. */
  passages: AnswerPassage[];
  /** The sentence that answers best; it lies within `passages[0]`. */
  sentence: AnswerPassage;
  /** Why it matched. */
  matched: MatchedTerm[];
  /** The question's content words, as typed, this paper does not contain (words no paper has included); never filler. */
  missing: string[];
  /** The whole question appears, word for word, in the title (a title being looked up). */
  titleMatch: boolean;
  links: PaperLink[];
}

export interface FoundAnswer {
  kind: 'answer';
  question: string;
  /** Only on a question with filters. */
  filters?: AppliedFilters;
  papers: PaperAnswer[];
  /** Papers matching at least one word, for "N more". */
  total: number;
  offset: number;
}

export interface NoMatch {
  kind: 'no-match';
  question: string;
  /**
   * `no-terms`: only stop words or unknown words; `no-match`: no paper has any of the words;
   * `weak-match`: papers share only a small part of the question; `past-end`: `offset` is past the last paper;
   * `bad-filter`: a filter is malformed; `filtered`: the filters left no paper (`filters.emptiedBy` says which).
   */
  reason: 'no-terms' | 'no-match' | 'weak-match' | 'past-end' | 'bad-filter' | 'filtered';
  /** Only on a question with filters. */
  filters?: AppliedFilters;
  /** Words the corpus has never seen (and has nothing close to). */
  unknown: string[];
  /** Close words and titles to try; never empty unless the corpus is. */
  suggestions: Suggestion[];
}

export type Answer = FoundAnswer | NoMatch;

export interface AskOptions {
  limit?: number;
  offset?: number;
  /** Answer from these papers (ids) only, each of them, saying what it lacks: a question scoped to a conversation. */
  within?: ReadonlySet<string>;
}

/**
 * Answers a question from the corpus: the best papers (a paper scores as its best chunk), each with one
 * or two passages, the sentence that answers best, the question's words marked, why it matched and its
 * links; or a `no-match` with suggestions. Never throws on any input.
 * @example
 * const answer = ask(index, 'what mask ratio does PRED use for point-wise masking');
 * if (answer.kind === 'answer') answer.papers[0].sentence.text // '… point-wise masking with a high mask ratio (95%).'
 */
export function ask(index: SearchIndex, question: string, options: AskOptions = {}, settings = ANSWER_OPTIONS): Answer {
  const filtering = readFilters(index, question);
  // A question without filters takes the very path it always took (the SciFact figures depend on it).
  if (filtering.kind === 'none') return answerQuestion(index, question, question, options, settings);
  if (filtering.kind === 'refused') {
    const { reason, filters } = filtering;
    return { kind: 'no-match', question, reason, unknown: [], suggestions: [], filters };
  }
  const { filters } = filtering;
  const answer = answerQuestion(index, question, filtering.text, options, settings, filtering.allowed);
  if (answer.kind === 'no-match' && (answer.reason === 'no-match' || answer.reason === 'weak-match')) {
    const of = filters.papers === 1 ? 'the one paper' : `the ${filters.papers} papers`;
    return { ...answer, filters: { ...filters, emptiedBy: `none of ${of} ${filters.description} answers it` } };
  }
  return { ...answer, filters };
}

/** Answers `text` (the question as typed, filters taken out), ranking only the `allowed` papers when given. */
function answerQuestion(
  index: SearchIndex,
  question: string,
  text: string,
  options: AskOptions,
  settings: AnswerOptions,
  allowed?: Uint8Array,
): Answer {
  const limit = Math.max(1, options.limit ?? settings.limit);
  const offset = Math.max(0, options.offset ?? 0);
  const read = readAnswerQuestion(index, text);
  const byName = offset === 0 ? paperNamedById(index, read) : undefined;
  const byId = byName && (!allowed || allowed[index.ordinalOf(byName.paper.id)!] === 1) ? byName : undefined;
  const { terms, unknown } = read;
  const noMatch = (reason: NoMatch['reason']): NoMatch => ({
    kind: 'no-match',
    question,
    reason,
    unknown,
    suggestions: suggestionsFor(index, text, terms, settings.suggestions),
  });
  // No content word at all (filler, stop words, symbols) is `no-terms`; content words no paper holds, `no-match`.
  if (terms.length === 0 && !byId && !options.within)
    return noMatch(read.content.length === 0 ? 'no-terms' : 'no-match');

  const within = options.within ? { within: options.within } : {};
  const ranking = index.rank(read, { limit, offset, chunksPerPaper: 3, ...within, ...(allowed && { allowed }) });
  if (byId) {
    // The paper named by its id leads, whatever else matches.
    const others = ranking.papers.filter((r) => r.paper.id !== byId.paper.id);
    ranking.total += ranking.papers.length === others.length ? 1 : 0;
    ranking.papers = [byId, ...others].slice(0, limit);
  }
  if (ranking.total === 0) return noMatch('no-match');
  if (ranking.papers.length === 0) return noMatch('past-end');
  const weights = new Map(terms.map((t) => [t.term, t.weight * index.idf(index.documentFrequency(t.term))]));
  // Words with nothing close in the corpus still count in the question's weight: they are what it asks about.
  const total = sum(weights.values()) + unknown.length * index.idf(0);
  // A paper the question names (`DropPos`, its id) answers it, whatever else it lacks.
  const papersWith = (term: string) => papersWithName(index, term);
  const named = (ranked: RankedPaper) => {
    const names = paperNames(ranked.paper);
    return read.content.some((word) => namesPaper(word, ranked.paper, papersWith, names));
  };
  const covers = (ranked: RankedPaper) =>
    options.within !== undefined ||
    ranked === byId ||
    ranked.titleMatch ||
    sum(ranked.matched.map((t) => weights.get(t.term) ?? 0)) >= settings.minCoverage * total ||
    named(ranked);
  // Ranked by score, a page ends at the first paper that covers too little of the question: what
  // follows shares a word or two with it, which is not an answer.
  const cut = ranking.papers.findIndex((ranked) => !covers(ranked));
  const papers = cut === -1 ? ranking.papers : ranking.papers.slice(0, cut);
  if (papers.length === 0) return noMatch(offset === 0 ? 'weak-match' : 'past-end');
  return {
    kind: 'answer',
    question,
    papers: papers.map((ranked) => answerFromPaper(index, ranked, read, weights, total, settings)),
    total: cut === -1 ? ranking.total : offset + papers.length,
    offset,
  };
}

interface ScoredSentence {
  start: number;
  end: number;
  score: number;
  /** Summed weight of the distinct question terms it holds. */
  weight: number;
  terms: Set<string>;
  /** Distinct title terms it holds: breaks ties, so a question matched by the title alone quotes what the paper is about. */
  onTopic: number;
  /** Rank of its chunk within the paper (0 = best chunk) and index of the sentence in that chunk's list. */
  chunkRank: number;
  index: number;
}

function answerFromPaper(
  index: SearchIndex,
  ranked: RankedPaper,
  question: AnswerQuestion,
  weights: ReadonlyMap<string, number>,
  questionWeight: number,
  settings: AnswerOptions,
): PaperAnswer {
  const { paper } = ranked;
  const { terms } = question;
  const termSet = new Set(terms.map((t) => t.term));
  const chunks = ranked.chunks.map((c) => index.chunk(c.ordinal));
  const titleTerms = new Set(tokenize(paper.title).flatMap((t) => t.terms));
  // Per chunk, its sentences with the summed weight of the distinct question terms they hold, then scored
  // by the features of sentence-choice.ts (coverage, neighbours, position, findings, quantities).
  const sentencesByChunk: ScoredSentence[][] = chunks.map((chunk, chunkRank) => {
    const sentences = splitSentences(chunk.text).map((span, i) => {
      const start = chunk.start + span.start;
      const end = chunk.start + span.end;
      const found = new Set<string>();
      const topical = new Set<string>();
      for (const token of tokenize(paper.text.slice(start, end))) {
        for (const term of token.terms) {
          if (termSet.has(term)) found.add(term);
          if (titleTerms.has(term)) topical.add(term);
        }
      }
      const weight = sum([...found].map((t) => weights.get(t) ?? 0));
      return { start, end, terms: found, onTopic: topical.size, weight, score: 0, chunkRank, index: i };
    });
    const features = sentenceFeatures(
      sentences.map((s) => paper.text.slice(s.start, s.end)),
      sentences.map((s) => (questionWeight > 0 ? s.weight / questionWeight : 0)),
      sentences.map((s) => s.start / Math.max(1, paper.text.length)),
      question.text,
    );
    sentences.forEach((s, i) => (s.score = scoreSentence(features[i]!, settings.sentenceWeights)));
    return sentences;
  });
  const all = sentencesByChunk.flat();
  const order = (x: ScoredSentence, y: ScoredSentence) =>
    y.score - x.score || y.onTopic - x.onTopic || x.chunkRank - y.chunkRank || x.start - y.start;
  const best = [...all].sort(order)[0];
  const page = (offset: number) => pageAt(paper.pageStarts, offset);

  const passages: AnswerPassage[] = [];
  if (best) {
    const first = widen(best, sentencesByChunk[best.chunkRank]!, settings.passageChars, []);
    passages.push(makePassage(paper.text, first, termSet, settings.passageChars, page(first.start)));
    const second = all
      .filter((s) => s.weight > 0 && s.weight >= settings.secondPassageShare * best.weight && !overlaps(s, first))
      .sort(order)[0];
    if (second) {
      const span = widen(second, sentencesByChunk[second.chunkRank]!, settings.passageChars, [first]);
      passages.push(makePassage(paper.text, span, termSet, settings.passageChars, page(span.start)));
    }
  } else {
    passages.push(makePassage(paper.text, { start: 0, end: 0 }, termSet, settings.passageChars, null));
  }
  const sentenceSpan = best ?? { start: 0, end: 0 };
  const sentence = makePassage(paper.text, sentenceSpan, termSet, settings.sentenceChars, page(sentenceSpan.start));

  const textTerms = new Set(all.flatMap((s) => [...s.terms]));
  // One entry per question word: `point-wise` matches through `pointwis`, `point` and `wise`.
  const byWord = new Map<string, MatchedTerm>();
  for (const t of ranked.matched) {
    const fields = new Set(byWord.get(t.word)?.fields);
    if (titleTerms.has(t.term)) fields.add('title');
    if (textTerms.has(t.term)) fields.add('text');
    const entry = byWord.get(t.word) ?? { word: t.word, term: t.term, fields: [], corrected: t.corrected };
    entry.fields = (['title', 'text'] as const).filter((f) => fields.has(f));
    byWord.set(t.word, entry);
  }
  const matched = [...byWord.values()].filter((m) => !isFiller(m.word));
  // Every content word as typed that the paper does not hold, unknown words included; never filler.
  const found = new Set(ranked.matched.flatMap((t) => (t.joined ? t.word.split(' ') : [t.word])).map(lower));
  const matchedTerms = new Set(ranked.matched.map((t) => t.term));
  const missing = question.content.filter((w) => !found.has(lower(w)) && !termsOf(w).some((t) => matchedTerms.has(t)));
  return {
    paper: summarizePaper(paper),
    title: highlight(paper.title, termSet),
    score: ranked.score,
    passages,
    sentence,
    matched,
    missing,
    titleMatch: ranked.titleMatch,
    links: paper.links,
  };
}

/**
 * What to offer when nothing fits: the words the index knows that are closest to the question's words
 * (spelled as they appear in a paper), then titles close to the question; at worst a few titles to start from.
 */
function suggestionsFor(
  index: SearchIndex,
  question: string,
  terms: readonly QueryTerm[],
  limit: number,
): Suggestion[] {
  const suggestions: Suggestion[] = [];
  for (const t of terms.filter((term) => term.corrected)) {
    const word = surfaceWord(index, t.term);
    if (word && !suggestions.some((s) => s.text === word)) suggestions.push({ kind: 'term', text: word });
  }
  suggestions.push(...titleSuggestions(index, question, limit - suggestions.length));
  if (suggestions.length === 0 && index.paperCount > 0) {
    suggestions.push(...titleSuggestions(index, index.paperTitles[0]!, Math.min(limit, 3)));
  }
  return suggestions.slice(0, limit);
}

/** A word as written in some chunk that holds `term`, so a suggestion reads `masking`, not `mask`. */
function surfaceWord(index: SearchIndex, term: string): string | undefined {
  for (const ordinal of index.chunksWith(term)) {
    const chunk = index.chunk(ordinal);
    const paper = index.paperById(chunk.paperId)!;
    for (const source of [paper.title, chunk.text]) {
      const token = tokenize(source).find(
        (t) => t.terms.includes(term) && termsOf(source.slice(t.start, t.end)).length === 1,
      );
      if (token) return source.slice(token.start, token.end).toLowerCase();
    }
  }
  return undefined;
}

const lower = (word: string) => word.toLowerCase();

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
