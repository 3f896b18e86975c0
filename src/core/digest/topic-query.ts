import type { Paper } from '../paper/paper.js';
import { isFiller } from '../answer/question-words.js';
import { tokenize } from '../search/text/tokenize.js';
import { parseFilters, type Filters } from '../search/filter/filter-grammar.js';
import { compileFacetFilter } from '../search/filter/paper-filter.js';

/** A digest topic as typed: `graph "neural network" -survey -"position paper"`. */
export interface TopicQuery {
  /** The topic as typed, trimmed. */
  text: string;
  /** Words every matching paper contains (after stemming); filler (`paper`, `using`…) is no requirement, as in `ask`. */
  words: string[];
  /** Phrases every matching paper contains, word for word (stop words aside). */
  phrases: string[];
  /** Words or phrases no matching paper contains. */
  excluded: string[];
  /** Authors, venues and years every matching paper has (`author:he venue:iclr since:2023`): the grammar of `ask`. */
  filters: Pick<Filters, 'authors' | 'venues' | 'years'>;
  /** Malformed filters, quoted (a subscription is refused with them). */
  problems: string[];
}

const PART = /(-?)"([^"]*)"?|(\S+)/g;

/**
 * Splits a topic into required words, required `"phrases"` and `-excluded` words or phrases.
 * Lenient: an unclosed quote runs to the end, a lone `-` is ignored. A bare filler word (`papers`, `using`:
 * {@link isFiller}) is dropped, as `ask` drops it; quoted or excluded, it is kept as typed.
 * @example parseTopic('graph "neural network" -survey')
 * // { text: 'graph "neural network" -survey', words: ['graph'], phrases: ['neural network'], excluded: ['survey'] }
 */
export function parseTopic(text: string): TopicQuery {
  const { text: rest, filters, problems } = parseFilters(text);
  const { authors, venues, years } = filters;
  const topic: TopicQuery = {
    text: text.trim(),
    words: [],
    phrases: [],
    excluded: [],
    filters: { authors, venues, years },
    problems,
  };
  // Exclusions as typed, filler and all (the grammar leaves out only what it cannot exclude).
  for (const match of text.matchAll(PART)) {
    const [, minus, quoted, bare] = match;
    if (minus && quoted !== undefined) {
      const phrase = quoted.trim().replace(/\s+/g, ' ');
      if (phrase !== '') topic.excluded.push(phrase);
    } else if (bare?.startsWith('-') && /^-\p{L}/u.test(bare)) topic.excluded.push(bare.slice(1));
  }
  for (const match of rest.matchAll(PART)) {
    const [, minus, quoted, bare] = match;
    if (quoted !== undefined) {
      const phrase = quoted.trim().replace(/\s+/g, ' ');
      if (phrase !== '' && !minus) topic.phrases.push(phrase);
    } else if (bare !== undefined && bare !== '-' && !isFiller(bare)) topic.words.push(bare);
  }
  return topic;
}

/** True when the topic selects every paper (nothing required, nothing excluded). */
export function isEmptyTopic(topic: TopicQuery): boolean {
  const { authors, venues, years } = topic.filters;
  return (
    topic.words.length + topic.phrases.length + topic.excluded.length + authors.length + venues.length === 0 && !years
  );
}

/** The words a search index should look for: the required words and the words of the required phrases. */
export function positiveQuery(topic: TopicQuery): string {
  return [...topic.words, ...topic.phrases].join(' ');
}

/** A paper's words as term sets, in order, stop words dropped. */
type TermSequence = ReadonlyArray<ReadonlySet<string>>;

function termSequence(text: string): TermSequence {
  return tokenize(text)
    .filter((t) => t.terms.length > 0)
    .map((t) => new Set(t.terms));
}

/**
 * A word of the topic matches a word of the paper when they share its main term; a hyphenated topic
 * word (`pre-training`) also matches its parts written apart (`pre training`).
 */
interface WordPattern {
  main: string;
  parts: readonly string[];
}

function wordPatterns(text: string): WordPattern[] {
  return tokenize(text)
    .filter((t) => t.terms.length > 0)
    .map((t) => ({ main: t.terms[0]!, parts: t.terms.slice(1) }));
}

function containsPhrase(sequence: TermSequence, phrase: readonly WordPattern[]): boolean {
  if (phrase.length === 0) return true;
  // Each phrase word is compared by main term only: a phrase asks for words in order, not their parts.
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!sequence[i + j]!.has(phrase[j]!.main)) continue outer;
    return true;
  }
  return false;
}

interface PaperTerms {
  sequence: TermSequence;
  all: ReadonlySet<string>;
  counts: ReadonlyMap<string, number>;
  title: ReadonlySet<string>;
  tags: ReadonlySet<string>;
}

function paperTerms(paper: Pick<Paper, 'title' | 'text' | 'tags'>): PaperTerms {
  const title = termSequence(paper.title);
  const tags = termSequence(paper.tags.map((t) => t.path.join(' ')).join(' \n '));
  const sequence = [...title, ...tags, ...termSequence(paper.text)];
  const counts = new Map<string, number>();
  for (const set of sequence) for (const term of set) counts.set(term, (counts.get(term) ?? 0) + 1);
  const flatten = (seq: TermSequence) => new Set(seq.flatMap((s) => [...s]));
  return { sequence, all: new Set(counts.keys()), counts, title: flatten(title), tags: flatten(tags) };
}

function hasWord(terms: PaperTerms, word: WordPattern): boolean {
  if (terms.all.has(word.main)) return true;
  return word.parts.length > 1 && word.parts.every((p) => terms.all.has(p));
}

/** Scores a paper against a topic: null when it does not match, else higher is better. */
export type TopicMatcher = (
  paper: Pick<Paper, 'title' | 'text' | 'tags'> & Partial<Pick<Paper, 'authors' | 'venue' | 'year'>>,
) => number | null;

/**
 * Compiles a topic into a matcher. A paper matches when it contains every word and phrase of the topic
 * (in its title, tags or text) and none of the excluded ones. The score favours title and tag hits, then
 * how often the words occur; it is what orders papers when no search index is at hand.
 * @example compileTopic(parseTopic('"neural network" -survey'))(paper) // 7.4, or null
 */
export function compileTopic(topic: TopicQuery): TopicMatcher {
  const words = topic.words.flatMap(wordPatterns);
  const phrases = topic.phrases.map(wordPatterns).filter((p) => p.length > 0);
  const excluded = topic.excluded.map(wordPatterns).filter((p) => p.length > 0);
  const scored = [...words, ...phrases.flat()];
  const facets = compileFacetFilter({ ...topic.filters, excluded: [] });
  return (paper) => {
    if (!facets({ authors: paper.authors ?? [], venue: paper.venue ?? null, year: paper.year ?? null })) return null;
    const terms = paperTerms(paper);
    if (!words.every((w) => hasWord(terms, w))) return null;
    if (!phrases.every((p) => containsPhrase(terms.sequence, p))) return null;
    for (const pattern of excluded) {
      const hit = pattern.length === 1 ? hasWord(terms, pattern[0]!) : containsPhrase(terms.sequence, pattern);
      if (hit) return null;
    }
    let score = 0;
    for (const w of scored) {
      score += (terms.title.has(w.main) ? 3 : 0) + (terms.tags.has(w.main) ? 2 : 0);
      score += Math.log1p(terms.counts.get(w.main) ?? 0);
    }
    return score;
  };
}
